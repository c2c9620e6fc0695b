import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SmtpScript } from '../helpers/smtp-script.js';
import { startSmtp } from '../helpers/smtp-listener.js';

const authPlain = Buffer.from('\0mox@localhost\0moxmoxmox').toString('base64');
const id = '\\([A-Za-z0-9_-]{22}\\)$';

async function session(t: Parameters<typeof SmtpScript.open>[0], port: number, tls = false): Promise<SmtpScript> {
  const c = await SmtpScript.open(t, port);
  await c.reply();
  c.send('EHLO client.example');
  await c.reply();
  if (tls) {
    await c.starttls();
    c.send('EHLO client.example');
    await c.reply();
  }
  c.send('AUTH PLAIN ' + authPlain);
  await c.expect(/^235 /);
  return c;
}

async function send(c: SmtpScript, mail: string, rcpt: string, body: string): Promise<string> {
  c.send(mail);
  const m = await c.reply();
  if (!m.startsWith('250')) return m;
  c.send(rcpt);
  const r = await c.reply();
  if (!r.startsWith('250')) return r;
  c.send('DATA');
  await c.expect(/^354 /);
  c.write(body + '.\r\n');
  return c.reply();
}

test('X-Mox-Extra-* headers become the queue\'s Extra data and are removed from the message; a key twice is refused', async (t) => {
  const { port, submitted } = await startSmtp(t);
  const c = await session(t, port);
  const body = 'X-Mox-Extra-Order-Id: 123\r\nSubject: extra\r\nx-mox-extra-customer:\r\n abc\r\n\r\nbody\r\n';
  assert.match(await send(c, 'MAIL FROM:<a@b.example>', 'RCPT TO:<x@y.example>', body), /^250 /);
  assert.deepEqual(submitted[0]!.extra, { 'Order-Id': '123', Customer: 'abc' });
  assert.equal(submitted[0]!.data.toString(), 'Subject: extra\r\n\r\nbody\r\n');
  const dup = 'X-Mox-Extra-A: 1\r\nx-mox-extra-a: 2\r\n\r\nbody\r\n';
  assert.match(await send(c, 'MAIL FROM:<a@b.example>', 'RCPT TO:<x@y.example>', dup), new RegExp(`^554 5\\.6\\.0 duplicate x-mox-extra- key "A" ${id}`));
  assert.equal(submitted.length, 1);
});

test('SMTPUTF8 (RFC 6531): UTF-8 addresses need it; a UTF-8 header without it is refused in pedantic mode', async (t) => {
  const { port, submitted } = await startSmtp(t);
  const c = await session(t, port);
  assert.match(await send(c, 'MAIL FROM:<a@b.example>', 'RCPT TO:<jöran@example.com>', 'S: x\r\n\r\nx\r\n'), /^553 5\.6\.7 /);
  c.send('RSET');
  await c.reply();
  const utf8 = 'Subject: grüße\r\nFrom: jöran@example.com\r\n\r\nhej\r\n';
  assert.match(await send(c, 'MAIL FROM:<a@b.example> BODY=8BITMIME', 'RCPT TO:<x@y.example>', utf8), new RegExp(`^550 5\\.6\\.0 smtputf8 extension is required but was not added to the MAIL command ${id}`));
  assert.match(await send(c, 'MAIL FROM:<a@b.example> BODY=8BITMIME SMTPUTF8', 'RCPT TO:<jöran@bücher.example>', utf8), /^250 2\.2\.0/);
  const s = submitted[0]!;
  assert.equal(s.smtputf8, true);
  assert.equal(s.rcpts[0]!.localpart, 'jöran');
  assert.equal(s.rcpts[0]!.ipdomain.domain!.ascii, 'xn--bcher-kva.example');
  assert.match(s.prefix.toString().replace(/\r\n\t/g, ' '), /with UTF8SMTPA /);
  // Asked for but not needed: queued without SMTPUTF8 so any next hop can take it.
  assert.match(await send(c, 'MAIL FROM:<a@b.example> SMTPUTF8', 'RCPT TO:<x@y.example>', 'Subject: plain\r\n\r\nx\r\n'), /^250 /);
  assert.equal(submitted[1]!.smtputf8, false);
  // 8-bit data needs BODY=8BITMIME on submission in pedantic mode (RFC 6152).
  assert.match(await send(c, 'MAIL FROM:<a@b.example> SMTPUTF8', 'RCPT TO:<x@y.example>', 'Subject: ü\r\n\r\nx\r\n'), /^500 5\.6\.0 message with non-us-ascii requires 8bitmime extension/);
});

