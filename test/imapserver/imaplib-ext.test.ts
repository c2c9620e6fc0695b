// Python's imaplib (an independent client, raw commands where it has no API) against
// SAVEDATE (RFC 8514), PREVIEW (RFC 8970), REPLACE (RFC 8508) and MULTISEARCH (RFC 7377).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { runPython } from '../helpers/python.js';
import { message, PASS, startServer, USER } from './helpers.js';

const hasPython = spawnSync('python3', ['-c', 'import imaplib'], { stdio: 'ignore' }).status === 0;

const script = `
import imaplib, sys, json
port, user, pw = int(sys.argv[1]), sys.argv[2], sys.argv[3]
imaplib.Commands['REPLACE'] = ('SELECTED',)
imaplib.Commands['ESEARCH'] = ('AUTH', 'SELECTED')
out = {}
m = imaplib.IMAP4('127.0.0.1', port)
m.login(user, pw)
out['caps'] = sorted(c for c in m.capabilities if c in ('SAVEDATE', 'PREVIEW', 'REPLACE', 'MULTISEARCH', 'INPROGRESS', 'COMPRESS=DEFLATE'))
m.select('INBOX')
typ, data = m.fetch('1', '(SAVEDATE PREVIEW)')
out['fetch'] = [x.decode() if isinstance(x, bytes) else [y.decode() for y in x] for x in data]
typ, data = m.uid('SEARCH', 'SAVEDSINCE', '1-Jan-2020')
out['savedsince'] = data[0].decode()
typ, data = m.uid('SEARCH', 'SAVEDBEFORE', '1-Jan-2020')
out['savedbefore'] = data[0].decode()
m.literal = b'Subject: new draft\\r\\n\\r\\nreplaced body\\r\\n'
typ, data = m._simple_command('REPLACE', '1', 'Drafts', '(\\\\Draft)')
out['replace'] = typ
out['replace_ok'] = [x.decode() for x in m.untagged_responses.pop('OK', [])]
out['replace_expunge'] = [x.decode() for x in m.untagged_responses.pop('EXPUNGE', [])]
typ, data = m._simple_command('ESEARCH', 'IN', '(PERSONAL)', 'RETURN', '(COUNT)', 'ALL')
typ, data = m._untagged_response(typ, data, 'ESEARCH')
out['esearch'] = sorted(x.decode() for x in data)
m.logout()
print(json.dumps(out))
`;

test('python imaplib: SAVEDATE, PREVIEW, REPLACE, ESEARCH IN (PERSONAL)', { skip: !hasPython && 'python3 not available' }, async (t) => {
  const srv = await startServer(t);
  await srv.deliver('From: a@example.org\nSubject: hi\n\nHello there.\n> quoted\n');
  await srv.deliver(message(2));
  await srv.deliver(message(3), 'Archive');
  const out = JSON.parse(await runPython(script, [String(srv.port), USER, PASS])) as Record<string, unknown>;
  assert.deepEqual(out.caps, ['COMPRESS=DEFLATE', 'INPROGRESS', 'MULTISEARCH', 'PREVIEW', 'REPLACE', 'SAVEDATE']);
  const fetch = out.fetch as [string[], string];
  assert.match(fetch[0]![0]!, /^1 \(UID 1 SAVEDATE "[ \d]\d-\w{3}-\d{4} \d\d:\d\d:\d\d \+0000" PREVIEW \{18\}$/);
  assert.equal(fetch[0]![1], 'Hello there.\n[...]');
  assert.equal(out.savedsince, '1 2');
  assert.equal(out.savedbefore, '');
  assert.equal(out.replace, 'OK');
  const drafts = srv.account.mailbox('Drafts')!;
  assert.deepEqual(out.replace_ok, [`[APPENDUID ${drafts.uidValidity} 1] Replacement Message ready`]);
  assert.deepEqual(out.replace_expunge, ['1']);
  const uv = (name: string) => srv.account.mailbox(name)!.uidValidity;
  // The tag is imaplib's; the rest is ours.
  const esearch = (out.esearch as string[]).map((l) => l.replace(/^\(TAG "[^"]+"/, '(TAG "t"'));
  assert.deepEqual(esearch, [
    `(TAG "t" MAILBOX Archive UIDVALIDITY ${uv('Archive')}) UID COUNT 1`,
    `(TAG "t" MAILBOX Drafts UIDVALIDITY ${uv('Drafts')}) UID COUNT 1`,
    `(TAG "t" MAILBOX Inbox UIDVALIDITY ${uv('Inbox')}) UID COUNT 1`,
  ]);
});
