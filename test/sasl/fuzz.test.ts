// Seeded fuzzing: mutated client messages must end in a result or a SaslError, never in any
// other exception (a TypeError would become a server error reply).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServerMechanism, isSaslError, type ServerDeps } from '../../src/sasl/index.js';
import { ScramClient } from '../../src/sasl/index.js';
import { fixture, secretsFor } from './helpers.js';

function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const ALPHABET = Buffer.from(',=nyprcvsiam\0\xff0123456789+/-. abcABC');

function mutate(b: Buffer, rnd: () => number): Buffer {
  const out = [...b];
  const n = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < n; i++) {
    const pos = Math.floor(rnd() * (out.length + 1));
    const op = rnd();
    const ch = ALPHABET[Math.floor(rnd() * ALPHABET.length)]!;
    if (op < 0.4 && out.length > 0) out[Math.min(pos, out.length - 1)] = ch;
    else if (op < 0.7) out.splice(pos, 0, ch);
    else out.splice(pos, 1 + Math.floor(rnd() * 3));
  }
  return Buffer.from(out);
}

async function survives(p: Promise<unknown>, what: string): Promise<void> {
  try {
    await p;
  } catch (e) {
    assert.ok(isSaslError(e), `${what}: ${String(e)}`);
  }
}

test('fuzzed SCRAM client-first and client-final messages fail cleanly', async () => {
  const secrets = await secretsFor('testtest123');
  const { deps } = fixture(
    { 'mjl@mox.example': { account: 'mjl', secrets } },
    { tls: { channelBinding: (t) => (t === 'tls-exporter' ? Buffer.alloc(32, 1) : undefined) } },
  );
  const rnd = prng(20250115);
  const firsts = ['n,,n=mjl@mox.example,r=abcdefghijkl', 'p=tls-exporter,a=mjl@mox.example,n=mjl@mox.example,r=abcdefghijkl,x=1'];
  for (let i = 0; i < 400; i++) {
    const m = createServerMechanism(i % 2 ? 'SCRAM-SHA-256-PLUS' : 'SCRAM-SHA-1', deps);
    await survives(m.step(mutate(Buffer.from(firsts[i % 2]!), rnd)), `first #${i}`);
  }
  // Client-final mutations on a valid exchange.
  for (let i = 0; i < 200; i++) {
    const c = new ScramClient({ hash: 'SHA-256', username: 'mjl@mox.example', password: 'testtest123', nonce: 'abcdefghijkl' });
    const m = createServerMechanism('SCRAM-SHA-256', deps);
    const sf = await m.step(c.clientFirst());
    assert.equal(sf.kind, 'challenge');
    const cf = await c.serverFirst(sf.kind === 'challenge' ? sf.data : Buffer.alloc(0));
    const mutated = mutate(cf, rnd);
    const r = await m.step(mutated).catch((e: unknown) => e);
    if (mutated.equals(cf)) continue;
    // Either a server error challenge, or (rarely) still valid when only ignored parts changed.
    assert.ok(!(r instanceof Error) || isSaslError(r), String(r));
    await survives(m.step(Buffer.alloc(0)), `final #${i}`);
  }
});

test('fuzzed PLAIN, LOGIN, CRAM-MD5 and EXTERNAL data fail cleanly', async () => {
  const secrets = await secretsFor('testtest123');
  const base = fixture({});
  const deps: ServerDeps = {
    ...base.deps,
    // Every name resolves, so the cheap test bcrypt cost is used instead of the placeholder's.
    lookup: async () => ({ account: 'mjl', secrets }),
    tls: { channelBinding: () => undefined, clientIdentity: () => ({ username: 'mjl@mox.example', account: 'mjl' }) },
  };
  const rnd = prng(4242);
  const seeds: Record<string, Buffer> = {
    PLAIN: Buffer.from('\0mjl@mox.example\0testtest123'),
    LOGIN: Buffer.from('mjl@mox.example'),
    'CRAM-MD5': Buffer.from('mjl@mox.example 0123456789abcdef0123456789abcdef'),
    EXTERNAL: Buffer.from('mjl@mox.example'),
  };
  for (let i = 0; i < 80; i++) {
    for (const [mech, seed] of Object.entries(seeds)) {
      const m = createServerMechanism(mech, deps);
      if (mech === 'CRAM-MD5') await m.step(null);
      await survives(
        (async () => {
          let r = await m.step(mutate(seed, rnd));
          if (r.kind === 'challenge') r = await m.step(mutate(seed, rnd));
          return r;
        })(),
        `${mech} #${i}`,
      );
    }
  }
});
