// Python smtplib as an independent SASL client for PLAIN, LOGIN and CRAM-MD5 (RFC 4616,
// draft-murchison-sasl-login, RFC 2195) on every submission transport of localserve.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalserve, waitDelivered } from '../helpers/localserve.js';
import { runPython } from '../helpers/python.js';
import { have } from '../helpers/tools.js';

const skip = !have('python3') ? 'python3 not installed' : false;

// Prints one line per attempt: "<mode> <mech> <initial> <password> -> <code> <text>".
const script = `
import smtplib, ssl, sys
mode, port = sys.argv[1], int(sys.argv[2])
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE

def connect():
    if mode == 'ssl':
        s = smtplib.SMTP_SSL('127.0.0.1', port, context=ctx)
    else:
        s = smtplib.SMTP('127.0.0.1', port)
    s.ehlo('client.example')
    if mode == 'starttls':
        s.starttls(context=ctx)
        s.ehlo('client.example')
    return s

for mech, fn in (('PLAIN', 'auth_plain'), ('LOGIN', 'auth_login'), ('CRAM-MD5', 'auth_cram_md5')):
    for initial in (True, False):
        for password in ('moxmoxmox', 'wrong'):
            s = connect()
            s.user, s.password = 'mox@localhost', password
            try:
                code, text = s.auth(mech, getattr(s, fn), initial_response_ok=initial)
            except smtplib.SMTPAuthenticationError as e:
                code, text = e.smtp_code, e.smtp_error
            print(mode, mech, initial, password, '->', code, text.decode())
            s.close()

# login() picks the strongest of its mechanisms the server offers (CRAM-MD5), then sends mail.
s = connect()
code, text = s.login('mox@localhost', 'moxmoxmox')
print(mode, 'login', '->', code, text.decode())
print(mode, 'refused', s.sendmail('app@example.org', ['rcpt@example.com'], b'Subject: smtplib sasl ' + mode.encode() + b'\\r\\n\\r\\nhi\\r\\n'))
s.quit()
`;

test('python smtplib: PLAIN, LOGIN and CRAM-MD5, with and without initial response, on plain/STARTTLS/implicit TLS; wrong password 535 5.7.8', { skip }, async (t) => {
  const ls = await startLocalserve(t);
  const failures: string[] = [];
  ls.engine.bus.on('smtp.authFailed', (e) => failures.push(e.mechanism));
  for (const [mode, port] of [
    ['plain', ls.port('submission')],
    ['starttls', ls.port('submission')],
    ['ssl', ls.port('submissions')],
  ] as const) {
    const delivered = waitDelivered(ls.engine, 1);
    const out = await runPython(script, [mode, String(port)]);
    const lines = out.trim().split('\n');
    for (const mech of ['PLAIN', 'LOGIN', 'CRAM-MD5']) {
      for (const initial of ['True', 'False']) {
        const ok = lines.find((l) => l.startsWith(`${mode} ${mech} ${initial} moxmoxmox -> `));
        assert.match(ok ?? '', / -> 235 2\.7\.0 nice$/, `${mode} ${mech} ${initial}:\n${out}`);
        const bad = lines.find((l) => l.startsWith(`${mode} ${mech} ${initial} wrong -> `));
        assert.match(bad ?? '', / -> 535 5\.7\.8 bad user\/pass \([A-Za-z0-9_-]{22}\)$/, `${mode} ${mech} ${initial}:\n${out}`);
      }
    }
    assert.match(out, new RegExp(`^${mode} login -> 235 2\\.7\\.0 nice$`, 'm'));
    assert.match(out, new RegExp(`^${mode} refused \\{\\}$`, 'm'));
    await delivered;
  }
  // Each wrong password was a counted failure (6 per mode; the limiter allows 10 a minute
  // per IP, but good logins in between reset the count).
  assert.equal(failures.length, 18);
  const acc = await ls.engine.store.account('mox');
  const subjects = acc.messages(acc.mailbox('Inbox')!.id).map((m) => m.subject);
  assert.deepEqual(subjects.sort(), ['smtplib sasl plain', 'smtplib sasl ssl', 'smtplib sasl starttls']);
});
