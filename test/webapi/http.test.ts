// The webapi's HTTP surface on a running localserve: paths, pages, auth and rate limiting,
// request decoding errors. Every bad request gets mox's code and a 4xx, never a 500.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { basic, curl, webapiServer } from './harness.js';
import { SmtpScript } from '../helpers/smtp-script.js';
import { have } from '../helpers/tools.js';

test('paths: redirects, index listing every method, method pages, 404 and 405 as mox', async (t) => {
  const s = await webapiServer(t);
  let r = await s.http('/webapi');
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/webapi/');
  r = await s.http('/webapi/');
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/webapi/v0/');
  r = await s.http('/webapi/', { method: 'POST' });
  assert.equal(r.status, 405);
  r = await s.http('/webapi/v0/');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(r.headers.get('x-frame-options'), 'deny');
  const links = [...r.text.matchAll(/<li><a href="(\w+)">/g)].map((m) => m[1]);
  assert.deepEqual(links, ['MessageDelete', 'MessageFlagsAdd', 'MessageFlagsRemove', 'MessageGet', 'MessageMove', 'MessagePartGet', 'MessageRawGet', 'Send', 'SuppressionAdd', 'SuppressionList', 'SuppressionPresent', 'SuppressionRemove']);
  r = await s.http('/webapi/v0/Send');
  assert.equal(r.status, 200);
  assert.match(r.text, /<textarea id="webapirequest" name="request"[^>]*>\{\n\t&#34;From&#34;: \[/);
  assert.match(r.text, /<h2>Response JSON<\/h2>/);
  r = await s.http('/webapi/v0/MessageRawGet');
  assert.match(r.text, /Method has a non-JSON response/);
  for (const p of ['/webapi/v0/Bogus', '/webapi/other/', '/webapi/v1/Send', '/webapi/v0/send']) {
    r = await s.http(p);
    assert.equal(r.status, 404, p);
  }
  r = await s.http('/webapi/v0/Bogus', { method: 'POST', headers: { Authorization: basic() } });
  assert.equal(r.status, 404, 'an unknown method is not found, also for POST');
  r = await s.http('/webapi/v0/Send', { method: 'PUT' });
  assert.equal(r.status, 405);
  // Not our path: the listener's other routes answer.
  r = await s.http('/webapixyz');
  assert.equal(r.status, 404);
  // The HTTP index page links the webapi as available.
  r = await s.http('/');
  assert.match(r.text, /<a href="\/webapi\/">webapi \(\/webapi\/\)<\/a><\/li>/);
});

test('auth: missing credentials 401 without counting; bad ones counted, then 429 for SMTP too; good ones work', async (t) => {
  const s = await webapiServer(t);
  for (let i = 0; i < 12; i++) {
    const r = await s.post('SuppressionList', {}, { auth: null });
    assert.equal(r.status, 401);
    assert.equal(r.headers.get('www-authenticate'), 'Basic realm=webapi');
    assert.equal(r.text, '401 - unauthorized - use http basic auth with email address as username\n');
  }
  let r = await s.post('SuppressionList', {});
  assert.equal(r.status, 200, 'missing credentials did not count toward the limit');
  assert.deepEqual(r.json(), { Suppressions: [] });
  r = await s.post('SuppressionList', {}, { auth: 'Basic !!!' });
  assert.equal(r.status, 401, 'malformed basic auth');
  // mox: 10 failures per minute from an IP; then every login is refused.
  for (let i = 0; i < 10; i++) {
    r = await s.post('SuppressionList', {}, { auth: basic(i % 2 ? 'nobody@localhost' : 'mox@localhost', 'wrong') });
    assert.equal(r.status, 401, `attempt ${i}`);
  }
  r = await s.post('SuppressionList', {}, { auth: basic() });
  assert.equal(r.status, 429);
  assert.equal(r.text, '429 - too many auth attempts\n');
  // The limiter is the one SMTP and IMAP use.
  const c = await SmtpScript.open(t, s.port('submission'));
  await c.expect(/^421 4\.7\.0 too many auth failures/);
});

test('a good login resets the failure count; the login address may carry a catchall tag', async (t) => {
  const s = await webapiServer(t);
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 5; i++) assert.equal((await s.post('SuppressionList', {}, { auth: basic(undefined, 'wrong') })).status, 401);
    assert.equal((await s.post('SuppressionList', {}, { auth: basic('mox+tag@localhost') })).status, 200);
  }
});

