import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalserve, waitDelivered } from '../helpers/localserve.js';
import { runPython } from '../helpers/python.js';

const script = `
import smtplib, ssl, sys
from email.message import EmailMessage
mode, port = sys.argv[1], int(sys.argv[2])
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
msg = EmailMessage()
msg['From'] = 'Sender <sender@example.org>'
msg['To'] = 'rcpt@example.com'
msg['Subject'] = 'smtplib ' + mode
msg.set_content('hello from python')
if mode == 'ssl':
    s = smtplib.SMTP_SSL('127.0.0.1', port, context=ctx)
else:
    s = smtplib.SMTP('127.0.0.1', port)
    s.ehlo('client.example')
    if mode == 'starttls':
        s.starttls(context=ctx)
        s.ehlo('client.example')
if mode != 'incoming':
    s.login('mox@localhost', 'moxmoxmox')
refused = s.send_message(msg)
print('refused', refused)
code, text = s.noop()
print('noop', code)
s.quit()
`;

test('python smtplib: submission plain, STARTTLS and implicit TLS with LOGIN; incoming without auth', async (t) => {
  const { engine, port } = await startLocalserve(t);
  const acc = await engine.store.account('mox');
  for (const [mode, p] of [
    ['plain', port('submission')],
    ['starttls', port('submission')],
    ['ssl', port('submissions')],
    ['incoming', port('smtp')],
  ] as const) {
    const delivered = waitDelivered(engine, 1);
    const out = await runPython(script, [mode, String(p)]);
    assert.match(out, /refused \{\}/, mode);
    assert.match(out, /noop 250/, mode);
    await delivered;
    const subjects = acc.messages(acc.mailbox('Inbox')!.id).map((m) => m.subject);
    assert.ok(subjects.includes(`smtplib ${mode}`), `${mode}: ${subjects.join(', ')}`);
  }
});

test('incoming SMTP accepts any recipient at any domain (catchall to mox), without DNS', async (t) => {
  const { engine, port } = await startLocalserve(t);
  const acc = await engine.store.account('mox');
  const delivered = waitDelivered(engine, 2);
  const out = await runPython(
    `
import smtplib, sys
s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]))
r = s.sendmail('bounce@unknown-domain.invalid', ['whoever@nowhere.example', 'x@localhost'], b'Subject: catchall\\r\\n\\r\\nbody\\r\\n')
print('refused', r)
s.quit()
`,
    [String(port('smtp'))],
  );
  assert.match(out, /refused \{\}/);
  await delivered;
  const msgs = acc.messages(acc.mailbox('Inbox')!.id);
  assert.deepEqual(msgs.map((m) => m.rcptTo).sort(), ['whoever@nowhere.example', 'x@localhost']);
  assert.ok(msgs.every((m) => m.mailFrom === 'bounce@unknown-domain.invalid'));
});
