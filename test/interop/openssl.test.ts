// openssl s_client as an independent TLS client: STARTTLS (RFC 3207) on the submission port
// and implicit TLS (RFC 8314) on submissions; EHLO and AUTH over the TLS session, TLS 1.3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startLocalserve } from '../helpers/localserve.js';
import { have } from '../helpers/tools.js';

const skip = !have('openssl') ? 'openssl not installed' : false;
const authPlain = Buffer.from('\0mox@localhost\0moxmoxmox').toString('base64');

/** Runs s_client with the given lines on stdin (LF becomes CRLF with -crlf); resolves with its output. */
function sClient(args: string[], input: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn('openssl', ['s_client', '-crlf', '-ign_eof', '-servername', 'localhost', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    // A safety net only: QUIT makes the server close, which ends s_client.
    const timer = setTimeout(() => p.kill('SIGKILL'), 20_000);
    p.on('error', reject);
    p.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
    p.stdin.end(input.map((l) => `${l}\n`).join(''));
  });
}

/**
 * The SMTP reply lines in s_client's output (after the handshake summary). s_client writes
 * to stdout and stderr, so lines of its own summary can land after the server's last reply:
 * the 221 is taken as the end.
 */
const replies = (out: string) => {
  const r = out.split(/\r?\n/).filter((l) => /^\d{3}[ -]/.test(l));
  const end = r.findIndex((l) => l.startsWith('221 '));
  return end < 0 ? r : r.slice(0, end + 1);
};

test('openssl s_client -starttls smtp to submission: EHLO over TLS 1.3, no STARTTLS offered again, AUTH works', { skip }, async (t) => {
  const ls = await startLocalserve(t);
  const out = await sClient(['-connect', `127.0.0.1:${ls.port('submission')}`, '-starttls', 'smtp'], ['EHLO client.example', `AUTH PLAIN ${authPlain}`, 'QUIT']);
  assert.match(out, /\bTLSv1\.3\b/, out);
  const r = replies(out);
  // s_client's own EHLO and STARTTLS happen before the handshake and are not printed; what
  // we see is our EHLO over TLS.
  const ehlo = r.filter((l) => l.startsWith('250'));
  assert.ok(ehlo.includes('250-localhost'), out);
  assert.ok(ehlo.includes('250-REQUIRETLS'), out);
  assert.ok(!ehlo.some((l) => /STARTTLS/.test(l)), out);
  assert.ok(ehlo.includes('250-AUTH SCRAM-SHA-256-PLUS SCRAM-SHA-256 SCRAM-SHA-1-PLUS SCRAM-SHA-1 CRAM-MD5 PLAIN LOGIN'), out);
  assert.ok(r.includes('235 2.7.0 nice'), out);
  assert.equal(r.at(-1), '221 2.0.0 okay thanks bye', out);
});

test('openssl s_client implicit TLS to submissions: greeting and EHLO over TLS 1.3', { skip }, async (t) => {
  const ls = await startLocalserve(t);
  const out = await sClient(['-connect', `127.0.0.1:${ls.port('submissions')}`], ['EHLO client.example', `AUTH PLAIN ${authPlain}`, 'QUIT']);
  assert.match(out, /\bTLSv1\.3\b/, out);
  const r = replies(out);
  assert.equal(r[0], '220 localhost ESMTP mox', out);
  assert.ok(r.includes('250-localhost'), out);
  assert.ok(!r.some((l) => /STARTTLS/.test(l)), out);
  assert.ok(r.some((l) => /^250[- ]CHUNKING$/.test(l)), out);
  assert.ok(r.includes('235 2.7.0 nice'), out);
  assert.equal(r.at(-1), '221 2.0.0 okay thanks bye', out);
});

test('openssl s_client -starttls smtp to incoming SMTP (port 1025 role): STARTTLS offered and works', { skip }, async (t) => {
  const ls = await startLocalserve(t);
  const out = await sClient(['-connect', `127.0.0.1:${ls.port('smtp')}`, '-starttls', 'smtp'], ['EHLO client.example', 'MAIL FROM:<a@example.org>', 'RCPT TO:<b@example.com>', 'QUIT']);
  assert.match(out, /\bTLSv1\.3\b/, out);
  const r = replies(out);
  assert.ok(r.includes('250 2.1.0 looking good') && r.includes('250 2.1.0 now on the list'), out);
  assert.ok(!r.some((l) => /AUTH/.test(l)), out);
  assert.equal(r.at(-1), '221 2.0.0 okay thanks bye', out);
});
