import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, sign as cryptoSign, createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bodyHash,
  canonBody,
  canonHeader,
  formatRecord,
  generateEd25519Pem,
  generateRsaPem,
  keyRecordText,
  parsePrivateKeyPem,
  parseRecord,
  parseSignature,
  signMessage,
  splitHeader,
  verifyMessage,
  withoutSignatureValue,
  type TxtResolver,
} from '../../src/dkim/index.js';

const vec = join(import.meta.dirname, '..', 'vectors', 'rfc8463');
const signed = readFileSync(join(vec, 'signed.eml'));
const records = JSON.parse(readFileSync(join(vec, 'records.json'), 'utf8')) as Record<string, string[]>;

/** A resolver over a fixed map; missing names fail as node:dns does for NXDOMAIN. */
function mapResolver(m: Record<string, string[]>): TxtResolver {
  return {
    lookupTxt(name: string) {
      const v = m[name];
      if (v) return Promise.resolve(v);
      return Promise.reject(Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' }));
    },
  };
}

const now = Date.UTC(2018, 5, 11);

test('RFC 8463 §A.3: both example signatures verify', async () => {
  const res = await verifyMessage(signed, { resolver: mapResolver(records), now });
  assert.deepEqual(
    res.map((r) => [r.status, r.sig?.algorithmSign, r.sig?.selector]),
    [
      ['pass', 'ed25519', 'brisbane'],
      ['pass', 'rsa', 'test'],
    ],
  );
});

test('RFC 8463 §A.2: Ed25519 signing with the example key reproduces the example b=', () => {
  const seed = Buffer.from('nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=', 'base64');
  // PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410 §7).
  const key = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
  const pub = createPublicKey(key).export({ format: 'jwk' }).x;
  assert.equal(Buffer.from(pub!, 'base64url').toString('base64'), '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=');
  const { fields } = splitHeader(signed);
  const sigField = fields[0]!.raw;
  const sig = parseSignature(sigField.toString('latin1').slice(sigField.indexOf(0x3a) + 1));
  // Hash input as RFC 6376 §3.7 defines it, built here by hand from the canonical pieces.
  const picks = ['from', 'to', 'subject', 'date', 'message-id'].map((n) => fields.find((f) => f.lkey === n)!.raw);
  const data = Buffer.concat([...picks.map((r) => canonHeader(r, true)), canonHeader(withoutSignatureValue(sigField), true).subarray(0, -2)]);
  const b = cryptoSign(null, createHash('sha256').update(data).digest(), key);
  assert.equal(b.toString('base64'), sig.signature.toString('base64'));
  assert.equal(bodyHash('sha256', signed.subarray(splitHeader(signed).bodyOffset), true).toString('base64'), '2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=');
});

test('tampered body or header fails; missing record is permerror; DNS failure temperror', async () => {
  const body = Buffer.from(signed.toString('latin1').replace('We lost', 'We won'), 'latin1');
  let res = await verifyMessage(body, { resolver: mapResolver(records), now });
  assert.deepEqual(res.map((r) => [r.status, r.error?.code]), [['fail', 'body-hash'], ['fail', 'body-hash']]);
  const hdr = Buffer.from(signed.toString('latin1').replace('Is dinner ready?', 'Is lunch ready?'), 'latin1');
  res = await verifyMessage(hdr, { resolver: mapResolver(records), now });
  assert.deepEqual(res.map((r) => [r.status, r.error?.code]), [['fail', 'sig-verify'], ['fail', 'sig-verify']]);
  res = await verifyMessage(signed, { resolver: mapResolver({}), now });
  assert.deepEqual(res.map((r) => [r.status, r.error?.code]), [['permerror', 'no-record'], ['permerror', 'no-record']]);
  const broken: TxtResolver = { lookupTxt: () => Promise.reject(Object.assign(new Error('timeout'), { code: 'ETIMEOUT' })) };
  res = await verifyMessage(signed, { resolver: broken, now });
  assert.deepEqual(res.map((r) => r.status), ['temperror', 'temperror']);
  // Relaxed header canonicalisation tolerates whitespace changes.
  const ws = Buffer.from(signed.toString('latin1').replace('Subject: Is dinner ready?', 'Subject:   Is dinner \t ready?  '), 'latin1');
  res = await verifyMessage(ws, { resolver: mapResolver(records), now });
  assert.deepEqual(res.map((r) => r.status), ['pass', 'pass']);
});

test('record checks: algorithm mismatch, hash not allowed, revoked, test mode', async () => {
  const name = 'brisbane._domainkey.football.example.com.';
  const p = '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=';
  const one = async (txt: string, ignoreTestMode = false) => (await verifyMessage(signed, { resolver: mapResolver({ ...records, [name]: [txt] }), now, ignoreTestMode }))[0]!;
  assert.equal((await one(`v=DKIM1; k=rsa; p=${records['test._domainkey.football.example.com.']![0]!.split('p=')[1]}`)).error?.code, 'sig-alg-mismatch');
  assert.equal((await one(`v=DKIM1; k=ed25519; h=sha1; p=${p}`)).error?.code, 'hash-not-allowed');
  assert.equal((await one('v=DKIM1; k=ed25519; p=')).error?.code, 'revoked');
  assert.equal((await one(`v=DKIM1; k=ed25519; s=other; p=${p}`)).error?.code, 'key-not-for-email');
  const body = Buffer.from(signed.toString('latin1').replace('We lost', 'We won'), 'latin1');
  const res = await verifyMessage(body, { resolver: mapResolver({ ...records, [name]: [`v=DKIM1; k=ed25519; t=y; p=${p}`] }), now });
  assert.equal(res[0]!.status, 'none');
  assert.equal((await verifyMessage(body, { resolver: mapResolver({ ...records, [name]: [`v=DKIM1; k=ed25519; t=y; p=${p}`] }), now, ignoreTestMode: true }))[0]!.status, 'fail');
});

test('canonicalisation: RFC 6376 §3.4.5 examples', () => {
  const h1 = Buffer.from('A: X\r\n');
  const h2 = Buffer.from('B : Y\t\r\n\tZ  \r\n');
  assert.equal(Buffer.concat([canonHeader(h1, true), canonHeader(h2, true)]).toString(), 'a:X\r\nb:Y Z\r\n');
  assert.equal(Buffer.concat([canonHeader(h1, false), canonHeader(h2, false)]).toString(), 'A: X\r\nB : Y\t\r\n\tZ  \r\n');
  const body = Buffer.from(' C \r\nD \t E\r\n\r\n\r\n');
  assert.equal(canonBody(body, true).toString(), ' C\r\nD E\r\n');
  assert.equal(canonBody(body, false).toString(), ' C \r\nD \t E\r\n');
  assert.equal(canonBody(Buffer.alloc(0), false).toString(), '\r\n');
  assert.equal(canonBody(Buffer.alloc(0), true).toString(), '');
});

test('signature parsing rejects bad input', () => {
  const base = 'v=1; a=rsa-sha256; d=example.org; s=sel; h=From:Subject; bh=AAAA; b=AAAA';
  assert.equal(parseSignature(base).domain, 'example.org');
  assert.throws(() => parseSignature(base.replace('v=1', 'v=2')), /version/);
  assert.throws(() => parseSignature(base.replace('h=From:Subject', 'h=To:Subject')), /From/);
  assert.throws(() => parseSignature(base.replace('s=sel;', '')), /missing required tag s=/);
  assert.throws(() => parseSignature(`${base}; i=joe@other.org`), /i= domain/);
  assert.throws(() => parseSignature(`${base}; d=x.org`), /duplicate/);
  assert.throws(() => parseSignature(`${base}; t=10; x=5`), /x= before t=/);
});

test('records: parse and format', () => {
  const r = parseRecord('v=DKIM1; k=ed25519; t=s:y; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=');
  assert.ok(r.isDkim);
  assert.deepEqual(r.record.flags, ['s', 'y']);
  // s= absent means all services, as mox prints it (mox dkim lookup: "services: [*]").
  assert.deepEqual(r.record.services, ['*']);
  const e = parseRecord('v=DKIM1; k=ed25519; s=email; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=');
  assert.ok(e.isDkim);
  assert.deepEqual(e.record.services, ['email']);
  assert.equal(formatRecord(r.record), 'v=DKIM1;k=ed25519;t=s:y;p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=');
  assert.equal(parseRecord('v=spf1 -all').isDkim, false);
  assert.throws(() => parseRecord('k=rsa; v=DKIM1; p=AAAA'), /first field must be version/);
  assert.throws(() => parseRecord('v=DKIM1; k=foo; p='), /unknown key type/);
});

const message = Buffer.from(
  'From: Mjl <mjl@mox.example>\r\nTo: <other@example.org>\r\nSubject: test\r\n test\r\nDate: Fri, 10 Dec 2021 20:09:08 +0100\r\nMessage-ID: <a@mox.example>\r\n\r\ntest\r\n  line with space  \r\n\r\n',
);

test('sign then verify: rsa sha256/sha1, ed25519, relaxed/simple, sealed headers, expiration', async () => {
  const ed = parsePrivateKeyPem(generateEd25519Pem({ now, selector: 's', domain: 'mox.example' }));
  const rsa = parsePrivateKeyPem(generateRsaPem({ now }));
  const headers = ['From', 'To', 'Cc', 'Subject', 'Date', 'Message-ID'];
  const hdrs = signMessage(message, {
    localpart: 'mjl',
    domain: 'mox.example',
    now,
    selectors: [
      { selector: 'r1', privateKey: rsa, headers, sealHeaders: true },
      { selector: 'r2', privateKey: rsa, headers, hash: 'sha1', headerRelaxed: true, bodyRelaxed: true },
      { selector: 'e1', privateKey: ed, headers, headerRelaxed: true, bodyRelaxed: true, expirationSeconds: 3600 },
      { selector: 'e2', privateKey: ed, headers },
    ],
  });
  assert.equal(hdrs.match(/^DKIM-Signature:/gm)?.length, 4);
  for (const line of hdrs.split('\r\n')) assert.ok(line.length <= 78, `line too long: ${line}`);
  assert.match(hdrs, /h=From:To:Cc:Subject:Date:Message-ID:From:To:Subject:Date:\r\n\tMessage-ID;|h=From:To:Cc:Subject:Date:Message-ID:From:To:Subject:Date:Message-ID;/);
  assert.match(hdrs, /i=mjl@mox\.example;/);
  const resolver = mapResolver({
    'r1._domainkey.mox.example.': [keyRecordText(rsa)],
    'r2._domainkey.mox.example.': [keyRecordText(rsa).replace('h=sha256;', '')],
    'e1._domainkey.mox.example.': [keyRecordText(ed)],
    'e2._domainkey.mox.example.': [keyRecordText(ed)],
  });
  const full = Buffer.concat([Buffer.from(hdrs), message]);
  const res = await verifyMessage(full, { resolver, now });
  assert.deepEqual(res.map((r) => [r.sig?.selector, r.status]), [['r1', 'pass'], ['r2', 'pass'], ['e1', 'pass'], ['e2', 'pass']]);
  // Sealing: an added To field breaks r1 (sealed) but not e1 (relaxed, unsealed list without extra instance).
  const extra = Buffer.concat([Buffer.from(hdrs), Buffer.from('To: <evil@example.org>\r\n'), message]);
  const res2 = await verifyMessage(extra, { resolver, now });
  assert.equal(res2[0]!.status, 'fail');
  // Expired: e1 has x= one hour later.
  const res3 = await verifyMessage(full, { resolver, now: now + 7200_000 });
  assert.deepEqual([res3[2]!.status, res3[2]!.error?.code], ['permerror', 'expired']);
  // Body changes in whitespace only: relaxed body passes, simple fails.
  const ws = Buffer.concat([Buffer.from(hdrs), Buffer.from(message.toString().replace('  line with space  ', ' line  with space'))]);
  const res4 = await verifyMessage(ws, { resolver, now });
  assert.deepEqual(res4.map((r) => r.status), ['fail', 'pass', 'pass', 'fail']);
});

test('sign refuses messages without exactly one From', () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  const msg = Buffer.from('To: x@y.example\r\n\r\nhi\r\n');
  assert.throws(() => signMessage(msg, { localpart: 'a', domain: 'y.example', now, selectors: [{ selector: 's', privateKey, headers: ['From'] }] }), /0 from headers/);
});

test('private key PEM with a Note header parses; txt record for ed25519', () => {
  const pem = generateEd25519Pem({ now: Date.UTC(2024, 0, 2, 3, 4, 5), selector: 'sel', domain: 'example.org' });
  assert.match(pem, /^-----BEGIN PRIVATE KEY-----\nNote: ed25519 dkim private key for sel\._domainkey\.example\.org, generated by mox on 2024-01-02T03:04:05Z\n\n/);
  const key = parsePrivateKeyPem(pem);
  assert.equal(key.asymmetricKeyType, 'ed25519');
  assert.match(keyRecordText(key), /^v=DKIM1;h=sha256;k=ed25519;t=s;p=[A-Za-z0-9+/]{43}=$/);
  assert.throws(() => parsePrivateKeyPem('nothing'), /no PKCS#8/);
});