test('REQUIRETLS (RFC 8689) only on TLS and recorded; TLS-Required: No recorded as false; default null', async (t) => {
  const { port, submitted } = await startSmtp(t);
  const plain = await session(t, port);
  assert.match(await send(plain, 'MAIL FROM:<a@b.example> REQUIRETLS', 'RCPT TO:<x@y.example>', 'S: x\r\n\r\nx\r\n'), new RegExp(`^523 5\\.7\\.10 requiretls only allowed on tls-encrypted connections ${id}`));
  const c = await session(t, port, true);
  assert.match(await send(c, 'MAIL FROM:<a@b.example> REQUIRETLS', 'RCPT TO:<x@y.example>', 'S: x\r\n\r\nx\r\n'), /^250 /);
  assert.match(await send(c, 'MAIL FROM:<a@b.example>', 'RCPT TO:<x@y.example>', 'TLS-Required: No\r\nS: x\r\n\r\nx\r\n'), /^250 /);
  assert.match(await send(c, 'MAIL FROM:<a@b.example>', 'RCPT TO:<x@y.example>', 'S: x\r\n\r\nx\r\n'), /^250 /);
  assert.deepEqual(submitted.map((s) => s.requireTls), [true, false, null]);
  assert.match(submitted[0]!.prefix.toString().replace(/\r\n\t/g, ' '), /with ESMTPSA \(requiretls\)/);
});

test('FUTURERELEASE (RFC 4865): HOLDFOR and HOLDUNTIL set the release time; limits and conflicts refused', async (t) => {
  const { port, submitted, clock } = await startSmtp(t);
  const c = await session(t, port);
  assert.match(await send(c, 'MAIL FROM:<a@b.example> HOLDFOR=3600', 'RCPT TO:<x@y.example>', 'S: x\r\n\r\nx\r\n'), /^250 /);
  const fr = submitted[0]!.futureRelease!;
  assert.equal(fr.request, 'for;3600');
  assert.ok(Math.abs(fr.at - (clock.now() + 3600_000)) < 5000);
  const until = new Date(clock.now() + 86400_000).toISOString().replace(/\.\d+Z$/, 'Z');
  assert.match(await send(c, `MAIL FROM:<a@b.example> HOLDUNTIL=${until}`, 'RCPT TO:<x@y.example>', 'S: x\r\n\r\nx\r\n'), /^250 /);
  assert.equal(submitted[1]!.futureRelease!.request, `until;${until}`);
  c.send('MAIL FROM:<a@b.example> HOLDFOR=99999999');
  await c.expect(new RegExp(`^554 5\\.5\\.4 future release interval too far in the future ${id}`));
  c.send('MAIL FROM:<a@b.example> HOLDFOR=10 HOLDUNTIL=' + until);
  await c.expect(/^501 5\.5\.4 cannot use both HOLDUNTIL and HOLDFOR/);
  c.send('MAIL FROM:<a@b.example> HOLDUNTIL=2000-01-01T00:00:00Z');
  await c.expect(/^554 5\.5\.4 requested future release time is in the past/);
});

test('DSN parameters (RFC 3461): mox offers no DSN extension, so RET/ENVID and NOTIFY/ORCPT are refused with 555', async (t) => {
  const { port } = await startSmtp(t);
  const c = await session(t, port);
  c.send('MAIL FROM:<a@b.example> RET=HDRS ENVID=x1');
  await c.expect(new RegExp(`^555 5\\.3\\.3 unrecognized parameter "RET" ${id}`));
  c.send('MAIL FROM:<a@b.example>');
  await c.expect(/^250 /);
  c.send('RCPT TO:<x@y.example> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;x@y.example');
  await c.expect(new RegExp(`^555 5\\.3\\.3 unrecognized parameter "NOTIFY" ${id}`));
  c.send('RCPT TO:<x@y.example>');
  await c.expect(/^250 /);
});
