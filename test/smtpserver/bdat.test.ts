import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SmtpScript } from '../helpers/smtp-script.js';
import { startSmtp } from '../helpers/smtp-listener.js';

const authPlain = Buffer.from('\0mox@localhost\0moxmoxmox').toString('base64');

/** A BDAT command with its chunk. */
const bdat = (chunk: string, last = false) => `BDAT ${Buffer.byteLength(chunk)}${last ? ' LAST' : ''}\r\n${chunk}`;

async function ready(t: Parameters<typeof SmtpScript.open>[0], port: number): Promise<SmtpScript> {
  const c = await SmtpScript.open(t, port);
  await c.reply();
  c.send('EHLO client.example');
  const before = await c.reply();
  assert.doesNotMatch(before, /CHUNKING/, 'CHUNKING only after TLS');
  await c.starttls();
  c.send('EHLO client.example');
  const after = await c.reply();
  assert.match(after, /\n250[- ]CHUNKING(\n|$)/);
  assert.match(after, /\n250-REQUIRETLS\n/);
  c.send('AUTH PLAIN ' + authPlain);
  await c.expect(/^235 /);
  return c;
}

test('RFC 3030: BDAT chunks, pipelined with the transaction, then LAST', async (t) => {
  const { port, submitted } = await startSmtp(t);
  const c = await ready(t, port);
  const part1 = 'Subject: chunked\r\n\r\nfirst part, ';
  const part2 = '.dots are not special\r\n.\r\nin BDAT\r\n';
  c.write(`MAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nBDAT ${part1.length}\r\n${part1}BDAT ${part2.length} LAST\r\n${part2}`);
  await c.expect(/^250 2\.1\.0/);
  await c.expect(/^250 2\.1\.0/);
  await c.expect(new RegExp(`^250 2\\.0\\.0 ${part1.length} octets received$`));
  await c.expect(/^250 2\.2\.0 it is done$/);
  assert.equal(submitted.length, 1);
  assert.equal(submitted[0]!.data.toString(), part1 + part2);
  // BDAT 0 LAST ends an empty chunk sequence.
  c.write(`MAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\n${bdat('Subject: z\r\n\r\nhi')}BDAT 0 LAST\r\n`);
  await c.expect(/^250 /);
  await c.expect(/^250 /);
  await c.expect(/^250 2\.0\.0 16 octets/);
  await c.expect(/^250 2\.2\.0 /);
  assert.equal(submitted[1]!.data.toString(), 'Subject: z\r\n\r\nhi');
});

test('BDAT errors keep the session in step: data is read, the transaction fails, the next one works', async (t) => {
  const { port, submitted } = await startSmtp(t);
  const c = await ready(t, port);
  // Out of sequence: the 10 bytes are consumed, not taken as commands.
  c.write(bdat('NOOP\r\nNOOP\r\n', true));
  await c.expect(/^503 5\.5\.1 missing MAIL FROM/);
  // Over the size limit (10000): the chunks are read and dropped, 552 at LAST.
  const big = 'x'.repeat(6000);
  c.write(`MAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nBDAT 6000\r\n${big}BDAT 6000 LAST\r\n${big}`);
  await c.expect(/^250 /);
  await c.expect(/^250 /);
  await c.expect(/^250 2\.0\.0 6000 octets/);
  await c.expect(/^552 5\.2\.3 message too large/);
  c.write('MAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\n' + bdat('ok\r\n', true));
  await c.expect(/^250 /);
  await c.expect(/^250 /);
  await c.expect(/^554 5\.6\.0 message requires both header and body section/);
  c.write('MAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\n' + bdat('S: x\r\n\r\n', true));
  await c.expect(/^250 /);
  await c.expect(/^250 /);
  await c.expect(/^250 2\.2\.0 /);
  c.send('MAIL FROM:<a@b.example>');
  await c.expect(/^250 /);
  c.send('RCPT TO:<x@y.example>');
  await c.expect(/^250 /);
  c.write(bdat('S: x\r'));
  await c.expect(/^250 2\.0\.0 5 octets/);
  c.send('DATA');
  await c.expect(/^503 5\.5\.1 cannot mix BDAT and DATA/);
  c.send('NOOP');
  await c.expect(/^250 /);
  assert.equal(submitted.length, 1);
});

test('BDAT without TLS is an unknown command and closes the connection (its data cannot be delimited)', async (t) => {
  const { port } = await startSmtp(t);
  const c = await SmtpScript.open(t, port);
  await c.reply();
  c.send('EHLO client.example');
  await c.reply();
  c.send('BDAT 3 LAST');
  await c.expect(/^500 5\.5\.1 unknown command/);
  await c.closed();
});
