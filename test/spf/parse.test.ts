import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSpfRecord, parseSpfRecord, SpfSyntaxError, type SpfRecord } from '../../src/spf/index.js';

function parse(s: string): SpfRecord {
  const r = parseSpfRecord(s);
  assert.ok(r.isSpf, `not spf: ${s}`);
  return r.record;
}

test('RFC 7208 §A examples parse and round-trip', () => {
  const examples = [
    'v=spf1 +all',
    'v=spf1 a -all',
    'v=spf1 a:example.org -all',
    'v=spf1 mx -all',
    'v=spf1 mx:example.org -all',
    'v=spf1 mx mx:example.org -all',
    'v=spf1 mx/30 mx:example.org/30 -all',
    'v=spf1 ptr -all',
    'v=spf1 ip4:192.0.2.128/28 -all',
    'v=spf1 include:example.com include:example.net -all',
    'v=spf1 redirect=example.org',
    'v=spf1 mx -all exp=explain._spf.%{d}',
    'v=spf1 -include:ip4._spf.%{d} -include:ptr._spf.%{d} +all',
    'v=spf1 -ip4:192.0.2.0/24 +all',
    'v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} -all',
    'v=spf1 ip6:2001:db8::/32 a//64 a:x.example/24//64 ~all',
    'v=spf1 ?ptr:example.org moo=%{d}.cow',
  ];
  for (const e of examples) assert.equal(formatSpfRecord(parse(e)), e);
});

test('fields of parsed directives', () => {
  const r = parse('v=spf1 ~MX:Example.org/24//64 ip4:10.0.0.1 ip6:::1/64 redirect=_spf.example.com');
  assert.deepEqual(r.directives, [
    { qualifier: '~', mechanism: 'mx', domainSpec: 'Example.org', ip4CidrLen: 24, ip6CidrLen: 64 },
    { qualifier: '', mechanism: 'ip4', domainSpec: '', ip: '10.0.0.1/32' },
    { qualifier: '', mechanism: 'ip6', domainSpec: '', ip: '::1/64', ip6CidrLen: 64 },
  ]);
  assert.equal(r.redirect, '_spf.example.com');
  // Extra spaces between terms are allowed.
  assert.equal(parse('v=spf1   a    -all ').directives.length, 2);
  assert.equal(parse('V=SPF1 -ALL').directives[0]!.mechanism, 'all');
});

test('not SPF at all', () => {
  for (const s of ['', 'v=spf10 -all', 'v=DKIM1; p=', 'spf1 -all', 'v=spf2.0/pra -all']) assert.equal(parseSpfRecord(s).isSpf, false, s);
});

test('syntax errors are SpfSyntaxError', () => {
  const bad = [
    'v=spf1 -',
    'v=spf1 foo',
    'v=spf1 allx',
    'v=spf1 all:x',
    'v=spf1 include',
    'v=spf1 include:',
    'v=spf1 ip4:1.2.3',
    'v=spf1 ip4:1.2.3.4/33',
    'v=spf1 ip4:01.2.3.4',
    'v=spf1 ip6:1.2.3.4',
    'v=spf1 ip6:::1/129',
    'v=spf1 a/0x',
    'v=spf1 a/33',
    'v=spf1 a/01',
    'v=spf1 redirect=a.example redirect=b.example',
    'v=spf1 exp=a.example exp=b.example',
    'v=spf1 include:example.123',
    'v=spf1 include:example.-com',
    'v=spf1 exists:%{x}.example',
    'v=spf1 exists:%{d0}.example',
    'v=spf1 exists:%a.example',
    'v=spf1 a:exa\u00e9mple.com',
  ];
  for (const s of bad) assert.throws(() => parseSpfRecord(s), SpfSyntaxError, s);
});
