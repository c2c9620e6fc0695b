import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseAddressList,
  parseAddress,
  envelopeAddresses,
  AddressParseError,
  type AddressListItem,
} from '../../src/message/index.js';

function flat(l: AddressListItem[]): unknown[] {
  return l.map((a) => ('mailboxes' in a ? { group: a.group, members: a.mailboxes.map((m) => [m.name, m.address]) } : [a.name, a.address]));
}

test('RFC 5322 appendix A.1 and A.2 examples', () => {
  assert.deepEqual(flat(parseAddressList('"Joe Q. Public" <john.q.public@example.com>')), [['Joe Q. Public', 'john.q.public@example.com']]);
  assert.deepEqual(flat(parseAddressList('Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>')), [
    ['Mary Smith', 'mary@x.test'],
    ['', 'jdoe@example.org'],
    ['Who?', 'one@y.test'],
  ]);
  assert.deepEqual(flat(parseAddressList('<boss@nil.test>, "Giant; \\"Big\\" Box" <sysservices@example.net>')), [
    ['', 'boss@nil.test'],
    ['Giant; "Big" Box', 'sysservices@example.net'],
  ]);
  assert.deepEqual(flat(parseAddressList('A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;, Undisclosed recipients:;')), [
    { group: 'A Group', members: [['Ed Jones', 'c@a.test'], ['', 'joe@where.test'], ['John', 'jdoe@one.test']] },
    { group: 'Undisclosed recipients', members: [] },
  ]);
});

test('comments and obsolete syntax (RFC 5322 §3.2.2, §4.4)', () => {
  const pete = parseAddress('Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>');
  assert.deepEqual([pete.name, pete.localpart, pete.domain], ['Pete', 'pete', 'silly.test']);
  // A comment after a bare address is the display name (as Go's net/mail does).
  assert.equal(parseAddress('a@b.c (Alice Example)').name, 'Alice Example');
  // obs-route, obs-local-part with spaces, empty list entries.
  assert.deepEqual(flat(parseAddressList('<@route.test,@other.test:joe@x.test>, , "quoted" . part @ example.com')), [
    ['', 'joe@x.test'],
    ['', 'quoted.part@example.com'],
  ]);
  // The route is kept for IMAP ENVELOPE's adl (RFC 9051 §7.5.2).
  assert.equal(parseAddress('<@route.test, @other.test:joe@x.test>').route, '@route.test,@other.test');
  assert.deepEqual(envelopeAddresses(parseAddressList('<@route:user@domain>')), [{ name: null, adl: '@route', mailbox: 'user', host: 'domain' }]);
  assert.equal(parseAddress('joe@x.test').route, undefined);
  // A bare word keeps its name in ENVELOPE (as Dovecot), so SORT DISPLAYFROM can use it.
  assert.deepEqual(envelopeAddresses(parseAddressList('d', { lenient: true })), [{ name: null, adl: null, mailbox: 'd', host: 'missing_domain' }]);
  assert.deepEqual(envelopeAddresses(parseAddressList('a b c', { lenient: true })), []);
});

test('quoted localparts keep their value and are re-quoted only when needed', () => {
  const a = parseAddress('"very.unusual.@.unusual.com"@example.com');
  assert.equal(a.localpart, 'very.unusual.@.unusual.com');
  assert.equal(a.address, '"very.unusual.@.unusual.com"@example.com');
  const b = parseAddress('"plain"@example.com');
  assert.equal(b.address, 'plain@example.com');
  assert.equal(parseAddress('"a b"@x.test').address, '"a b"@x.test');
});

test('RFC 2047 words in display names, in atoms and (common practice) in quotes', () => {
  assert.equal(parseAddress('=?utf-8?b?5bGx55Sw?= <y@x.jp>').name, '山田');
  assert.equal(parseAddress('=?iso-8859-1?Q?Andr=E9?= Pirard <p@x.be>').name, 'André Pirard');
  assert.equal(parseAddress('=?utf-8?q?a?= =?utf-8?q?b?= <q@x>').name, 'ab');
  assert.equal(parseAddress('"=?utf-8?q?Quoted_Word?=" <q@x>').name, 'Quoted Word');
});

test('UTF-8 names and addresses (RFC 6532)', () => {
  const a = parseAddress('Zoë Ångström <zoë@exämple.org>');
  assert.deepEqual([a.name, a.localpart, a.domain], ['Zoë Ångström', 'zoë', 'exämple.org']);
  assert.deepEqual(envelopeAddresses([a]), [{ name: 'Zoë Ångström', adl: null, mailbox: 'zoë', host: 'xn--exmple-cua.org' }]);
});

test('domain literals', () => {
  const a = parseAddress('x@[192.0.2.1]');
  assert.equal(a.domain, '[192.0.2.1]');
  assert.deepEqual(envelopeAddresses([a])[0], { name: null, adl: null, mailbox: 'x', host: '[192.0.2.1]' });
});

test('syntax errors throw AddressParseError; lenient mode skips or salvages entries', () => {
  for (const bad of ['John Doe', 'a@', '<a@b.c', 'a@b.c d@e.f', '@x.y', 'a..b@c.d', 'Group: a@b.c', '"unterminated <a@b.c>']) {
    assert.throws(() => parseAddressList(bad), AddressParseError, bad);
  }
  assert.throws(() => parseAddress('a@b.c, d@e.f'), AddressParseError);
  assert.deepEqual(flat(parseAddressList('John Doe, ok@x.test, Broken <bad@x.test, "n" <fine@y.test>', { lenient: true })), [
    ['', 'ok@x.test'],
    ['', 'bad@x.test'],
    ['n', 'fine@y.test'],
  ]);
  assert.deepEqual(flat(parseAddressList('a..b@c.d, x.@docomo.ne.jp', { lenient: true })), [
    ['', '"a..b"@c.d'],
    ['', '"x."@docomo.ne.jp'],
  ]);
  assert.deepEqual(flat(parseAddressList('Team: a@b.c', { lenient: true })), [{ group: 'Team', members: [['', 'a@b.c']] }]);
});

test('ENVELOPE addresses: group markers (RFC 9051 §7.5.2), IDNA hosts, quoted localparts', () => {
  const l = parseAddressList('G: "x y"@Example.COM;, Name <u@b.c>');
  assert.deepEqual(envelopeAddresses(l), [
    { name: null, adl: null, mailbox: 'G', host: null },
    { name: null, adl: null, mailbox: '"x y"', host: 'example.com' },
    { name: null, adl: null, mailbox: null, host: null },
    { name: 'Name', adl: null, mailbox: 'u', host: 'b.c' },
  ]);
});