test('bad requests: mox error codes with status 400, never a server error', async (t) => {
  const s = await webapiServer(t);
  const expectError = async (r: Awaited<ReturnType<typeof s.post>>, code: string, msg: RegExp, label: string) => {
    assert.equal(r.status, 400, `${label}: ${r.text}`);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8', label);
    const e = r.json() as { Code: string; Message: string };
    assert.deepEqual(Object.keys(e), ['Code', 'Message'], label);
    assert.equal(e.Code, code, `${label}: ${e.Message}`);
    assert.match(e.Message, msg, label);
  };
  await expectError(await s.post('MessageGet', null, { contentType: '', body: 'request={}' }), 'protocol', /^unknown content-type $/, 'no content type');
  await expectError(await s.post('MessageGet', null, { contentType: 'text/plain', body: 'request={}' }), 'protocol', /^missing\/empty request$/, 'other content type');
  await expectError(await s.post('MessageGet', null, { body: 'other=1' }), 'protocol', /^missing\/empty request$/, 'no request field');
  await expectError(await s.post('MessageGet', '{"MsgID": 1'), 'protocol', /^parsing request: /, 'bad json');
  await expectError(await s.post('MessageGet', '[1]'), 'protocol', /^parsing request: json: cannot unmarshal array into Go value of type webapi.MessageGetRequest$/, 'not an object');
  await expectError(await s.post('MessageGet', { MsgID: 1, Extra: 1 }), 'protocol', /^parsing request: json: unknown field "Extra"$/, 'unknown field');
  await expectError(await s.post('MessageGet', { MsgID: '1' }), 'protocol', /^parsing request: json: cannot unmarshal string into Go struct field MessageGetRequest.MsgID of type int64$/, 'wrong type');
  await expectError(await s.post('Send', { To: [{ Address: 'a@b' }] }, { contentType: 'application/json', body: '{"To": "x"}' }), 'protocol', /cannot unmarshal string/, 'json body, wrong type');
  // Go's limit for url-encoded forms is 10 MiB.
  const big = 'request=' + encodeURIComponent(JSON.stringify({ To: [{ Address: 'a@b' }], Text: 'x'.repeat(11 << 20) }));
  await expectError(await s.post('Send', null, { body: big }), 'protocol', /^parsing form: http: POST too large$/, 'oversized');
  // The server still works.
  const ok = await s.post('SuppressionList', {});
  assert.equal(ok.status, 200);
  // Field names match case-insensitively, as Go's encoding/json.
  const r = await s.post('SuppressionPresent', { emailaddress: 'x@example.com' });
  assert.deepEqual(r.json(), { Present: false });
  // A JSON body works too (our extension).
  const j = await s.post('SuppressionPresent', null, { contentType: 'application/json', body: '{"EmailAddress": "x@example.com"}' });
  assert.deepEqual(j.json(), { Present: false });
});

test('curl: form field, JSON body, basic auth from --user', { skip: !have('curl') }, async (t) => {
  const s = await webapiServer(t);
  let r = await curl(['--user', 'mox@localhost:moxmoxmox', '--data', 'request={"EmailAddress": "a@example.com"}', `${s.base}SuppressionPresent`]);
  assert.equal(r.status, 200);
  assert.equal(r.body, '{"Present":false}\n');
  r = await curl(['--user', 'mox@localhost:moxmoxmox', '--json', '{"EmailAddress": "a@example.com", "Manual": true}', `${s.base}SuppressionAdd`]);
  assert.equal(r.status, 200);
  assert.equal(r.body, '{}\n');
  r = await curl(['--user', 'mox@localhost:moxmoxmox', '--form', 'request={"EmailAddress": "A@Example.com"}', `${s.base}SuppressionPresent`]);
  assert.equal(r.body, '{"Present":true}\n');
  r = await curl(['--user', 'mox@localhost:wrong', '--data', 'request={}', `${s.base}SuppressionList`]);
  assert.equal(r.status, 401);
});

test('the HTTPS listener serves the webapi too (self-signed localserve certificate, no SNI for https://127.0.0.1)', async (t) => {
  const s = await webapiServer(t);
  const body = 'request=' + encodeURIComponent('{"EmailAddress": "a@example.com"}');
  const r = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: s.port('https'),
        path: '/webapi/v0/SuppressionPresent',
        method: 'POST',
        rejectUnauthorized: false,
        headers: { Authorization: basic(), 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
  assert.equal(r.status, 200);
  assert.equal(r.text, '{"Present":false}\n');
});

test('an account with LoginDisabled is refused with mox text, counted as a failed login', async (t) => {
  const s = await webapiServer(t, { accountConf: ['LoginDisabled: account is suspended'] });
  const r = await s.post('SuppressionList', {});
  assert.equal(r.status, 401);
  assert.equal(r.text, '401 - unauthorized - login is disabled for this account\n');
  assert.equal((await s.post('SuppressionList', {}, { auth: basic(undefined, 'wrong') })).text, '401 - unauthorized - use http basic auth with email address as username\n');
});
