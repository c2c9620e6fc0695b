// Python smtplib send_message with UTF-8 headers and an 8-bit body (RFC 6531, RFC 6532,
// RFC 6152), and a UTF-8 address without SMTPUTF8 (refused 553 5.6.7, RFC 6531 §3.5).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalserve, waitDelivered } from '../helpers/localserve.js';
import { runPython } from '../helpers/python.js';
import { have } from '../helpers/tools.js';

const skip = !have('python3') ? 'python3 not installed' : false;

const sendScript = `
import smtplib, sys
from email.message import EmailMessage
from email import policy
port, explicit = int(sys.argv[1]), sys.argv[2] == 'explicit'
msg = EmailMessage(policy=policy.SMTPUTF8)
# With non-ASCII addresses send_message adds SMTPUTF8 and BODY=8BITMIME itself; with ASCII
# addresses (UTF-8 only in display names and subject) the caller must pass them.
frm, to = ('jöran@example.org', 'ελένη@example.com') if not explicit else ('joran@example.org', 'eleni@example.com')
msg['From'] = 'Jöran Grüß <' + frm + '>'
msg['To'] = 'Ελένη <' + to + '>'
msg['Subject'] = 'Grüße aus Köln ✓ ' + sys.argv[2]
msg.set_content('Käse, Brötchen und Ölsardinen.\\n', cte='8bit')
s = smtplib.SMTP('127.0.0.1', port)
s.ehlo('client.example')
s.login('mox@localhost', 'moxmoxmox')
if explicit:
    r = s.send_message(msg, mail_options=['SMTPUTF8', 'BODY=8BITMIME'])
else:
    r = s.send_message(msg)
print('refused', r)
s.quit()
`;

test('smtplib send_message with policy SMTPUTF8: UTF-8 addresses and headers, 8-bit body, stored as sent', { skip }, async (t) => {
  const ls = await startLocalserve(t);
  const mails: string[] = [];
  ls.engine.bus.on('smtp.line', (e) => {
    if (e.dir === 'c' && /^MAIL /.test(e.text)) mails.push(e.text);
  });
  const acc = await ls.engine.store.account('mox');
  for (const mode of ['explicit', 'implicit']) {
    const delivered = waitDelivered(ls.engine, 1);
    const out = await runPython(sendScript, [String(ls.port('submission')), mode]);
    assert.match(out, /refused \{\}/, mode);
    await delivered;
    const [from, to] = mode === 'implicit' ? ['jöran@example.org', 'ελένη@example.com'] : ['joran@example.org', 'eleni@example.com'];
    const m = acc.messages(acc.mailbox('Inbox')!.id).at(-1)!;
    assert.equal(m.subject, `Grüße aus Köln ✓ ${mode}`);
    assert.equal(m.rcptTo, to);
    assert.equal(m.mailFrom, from);
    const raw = (await acc.readMessage(m.id)).toString('utf8');
    // RFC 6532: header fields carry raw UTF-8, no encoded words.
    assert.ok(raw.includes(`\r\nFrom: Jöran Grüß <${from}>\r\n`), raw);
    assert.ok(raw.includes(`\r\nTo: Ελένη <${to}>\r\n`), raw);
    assert.match(raw, new RegExp(`\\r\\nSubject: Grüße aus Köln ✓ ${mode}\\r\\n`));
    assert.match(raw, /\r\nContent-Transfer-Encoding: 8bit\r\n/);
    assert.match(raw, /\r\n\r\nKäse, Brötchen und Ölsardinen\.\r\n$/);
    assert.match(raw.replace(/\r\n\t/g, ' '), /via tcp with UTF8SMTPA id /);
  }
  assert.equal(mails.length, 2);
  for (const l of mails) {
    assert.match(l, /^MAIL FROM:<j(ö|o)ran@example\.org>/);
    assert.match(l, / SMTPUTF8\b/);
    assert.match(l, / BODY=8BITMIME\b/);
  }
});

const refuseScript = `
import smtplib, sys
port = int(sys.argv[1])
s = smtplib.SMTP('127.0.0.1', port)
s.ehlo('client.example')
s.login('mox@localhost', 'moxmoxmox')
# smtplib only switches its command encoding to UTF-8 with SMTPUTF8; force it to send the raw address.
s.command_encoding = 'utf-8'
try:
    s.sendmail('jöran@example.org', ['rcpt@example.com'], b'Subject: x\\r\\n\\r\\nx\\r\\n')
except smtplib.SMTPSenderRefused as e:
    print('mail', e.smtp_code, e.smtp_error.decode())
s.command_encoding = 'utf-8'  # reset to ASCII by the RSET after the refusal
try:
    s.sendmail('app@example.org', ['ελένη@example.com'], b'Subject: x\\r\\n\\r\\nx\\r\\n')
except smtplib.SMTPRecipientsRefused as e:
    for k, (code, text) in e.recipients.items():
        print('rcpt', code, text.decode())
code, text = s.noop()
print('noop', code)
s.quit()
`;

test('smtplib without SMTPUTF8: a UTF-8 address is refused with 553 5.6.7 at MAIL and at RCPT; the session goes on', { skip }, async (t) => {
  const ls = await startLocalserve(t);
  const out = await runPython(refuseScript, [String(ls.port('submission'))]);
  assert.match(out, /^mail 553 5\.6\.7 non-ascii address not permitted without smtputf8 \([A-Za-z0-9_-]{22}\)$/m, out);
  assert.match(out, /^rcpt 553 5\.6\.7 non-ascii address not permitted without smtputf8 \([A-Za-z0-9_-]{22}\)$/m, out);
  assert.match(out, /^noop 250$/m);
  const acc = await ls.engine.store.account('mox');
  assert.equal(acc.messages(acc.mailbox('Inbox')!.id).length, 0);
});
