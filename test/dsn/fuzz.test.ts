import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { prng } from '../helpers/prng.js';
import { composeDsn, parseDsn, parseDeliveryStatus, dsnRecipientCodes, DsnError, DSN_ACTIONS, type ParsedDsn } from '../../src/dsn/index.js';

const dir = new URL('../vectors/dsn/', import.meta.url);

function seeds(): Buffer[] {
  const out: Buffer[] = readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => readFileSync(new URL(f, dir)));
  const now = Date.UTC(2024, 0, 1);
  for (const smtputf8 of [false, true]) {
    out.push(
      composeDsn(
        {
          to: 'mjl@mox.example',
          smtputf8,
          arrivalDate: now,
          recipients: [
            { finalRecipient: 'a+b@x.example', originalRecipient: 'ä@x.example', action: 'failed', error: 'e (x)', remoteMta: { name: 'mx.x.example', ip: '::1' }, diagnosticCode: ['550-5.1.1 a', '550 5.1.1 b'], lastAttemptDate: now },
            { finalRecipient: 'c@y.example', action: 'delayed', willRetryUntil: now },
          ],
          originalHeader: Buffer.from('Subject: ü\r\n'),
        },
        { hostname: 'mox.example', now, tzOffsetMinutes: 60, messageId: 'id@mox.example', boundary: 'b0' },
      ),
    );
  }
  return out;
}

const SNIPPETS = [
  '\r\n',
  '\n',
  '\r\n\r\n',
  '\r\n ',
  ':',
  ';',
  '(',
  ')',
  '\\',
  '\\x{',
  '}',
  '"',
  '<',
  '>',
  '@',
  ' ',
  '5.',
  '.1',
  '\u00e9',
  '\xff',
  '--b0\r\n',
  '--b0--\r\n',
  'Content-Type: message/delivery-status\r\n',
  'Content-Transfer-Encoding: base64\r\n',
  'Content-Type: multipart/report; boundary=b0\r\n',
  'Status: ',
  'Action: ',
  'Final-Recipient: ',
  'utf-8;',
  'rfc822;',
  'Diagnostic-Code: smtp; ',
  'Arrival-Date: ',
];

function mutate(rand: () => number, seed: Buffer): Buffer {
  let b = Buffer.from(seed);
  const n = 1 + Math.floor(rand() * 6);
  for (let k = 0; k < n; k++) {
    const pos = Math.floor(rand() * (b.length + 1));
    const op = rand();
    if (op < 0.3) {
      const s = Buffer.from(SNIPPETS[Math.floor(rand() * SNIPPETS.length)]!, 'latin1');
      b = Buffer.concat([b.subarray(0, pos), s, b.subarray(pos)]);
    } else if (op < 0.55) {
      b = Buffer.concat([b.subarray(0, pos), b.subarray(Math.min(b.length, pos + 1 + Math.floor(rand() * 20)))]);
    } else if (op < 0.8 && b.length > 0) {
      b[Math.min(pos, b.length - 1)] = Math.floor(rand() * 256);
    } else if (op < 0.9) {
      b = b.subarray(0, pos);
    } else {
      // Duplicate a stretch somewhere else.
      const len = Math.floor(rand() * 80);
      const at = Math.floor(rand() * (b.length + 1));
      b = Buffer.concat([b.subarray(0, at), b.subarray(pos, pos + len), b.subarray(at)]);
    }
  }
  return b;
}

/** What any successful parse must give. */
function checkInvariants(p: ParsedDsn): void {
  assert.ok(p.status.recipients.length >= 1);
  assert.ok(p.status.reportingMta.name.length > 0);
  for (const r of p.status.recipients) {
    assert.ok(DSN_ACTIONS.includes(r.action));
    assert.ok([2, 4, 5].includes(r.status.class));
    assert.match(r.status.code, /^[245]\.\d{1,3}\.\d{1,3}$/);
    assert.ok(r.finalRecipient.type.length > 0 && r.finalRecipient.address.length > 0);
    const c = dsnRecipientCodes(r);
    assert.ok(c.code === 0 || (c.code >= 200 && c.code <= 599));
  }
}

