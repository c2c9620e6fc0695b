// `mox webapi` as a process: the method list, example shapes, and calls with a request on stdin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { moxRun } from '../helpers/cli.js';

const mox = (args: string[], input = '') => moxRun(args, { input });
import { waitDelivered } from '../helpers/localserve.js';
import { webapiServer } from './harness.js';


test('mox webapi lists methods and prints example requests and responses', async () => {
  let r = await mox(['webapi']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'MessageDelete\nMessageFlagsAdd\nMessageFlagsRemove\nMessageGet\nMessageMove\nMessagePartGet\nMessageRawGet\nSend\nSuppressionAdd\nSuppressionList\nSuppressionPresent\nSuppressionRemove\n');
  r = await mox(['webapi', 'SuppressionPresent']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '# Example request\n\n\t{\n\t\t"EmailAddress": ""\n\t}\n\n# Example response\n\n\t{\n\t\t"Present": false\n\t}\n');
  r = await mox(['webapi', 'MessagePartGet']);
  assert.equal(r.stdout, '# Example request\n\n\t{\n\t\t"MsgID": 0,\n\t\t"PartPath": [\n\t\t\t0\n\t\t]\n\t}\n\nOutput is non-JSON data.\n');
  r = await mox(['webapi', 'Send']);
  assert.match(r.stdout, /\t\t"FutureRelease": "0001-01-01T00:00:00Z",\n/);
  r = await mox(['webapi', 'Bogus']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /unknown method "Bogus"/);
  // Help as Go mox: usage on stderr, exit code 2.
  r = await mox(['webapi', '--help']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^usage: mox webapi \[method \[baseurl-with-credentials\]\n/);
});

test('mox webapi <method> <baseurl> calls the method with the request from stdin', async (t) => {
  const s = await webapiServer(t);
  const url = `http://mox%40localhost:moxmoxmox@127.0.0.1:${s.port('http')}/webapi/v0/`;
  let r = await mox(['webapi', 'SuppressionAdd', url], '{"EmailAddress": "cli@example.com", "Reason": "from cli"}');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, 'reading request from stdin...\n');
  assert.equal(r.stdout, '{}\n');
  r = await mox(['webapi', 'SuppressionList', url], '{}');
  assert.equal(r.code, 0, r.stderr);
  const l = JSON.parse(r.stdout) as { Suppressions: { OriginalAddress: string; Reason: string }[] };
  assert.deepEqual(l.Suppressions.map((x) => [x.OriginalAddress, x.Reason]), [['cli@example.com', 'from cli']]);
  assert.match(r.stdout, /^\{\n\t"Suppressions": \[\n/, 'indented with tabs');
  // A webapi error: printed as JSON, exit code 1.
  r = await mox(['webapi', 'SuppressionAdd', url], '{"EmailAddress": "cli@example.com"}');
  assert.equal(r.code, 1);
  assert.deepEqual(JSON.parse(r.stdout), { Code: 'error', Message: 'not unique: "Account+BaseAddress"' });
  // The request is checked before it is sent.
  r = await mox(['webapi', 'SuppressionAdd', url], '{"Bogus": 1}');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /parsing request: json: unknown field "Bogus"/);
  // Non-JSON results are written as they are.
  const delivered = waitDelivered(s.engine, 1);
  await s.client.send({ To: [{ Name: '', Address: 'x@example.com' }], Text: 'raw' });
  await delivered;
  const acc = await s.engine.store.account('mox');
  const m = acc.messages(acc.mailbox('Inbox')!.id)[0]!;
  r = await mox(['webapi', 'MessageRawGet', url], JSON.stringify({ MsgID: m.id }));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, (await acc.readMessage(m.id)).toString());
  // Bad credentials: the HTTP status on stderr, exit code 1.
  r = await mox(['webapi', 'SuppressionList', url.replace('moxmoxmox', 'wrong')], '{}');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /http response 401\n401 - unauthorized - use http basic auth with email address as username\n$/);
});
