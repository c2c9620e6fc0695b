// Python's imaplib against the server: STARTTLS, LOGIN, SELECT, FETCH, SEARCH, STORE, EXPUNGE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { message, PASS, startServer, USER } from './helpers.js';

const hasPython = spawnSync('python3', ['-c', 'import imaplib, ssl'], { stdio: 'ignore' }).status === 0;

const script = `
import imaplib, ssl, sys, json
port, user, pw = int(sys.argv[1]), sys.argv[2], sys.argv[3]
out = {}
m = imaplib.IMAP4('127.0.0.1', port)
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
m.starttls(ssl_context=ctx)
out['login'] = m.login(user, pw)[0]
typ, data = m.select('INBOX')
out['exists'] = data[0].decode()
typ, data = m.fetch('1:2', '(UID FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])')
out['subjects'] = [d[1].decode().strip() for d in data if isinstance(d, tuple)]
typ, data = m.fetch('1', '(RFC822)')
out['rfc822'] = data[0][1].decode()
typ, data = m.search(None, 'SUBJECT', '"message 2"')
out['search'] = data[0].decode()
typ, data = m.store('1', '+FLAGS', '(\\\\Deleted)')
out['store'] = data[0].decode()
typ, data = m.expunge()
out['expunge'] = [d.decode() for d in data]
typ, data = m.uid('SEARCH', None, 'ALL')
out['uids'] = data[0].decode()
m.close()
m.logout()
print(json.dumps(out))
`;

test('python imaplib: STARTTLS, LOGIN, SELECT, FETCH, SEARCH, STORE, EXPUNGE', { skip: !hasPython && 'python3 not available' }, async (t) => {
  const srv = await startServer(t, { requireTlsForAuth: true });
  await srv.deliver(message(1));
  await srv.deliver(message(2));
  const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const p = spawn('python3', ['-c', script, String(srv.port), USER, PASS]);
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.equal(out.login, 'OK');
  assert.equal(out.exists, '2');
  assert.deepEqual(out.subjects, ['Subject: message 1', 'Subject: message 2']);
  assert.match(out.rfc822 as string, /^From: Alice <alice@example.org>\r\n[\s\S]*body of message 1\r\n$/);
  assert.equal(out.search, '2');
  assert.match(out.store as string, /^1 \(UID 1 FLAGS \(\\Seen \\Deleted\)\)$/);
  assert.deepEqual(out.expunge, ['1']);
  assert.equal(out.uids, '2');
});