test('seeded fuzz: parseDsn only throws DsnError, and results keep their invariants', () => {
  const all = seeds();
  for (const seed of [1, 2, 3]) {
    const rand = prng(seed);
    let parsed = 0;
    let rejected = 0;
    for (let i = 0; i < 1500; i++) {
      const input = mutate(rand, all[Math.floor(rand() * all.length)]!);
      let p: ParsedDsn;
      try {
        p = parseDsn(input);
      } catch (e) {
        if (!(e instanceof DsnError)) {
          assert.fail(`seed ${seed} iteration ${i}: ${String(e)}\ninput: ${JSON.stringify(input.toString('latin1'))}`);
        }
        rejected++;
        continue;
      }
      checkInvariants(p);
      parsed++;
    }
    // The mutations must exercise both outcomes, or the fuzz tests nothing.
    assert.ok(parsed > 100 && rejected > 100, `seed ${seed}: parsed ${parsed}, rejected ${rejected}`);
  }
});

test('seeded fuzz: generated delivery-status bodies', () => {
  const rand = prng(7);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;
  const good: Record<string, string[]> = {
    'Reporting-MTA': ['dns; x.example', 'DNS;y (1.2.3.4)', 'mailbus; SYS30'],
    'Arrival-Date': ['1 Jan 2024 00:00:00 +0000', 'Mon, 1 Jan 2024 00:00:00 -0500 (EST)'],
    'Final-Recipient': ['rfc822;a@b', 'RFC822; <"x y"@b.example>', 'utf-8;a\\x{e9}@b', 'unknown; x'],
    'Original-Recipient': ['rfc822;a@b (c)'],
    Action: ['failed', 'DELAYED', 'delivered (x)', 'relayed', 'expanded'],
    Status: ['5.1.1 (c)', '4.0.0', '2.0.0', '5.7.26'],
    'Remote-MTA': ['dns; mx.example'],
    'Diagnostic-Code': ['smtp; 550 5.1.1 x', 'smtp;550-5.1.1 a 550 5.1.1 b', 'X-Local; 500 (err)'],
    'X-Ext': ['anything'],
  };
  const bad = ['', '(', ';', 'x', '5.1', 'rfc822;', 'dns;', 'utf-8;\\x{', 'yesterday', '\u00ff'];
  const field = (name: string): string => `${name}: ${rand() < 0.9 ? pick(good[name]!) : pick(bad)}`;
  let ok = 0;
  for (let i = 0; i < 3000; i++) {
    const lines: string[] = [];
    if (rand() < 0.95) lines.push(field('Reporting-MTA'));
    if (rand() < 0.5) lines.push(field('Arrival-Date'));
    if (rand() < 0.2) lines.push(field('X-Ext'));
    const nr = Math.floor(rand() * 4);
    for (let k = 0; k < nr; k++) {
      if (rand() < 0.95) lines.push('');
      for (const name of ['Original-Recipient', 'Final-Recipient', 'Action', 'Status', 'Remote-MTA', 'Diagnostic-Code', 'X-Ext']) {
        const required = name === 'Final-Recipient' || name === 'Action' || name === 'Status';
        if (required ? rand() < 0.97 : rand() < 0.3) lines.push(field(name));
        if (rand() < 0.03) lines.push(rand() < 0.5 ? ' continued' : 'garbage line');
      }
    }
    if (rand() < 0.3) lines.reverse();
    try {
      const st = parseDeliveryStatus(Buffer.from(lines.join(rand() < 0.5 ? '\n' : '\r\n'), 'utf8'), rand() < 0.5);
      assert.ok(st.recipients.length >= 1);
      for (const r of st.recipients) assert.ok(DSN_ACTIONS.includes(r.action));
      ok++;
    } catch (e) {
      if (!(e instanceof DsnError)) assert.fail(`iteration ${i}: ${String(e)}\n${JSON.stringify(lines)}`);
    }
  }
  assert.ok(ok > 300, `only ${ok} generated bodies parsed`);
});
