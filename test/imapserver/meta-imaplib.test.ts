// Python's imaplib against QUOTA (its getquotaroot/getquota) and METADATA / LIST-METADATA
// (raw commands through _simple_command, which imaplib has no helpers for).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { PASS, startServer, USER } from './helpers.js';

const hasPython = spawnSync('python3', ['-c', 'import imaplib'], { stdio: 'ignore' }).status === 0;

const script = `
import imaplib, sys, json
port, user, pw = int(sys.argv[1]), sys.argv[2], sys.argv[3]
imaplib.Commands.setdefault('GETMETADATA', ('AUTH', 'SELECTED'))
imaplib.Commands.setdefault('SETMETADATA', ('AUTH', 'SELECTED'))
out = {}
m = imaplib.IMAP4('127.0.0.1', port)
m.login(user, pw)
out['caps'] = [c for c in m.capabilities if c in ('QUOTA', 'QUOTA=RES-STORAGE', 'METADATA', 'LIST-METADATA')]
typ, data = m.getquotaroot('INBOX')
out['quotaroot'] = [typ] + [[x.decode() for x in d] for d in data]
typ, data = m.getquota('""')
out['quota'] = [typ, [x.decode() for x in data]]
typ, data = m._simple_command('SETMETADATA', 'INBOX', '(/private/comment "from python" /shared/color "#ff0000")')
out['set'] = typ
typ, data = m._simple_command('GETMETADATA', '(DEPTH 1)', 'INBOX', '(/private /shared)')
out['get'] = [typ, [x.decode() for x in m._untagged_response(typ, data, 'METADATA')[1]]]
typ, data = m._simple_command('SETMETADATA', 'nosuchbox', '(/private/comment "x")')
out['trycreate'] = [typ, data[0].decode()]
typ, data = m.list('""', 'INBOX RETURN (METADATA (/shared/color /private/none))')
meta = m.untagged_responses.pop('METADATA', [])
out['list'] = [typ, [x.decode() for x in data], [x.decode() for x in meta]]
m.logout()
print(json.dumps(out))
`;

test('python imaplib: GETQUOTAROOT, GETQUOTA, SETMETADATA, GETMETADATA, LIST RETURN METADATA', { skip: !hasPython && 'python3 not available' }, async (t) => {
  const srv = await startServer(t, { quota: () => 1024 * 1024 });
  await srv.deliver(`Subject: hi\r\n\r\n${'x'.repeat(2000)}\r\n`);
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
  assert.deepEqual(out.caps, ['QUOTA', 'QUOTA=RES-STORAGE', 'METADATA', 'LIST-METADATA']);
  assert.deepEqual(out.quotaroot, ['OK', ['Inbox ""'], ['"" (STORAGE 2 1024)']]);
  assert.deepEqual(out.quota, ['OK', ['"" (STORAGE 2 1024)']]);
  assert.equal(out.set, 'OK');
  assert.deepEqual(out.get, ['OK', ['Inbox (/private/comment "from python" /shared/color "#ff0000")']]);
  assert.deepEqual(out.trycreate, ['NO', '[TRYCREATE] mailbox does not exist']);
  assert.deepEqual(out.list, ['OK', ['(\\HasNoChildren) "/" Inbox'], ['Inbox (/shared/color "#ff0000" /private/none NIL)']]);
});
