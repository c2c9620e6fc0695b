import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SmtpScript } from '../helpers/smtp-script.js';
import { startSmtp } from '../helpers/smtp-listener.js';

const authPlain = Buffer.from('\0mox@localhost\0moxmoxmox').toString('base64');
const id = '\\([A-Za-z0-9_-]{22}\\)$';

test('EHLO on submission lists the extensions in mox order', async (t) => {
  const { port } = await startSmtp(t);
  const c = await SmtpScript.open(t, port);
  await c.expect(/^220 mox\.example ESMTP mox$/);
  c.send('EHLO client.example');
  const r = await c.expect(/^250-mox\.example\n/);
  const ext = r.split('\n').map((l) => l.slice(4));
  assert.deepEqual(ext.map((e) => e.split(' ')[0]), ['mox.example', 'PIPELINING', 'SIZE', 'STARTTLS', 'AUTH', 'FUTURERELEASE', 'ENHANCEDSTATUSCODES', '8BITMIME', 'LIMITS', 'SMTPUTF8']);
  assert.equal(ext[2], 'SIZE 10000');
  assert.equal(ext[4], 'AUTH SCRAM-SHA-256-PLUS SCRAM-SHA-256 SCRAM-SHA-1-PLUS SCRAM-SHA-1 CRAM-MD5 PLAIN LOGIN');
  assert.match(ext[5]!, /^FUTURERELEASE 5184000 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(ext[8], 'LIMITS RCPTMAX=5');
  c.send('HELO client.example');
  await c.expect(/^250 mox\.example$/);
});

test('incoming SMTP: no AUTH or FUTURERELEASE; AUTH refused', async (t) => {
  const { port } = await startSmtp(t, { service: 'smtp' });
  const c = await SmtpScript.open(t, port);
  await c.reply();
  c.send('EHLO client.example');
  const r = await c.reply();
  assert.doesNotMatch(r, /AUTH|FUTURERELEASE/);
  c.send('AUTH PLAIN ' + authPlain);
  await c.expect(new RegExp(`^503 5\\.5\\.1 authentication only allowed on submission ports ${id}`));
});

test('sequence and syntax errors get 503/501/500 with enhanced codes; the session goes on', async (t) => {
  const { port, submitted } = await startSmtp(t);
  const c = await SmtpScript.open(t, port);
  await c.reply();
  c.send('MAIL FROM:<a@b.example>');
  await c.expect(new RegExp(`^503 5\\.5\\.1 no ehlo/helo yet ${id}`));
  c.send('EHLO client.example');
  await c.reply();
  c.send('MAIL FROM:<a@b.example>');
  await c.expect(new RegExp(`^530 5\\.7\\.0 authentication required ${id}`));
  c.send('AUTH PLAIN ' + authPlain);
  await c.expect(/^235 2\.7\.0 nice$/);
  c.send('RCPT TO:<x@y.example>');
  await c.expect(new RegExp(`^503 5\\.5\\.1 missing MAIL FROM ${id}`));
  c.send('DATA');
  await c.expect(new RegExp(`^503 5\\.5\\.1 missing MAIL FROM ${id}`));
  c.send('MAIL FROM:a@b.example');
  await c.expect(new RegExp(`^501 5\\.5\\.4 bad syntax: .* ${id}`));
  c.send('MAIL FROM:<a@b.example> BOGUS=1');
  await c.expect(new RegExp(`^555 5\\.3\\.3 unrecognized parameter "BOGUS" ${id}`));
  c.send('MAIL FROM:<a@b.example> SIZE=999999');
  await c.expect(new RegExp(`^552 5\\.2\\.3 message too large ${id}`));
  // Invalid UTF-8: as arguments a syntax error, as a verb an unknown command.
  c.send(Buffer.from([0x4d, 0x41, 0x49, 0x4c, 0x20, 0xff, 0xfe]));
  await c.expect(new RegExp(`^501 5\\.5\\.4 bad syntax: .* ${id}`));
  c.send(Buffer.from([0xff, 0xfe, 0x20, 0x41]));
  await c.expect(/^500 5\.5\.1 unknown command/);
  c.send('MAIL FROM:<\u00e9@b.example>');
  await c.expect(new RegExp(`^553 5\\.6\\.7 non-ascii address not permitted without smtputf8 ${id}`));
  c.send('MAIL FROM:<a@b.example>');
  await c.expect(/^250 2\.1\.0 looking good$/);
  c.send('MAIL FROM:<a@b.example>');
  await c.expect(/^503 5\.5\.1 already have MAIL/);
  c.send('DATA');
  await c.expect(/^503 5\.5\.1 missing RCPT TO/);
  for (let i = 0; i < 5; i++) {
    c.send(`RCPT TO:<r${i}@y.example>`);
    await c.expect(/^250 2\.1\.0 now on the list$/);
  }
  c.send('RCPT TO:<r6@y.example>');
  await c.expect(/^452 4\.5\.3 max of 5 recipients reached/);
  c.send('XYZZY');
  await c.expect(/^500 5\.5\.1 unknown command/);
  c.send('NOOP');
  await c.expect(/^250 2\.0\.0 alrighty$/);
  c.send('RSET');
  await c.expect(/^250 2\.0\.0 all clear$/);
  c.send('VRFY someone');
  await c.expect(/^252 2\.7\.0 /);
  c.send('QUIT');
  await c.expect(/^221 2\.0\.0 okay thanks bye$/);
  await c.closed();
  assert.equal(submitted.length, 0);
});

test('an unknown first command closes the connection, as mox', async (t) => {
  const { port } = await startSmtp(t);
  const c = await SmtpScript.open(t, port);
  await c.reply();
  c.send('GET / HTTP/1.1');
  await c.expect(/^500 5\.5\.2 please try again speaking smtp$/);
  await c.closed();
});

test('a whole pipelined transaction in one write gets all replies, the message is queued once', async (t) => {
  const { port, submitted } = await startSmtp(t);
  const c = await SmtpScript.open(t, port);
  await c.reply();
  c.write(
    [
      'EHLO client.example',
      'AUTH PLAIN ' + authPlain,
      'MAIL FROM:<app@example.org> BODY=8BITMIME SMTPUTF8',
      'RCPT TO:<a@example.com>',
      'RCPT TO:<b@example.com>',
      'DATA',
      'Subject: pipelined',
      '',
      '..dot',
      '.',
      'QUIT',
      '',
    ].join('\r\n'),
  );
  await c.expect(/^250-/);
  await c.expect(/^235 /);
  await c.expect(/^250 2\.1\.0/);
  await c.expect(/^250 2\.1\.0/);
  await c.expect(/^250 2\.1\.0/);
  await c.expect(/^354 /);
  await c.expect(/^250 2\.2\.0 it is done$/);
  await c.expect(/^221 /);
  assert.equal(submitted.length, 1);
  const s = submitted[0]!;
  assert.equal(s.data.toString(), 'Subject: pipelined\r\n\r\n.dot\r\n');
  assert.deepEqual(s.rcpts.map((r) => `${r.localpart}@${r.ipdomain.domain!.ascii}`), ['a@example.com', 'b@example.com']);
  assert.match(s.prefix.toString(), /^Received: .*\r\nMessage-Id: <[A-Za-z0-9_-]{22}@mox\.example>\r\nDate: .*\r\nAuthentication-Results: mox\.example;\r\n\tauth=pass smtp\.mailfrom=app@example\.org\r\n$/s);
});

test('too-large DATA is read to the end, refused with 552, and the session continues; bare LF refused', async (t) => {
  const { port, submitted } = await startSmtp(t);
  const c = await SmtpScript.open(t, port);
  await c.reply();
  const tx = (body: string) => {
    c.write(['MAIL FROM:<a@b.example>', 'RCPT TO:<x@y.example>', 'DATA', ''].join('\r\n'));
    return (async () => {
      await c.expect(/^250 /);
      await c.expect(/^250 /);
      await c.expect(/^354 /);
      c.write(body);
      return c.reply();
    })();
  };
  c.send('EHLO client.example');
  await c.reply();
  c.send('AUTH PLAIN ' + authPlain);
  await c.reply();
  const big = 'Subject: big\r\n\r\n' + ('x'.repeat(99) + '\r\n').repeat(200) + '.\r\n';
  assert.match(await tx(big), new RegExp(`^552 5\\.2\\.3 message too large ${id}`));
  assert.match(await tx('Subject: bare\r\n\r\nline\nsmuggled\r\n.\r\n'), /^500 5\.5\.2 invalid bare \\r or \\n, may be smtp smuggling/);
  assert.match(await tx('Subject: ok\r\n\r\nfine\r\n.\r\n'), /^250 2\.2\.0 it is done$/);
  assert.equal(submitted.length, 1);
});

test('a line over 2048 bytes: 500 and close; the server keeps serving', async (t) => {
  const { port } = await startSmtp(t);
  const c = await SmtpScript.open(t, port);
  await c.reply();
  c.send('NOOP ' + 'x'.repeat(3000));
  await c.expect(/^500 5\.5\.0 line too long/);
  await c.closed();
  const c2 = await SmtpScript.open(t, port);
  await c2.expect(/^220 /);
});

test('a client that disconnects mid-DATA stores nothing and the server stays up', async (t) => {
  const { port, submitted, listener } = await startSmtp(t);
  const c = await SmtpScript.open(t, port);
  await c.reply();
  c.write(['EHLO x.example', 'AUTH PLAIN ' + authPlain, 'MAIL FROM:<a@b.example>', 'RCPT TO:<x@y.example>', 'DATA', 'Subject: half', '', 'partial body'].join('\r\n'));
  for (let i = 0; i < 5; i++) await c.reply();
  c.socket.destroy();
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(submitted.length, 0);
  assert.equal(listener.connections, 0);
  const c2 = await SmtpScript.open(t, port);
  await c2.expect(/^220 /);
});

test('shutdown tells idle clients 421 and closes', async (t) => {
  const { port, listener } = await startSmtp(t);
  const c = await SmtpScript.open(t, port);
  await c.reply();
  c.send('EHLO x.example');
  await c.reply();
  const start = Date.now();
  const closing = listener.close(2000);
  await c.expect(/^421 4\.3\.2 shutting down/);
  await c.closed();
  await closing;
  assert.ok(Date.now() - start < 2500);
});

test('a client over its connection limit gets 421 4.7.0 and is closed', async (t) => {
  const { port } = await startSmtp(t, {}, undefined, { connectionOpened: () => ({ ok: false, reason: 'count' }) });
  const c = await SmtpScript.open(t, port);
  await c.expect(/^421 4\.7\.0 too many open connections from your ip or network$/);
  await c.closed();
});

test('idle clients get 421 4.4.2 and are disconnected (RFC 5321 §4.5.3.2.7)', async (t) => {
  const { port } = await startSmtp(t, { idleTimeoutMs: 200 });
  const c = await SmtpScript.open(t, port);
  await c.expect(/^220 /);
  await c.expect(/^421 4\.4\.2 timeout, closing connection$/);
  await c.closed();
});

test('TLS required where configured: incoming MAIL 530 5.7.0 before STARTTLS; submission AUTH 538 5.7.11', async (t) => {
  const smtp = await startSmtp(t, { service: 'smtp', requireTlsForMail: true });
  const c = await SmtpScript.open(t, smtp.port);
  await c.reply();
  c.send('EHLO client.example');
  await c.reply();
  c.send('MAIL FROM:<a@b.example>');
  await c.expect(new RegExp(`^530 5\\.7\\.0 STARTTLS required for mail delivery ${id}`));
  await c.starttls();
  c.send('EHLO client.example');
  await c.reply();
  c.send('MAIL FROM:<a@b.example>');
  await c.expect(/^250 /);
  const sub = await startSmtp(t, { requireTlsForAuth: true });
  const s = await SmtpScript.open(t, sub.port);
  await s.reply();
  s.send('EHLO client.example');
  const ehlo = await s.reply();
  assert.match(ehlo, /\n250-AUTH\n/, 'no mechanisms before TLS');
  s.send('AUTH PLAIN ' + authPlain);
  await s.expect(new RegExp(`^538 5\\.7\\.11 authentication requires tls ${id}`));
  await s.starttls();
  s.send('EHLO client.example');
  assert.match(await s.reply(), /\n250-AUTH SCRAM-SHA-256-PLUS /);
  s.send('AUTH PLAIN ' + authPlain);
  await s.expect(/^235 /);
});
