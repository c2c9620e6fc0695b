// DKIM interop with an independent implementation: Python's dkimpy (Debian python3-dkim,
// with python3-nacl for Ed25519). Skipped when no python3 can import it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateEd25519Pem, generateRsaPem, keyRecordText, parsePrivateKeyPem, signMessage, verifyMessage, type TxtResolver } from '../../src/dkim/index.js';
import { tempDir } from '../helpers/tmp.js';

function findPython(): string | undefined {
  for (const p of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(p, ['-c', 'import dkim, nacl'], { stdio: 'ignore' });
    if (r.status === 0) return p;
  }
  return undefined;
}
const python = findPython();
const skip = python === undefined ? 'python3 with dkimpy (python3-dkim) and nacl not available' : false;

const script = `
import sys, json, dkim
mode = sys.argv[1]
if mode == 'verify':
    msg = open(sys.argv[2], 'rb').read()
    recs = json.load(open(sys.argv[3]))
    def dnsfunc(name, timeout=5):
        n = name.decode() if isinstance(name, bytes) else name
        v = recs.get(n)
        return v.encode() if v else None
    d = dkim.DKIM(msg, minkey=1024)
    n = len([l for l in msg.split(b'\\r\\n') if l.lower().startswith(b'dkim-signature:')])
    def one(i):
        try:
            return bool(d.verify(idx=i, dnsfunc=dnsfunc))
        except dkim.ValidationError:
            return False
    print(json.dumps([one(i) for i in range(n)]))
else:
    msg = open(sys.argv[2], 'rb').read()
    sel, dom, keyfile, alg, canon = sys.argv[3:8]
    key = open(keyfile, 'rb').read()
    c = tuple(x.encode() for x in canon.split('/'))
    hdrs = [b'From', b'To', b'Subject', b'Date', b'Message-ID']
    sys.stdout.buffer.write(dkim.sign(msg, sel.encode(), dom.encode(), key, canonicalize=c, signature_algorithm=alg.encode(), include_headers=hdrs))
`;

function py(args: string[]): Buffer {
  const r = spawnSync(python!, ['-c', script, ...args], { timeout: 60_000 });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr.toString()}`);
  return r.stdout;
}

const message = Buffer.from(
  'From: Joe <joe@interop.example>\r\nTo: Suzie <suzie@example.net>\r\nSubject: Is  dinner\r\n  ready?\r\nDate: Fri, 11 Jul 2003 21:00:37 -0700\r\nMessage-ID: <1@interop.example>\r\n\r\nHi.\r\n\r\nWe lost the game.  Are you hungry yet? \r\n\r\n\r\n',
);
const now = Date.UTC(2024, 0, 1);

test('dkimpy verifies our signatures (rsa and ed25519, each canonicalisation)', { skip }, (t) => {
  const dir = tempDir(t);
  const rsa = parsePrivateKeyPem(generateRsaPem({ now }));
  const ed = parsePrivateKeyPem(generateEd25519Pem({ now }));
  const headers = ['From', 'To', 'Subject', 'Date', 'Message-ID'];
  const combos: [boolean, boolean][] = [
    [false, false],
    [true, true],
    [true, false],
    [false, true],
  ];
  const selectors = combos.flatMap(([h, b], i) => [
    { selector: `rsa${i}`, privateKey: rsa, headers, headerRelaxed: h, bodyRelaxed: b, sealHeaders: i === 1 },
    { selector: `ed${i}`, privateKey: ed, headers, headerRelaxed: h, bodyRelaxed: b },
  ]);
  const hdrs = signMessage(message, { localpart: 'joe', domain: 'interop.example', now, selectors });
  const records: Record<string, string> = {};
  for (const s of selectors) records[`${s.selector}._domainkey.interop.example.`] = keyRecordText(s.privateKey);
  writeFileSync(join(dir, 'records.json'), JSON.stringify(records));
  writeFileSync(join(dir, 'msg.eml'), Buffer.concat([Buffer.from(hdrs), message]));
  assert.deepEqual(JSON.parse(py(['verify', join(dir, 'msg.eml'), join(dir, 'records.json')]).toString()), Array(8).fill(true));
  // And a tampered copy fails there too (the oracle is not just saying yes).
  writeFileSync(join(dir, 'bad.eml'), Buffer.concat([Buffer.from(hdrs), Buffer.from(message.toString().replace('lost', 'won'))]));
  assert.deepEqual(JSON.parse(py(['verify', join(dir, 'bad.eml'), join(dir, 'records.json')]).toString()), Array(8).fill(false));
});

test('we verify dkimpy signatures (rsa-sha256, ed25519-sha256; relaxed and simple)', { skip }, async (t) => {
  const dir = tempDir(t);
  const rsa = parsePrivateKeyPem(generateRsaPem({ now }));
  const ed = parsePrivateKeyPem(generateEd25519Pem({ now }));
  writeFileSync(join(dir, 'rsa.pem'), rsa.export({ type: 'pkcs1', format: 'pem' }));
  // dkimpy takes an Ed25519 key as the base64 of its 32-byte seed.
  const seed = Buffer.from(ed.export({ format: 'jwk' }).d!, 'base64url').toString('base64');
  writeFileSync(join(dir, 'ed.key'), seed);
  writeFileSync(join(dir, 'msg.eml'), message);
  const records: Record<string, string[]> = {
    'rsa._domainkey.interop.example.': [keyRecordText(rsa)],
    'ed._domainkey.interop.example.': [keyRecordText(createPublicKey(ed))],
  };
  const resolver: TxtResolver = {
    lookupTxt: (name) => (records[name] ? Promise.resolve(records[name]) : Promise.reject(Object.assign(new Error('nx'), { code: 'ENOTFOUND' }))),
  };
  let sigs = '';
  for (const canon of ['relaxed/relaxed', 'simple/simple', 'relaxed/simple']) {
    sigs += py(['sign', join(dir, 'msg.eml'), 'rsa', 'interop.example', join(dir, 'rsa.pem'), 'rsa-sha256', canon]).toString('latin1');
    sigs += py(['sign', join(dir, 'msg.eml'), 'ed', 'interop.example', join(dir, 'ed.key'), 'ed25519-sha256', canon]).toString('latin1');
  }
  const full = Buffer.concat([Buffer.from(sigs, 'latin1'), message]);
  const res = await verifyMessage(full, { resolver, now });
  assert.equal(res.length, 6);
  assert.deepEqual(res.map((r) => [r.status, r.error?.message]), Array(6).fill(['pass', undefined]));
  const bad = Buffer.concat([Buffer.from(sigs, 'latin1'), Buffer.from(message.toString().replace('Joe <', 'Jim <'))]);
  assert.deepEqual((await verifyMessage(bad, { resolver, now })).map((r) => r.status), Array(6).fill('fail'));
});

test('dkimpy verifies the RFC 8463 example as we do', { skip }, (t) => {
  const dir = tempDir(t);
  const vec = join(import.meta.dirname, '..', 'vectors', 'rfc8463');
  const recs = JSON.parse(readFileSync(join(vec, 'records.json'), 'utf8')) as Record<string, string[]>;
  writeFileSync(join(dir, 'r.json'), JSON.stringify(Object.fromEntries(Object.entries(recs).map(([k, v]) => [k, v[0]]))));
  // The RFC's RSA key is 1024 bits, dkimpy's minimum.
  assert.deepEqual(JSON.parse(py(['verify', join(vec, 'signed.eml'), join(dir, 'r.json')]).toString()), [true, true]);
});
