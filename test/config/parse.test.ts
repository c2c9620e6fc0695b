import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  ConfigError,
  dynamicSchema,
  file,
  formatProblem,
  parseDynamic,
  parseSconf,
  parseStatic,
  staticSchema,
} from '../../src/config/index.js';

const vectors = new URL('../vectors/config/', import.meta.url);
const vector = (name: string) => readFileSync(new URL(name, vectors), 'utf8');

// A small valid mox.conf; tests break one line at a time.
const base = [
  'DataDir: .', // 1
  'LogLevel: info', // 2
  'Hostname: localhost', // 3
  'Listeners:', // 4
  '\tlocal:', // 5
  '\t\tIPs:', // 6
  '\t\t\t- 127.0.0.1', // 7
  '\t\tSMTP:', // 8
  '\t\t\tEnabled: true', // 9
  '\t\t\tPort: 1025', // 10
  'Postmaster:', // 11
  '\tAccount: mox', // 12
  '\tMailbox: Inbox', // 13
];
const text = (lines: string[]) => lines.join('\n') + '\n';
const edit = (n: number, line: string | string[]) => {
  const l = [...base];
  l.splice(n - 1, 1, ...(Array.isArray(line) ? line : [line]));
  return text(l);
};
const errs = (t: string) => parseSconf(t, staticSchema.root, 'mox.conf').problems.map(formatProblem);

test('the base config parses into the expected value', () => {
  assert.deepEqual(errs(text(base)), []);
  assert.deepEqual(parseStatic(text(base)), {
    DataDir: '.',
    LogLevel: 'info',
    Hostname: 'localhost',
    Listeners: { local: { IPs: ['127.0.0.1'], SMTP: { Enabled: true, Port: 1025 } } },
    Postmaster: { Account: 'mox', Mailbox: 'Inbox' },
  });
});

test('the mox v0.0.15 example files parse', () => {
  const s = parseStatic(vector('mox.conf'));
  assert.equal(s.User, '0');
  assert.equal(s.Pedantic, true);
  assert.deepEqual(s.TLS?.CA, { AdditionalToSystem: true, CertFiles: ['localhost.crt'] });
  const l = s.Listeners['local']!;
  assert.deepEqual(l.IPs, ['127.0.0.1', '::1']);
  assert.deepEqual(l.TLS?.KeyCerts, [{ CertFile: 'localhost.crt', KeyFile: 'localhost.key' }]);
  assert.equal(l.Submission?.NoRequireSTARTTLS, true);
  assert.equal(l.AccountHTTP?.Path, '/account/');
  assert.deepEqual(l.MetricsHTTP, { Enabled: true, Port: 1081 });
  assert.deepEqual(s.Postmaster, { Account: 'mox', Mailbox: 'Inbox' });

  const d = parseDynamic(vector('domains.conf'));
  const dom = d.Domains['localhost']!;
  assert.equal(dom.LocalpartCatchallSeparator, '+');
  assert.deepEqual(dom.DKIM?.Selectors['localserve'], { Expiration: '72h', PrivateKeyFile: 'dkim.localserve.privatekey.pkcs8.pem' });
  const acc = d.Accounts['mox']!;
  assert.equal(acc.Domain, ''); // "Domain: " with a trailing space is the empty string
  assert.equal(acc.KeepRetiredMessagePeriod, 72 * 3600 * 1000);
  assert.deepEqual(acc.Destinations, { 'mox@localhost': {} }); // "nil"
  assert.equal(acc.JunkFilter?.Threshold, 0.95);
  assert.deepEqual(acc.JunkFilter?.Params, { Onegrams: true, MaxPower: 0.01, TopWords: 10, IgnoreWords: 0.1, RareWords: 2 });
  assert.equal(d.WebHandlers?.[0]?.WebStatic?.Root, '.');
});

test('malformed lines give file:line and what was expected', () => {
  const cases: [string, string, string[]][] = [
    ['missing tab indent on a nested key', edit(12, 'Account: mox'), [
      'mox.conf:11: expected keys of Postmaster on the next lines, indented with 1 tab',
      'mox.conf:12: unknown key "Account" at top level',
    ]],
    ['space indent', edit(9, '   Enabled: true'), [
      'mox.conf:9: indented with spaces; sconf indents with tabs only, got "   Enabled: true"',
    ]],
    ['tab then space indent', edit(9, '\t\t Enabled: true'), [
      'mox.conf:9: indented with spaces; sconf indents with tabs only, got "\\t\\t Enabled: true"',
    ]],
    ['unknown key, with a hint for wrong case', edit(3, 'hostname: localhost'), [
      'mox.conf:3: unknown key "hostname" at top level (did you mean "Hostname"?)',
      'mox.conf:13: missing required key "Hostname" at top level',
    ]],
    ['bad bool', edit(9, '\t\t\tEnabled: yes'), ['mox.conf:9: invalid boolean "yes": must be true or false for Listeners.local.SMTP.Enabled']],
    ['bad int', edit(10, '\t\t\tPort: 10x'), ['mox.conf:10: invalid integer "10x" for Listeners.local.SMTP.Port']],
    ['port out of range', edit(10, '\t\t\tPort: 70000'), ['mox.conf:10: value 70000 out of range 0..65535 for Listeners.local.SMTP.Port']],
    ['bad duration', edit(10, ['\t\t\tPort: 1025', '\t\t\tFirstTimeSenderDelay: 15x']), [
      'mox.conf:11: unknown unit "x" in duration "15x" (use e.g. 72h, 1h30m, 500ms) for Listeners.local.SMTP.FirstTimeSenderDelay',
    ]],
    ['unterminated list', edit(7, []), ['mox.conf:6: expected items ("- value") of Listeners.local.IPs on the next lines, indented with 3 tabs']],
    ['list item without space', edit(7, '\t\t\t-127.0.0.1'), ['mox.conf:7: missing space after "-" in list item "-127.0.0.1"']],
    ['key where a list item belongs', edit(7, '\t\t\tfoo: bar'), ['mox.conf:7: expected list item "- value" in Listeners.local.IPs, got "foo: bar"']],
    ['duplicate key', edit(10, ['\t\t\tPort: 1025', '\t\t\tEnabled: false']), [
      'mox.conf:11: duplicate key "Enabled" in Listeners.local.SMTP (first on line 9)',
    ]],
    ['missing required key', edit(2, []), ['mox.conf:12: missing required key "LogLevel" at top level']],
    ['missing required nested key', edit(9, []), ['mox.conf:8: missing required key "Enabled" in Listeners.local.SMTP']],
    ['value on a struct key', edit(11, 'Postmaster: mox'), [
      'mox.conf:11: Postmaster is a struct: expected its keys on the next lines, indented with 1 tab, not a value after the colon (got "mox")',
    ]],
    ['nested lines under a scalar', edit(3, ['Hostname: localhost', '\tfoo: bar']), [
      'mox.conf:4: unexpected indentation: Hostname on line 3 is a string and cannot have nested lines',
    ]],
    ['too deep indentation after a scalar', edit(10, '\t\t\t\tPort: 1025'), [
      'mox.conf:10: unexpected indentation: Listeners.local.SMTP.Enabled on line 9 is a boolean and cannot have nested lines',
    ]],
    ['too deep indentation for a first nested key', edit(9, '\t\t\t\tEnabled: true'), [
      'mox.conf:9: unexpected indentation: expected 3 tabs, got 4 tabs',
      'mox.conf:8: missing required key "Enabled" in Listeners.local.SMTP',
    ]],
    ['no colon', edit(3, 'Hostname localhost'), [
      'mox.conf:3: expected tab-indented "Key: value" line at top level, got "Hostname localhost"',
      'mox.conf:13: missing required key "Hostname" at top level',
    ]],
    ['no space after colon', edit(3, 'Hostname:localhost'), [
      'mox.conf:3: missing space after colon in "Hostname:localhost"',
      'mox.conf:13: missing required key "Hostname" at top level',
    ]],
    ['whitespace-only line', edit(4, ['\t', 'Listeners:']), ['mox.conf:4: line has only whitespace; remove it or make it a comment']],
    ['CRLF line ending', edit(1, 'DataDir: .\r'), ['mox.conf:1: line ends with a carriage return; sconf files use LF line endings']],
  ];
  for (const [name, input, want] of cases) {
    assert.deepEqual(errs(input), want, name);
  }
});

test('lists of structs: items start with "-", an empty item and a missing key are reported', () => {
  const dyn = (lines: string[]) =>
    parseSconf(text(['Domains:', '\tx: nil', 'Accounts:', '\ta: nil', ...lines]), dynamicSchema.root, 'domains.conf').problems.map(formatProblem);
  assert.deepEqual(dyn(['WebHandlers:', '\t-', '\t\tDomain: a', '\t\tPathRegexp: ^/', '\t-']), [
    'domains.conf:9: expected keys of WebHandlers[1] on the next lines, indented with 2 tabs',
  ]);
  assert.deepEqual(dyn(['WebHandlers:', '\t-', '\t\tDomain: a', '\t-', '\t\tPathRegexp: ^/', '\t\tDomain: b']), [
    'domains.conf:6: missing required key "PathRegexp" in WebHandlers[0]',
  ]);
  assert.deepEqual(dyn(['Routes:', '\t- smarthost']), [
    'domains.conf:6: Routes[0] is a struct: expected its keys on the next lines, indented with 2 tabs, not a value after the colon (got "smarthost")',
  ]);
  assert.deepEqual(dyn(['MonitorDNSBLs: sbl.spamhaus.org']), [
    'domains.conf:5: MonitorDNSBLs is a list of string: expected its items ("- value") on the next lines, indented with 1 tab, not a value after the colon (got "sbl.spamhaus.org")',
  ]);
});

test('comments and blank lines are skipped at any indentation', () => {
  const t = edit(9, ['', '\t\t\t# a comment', '# another one, less indented', '\t\t\tEnabled: true']);
  assert.deepEqual(errs(t), []);
});

test('all problems are collected into one ConfigError, one file:line per message line', () => {
  const t = text([
    'DataDir: .',
    'LogLevel: info',
    'Pedantic: maybe',
    'Hostname: localhost',
    'Listeners:',
    '\tlocal:',
    '\t\tIPs:',
    '\t\t\t- ::1',
    '\t\tSMTP:',
    '\t\t\tEnabled: true',
    '\t\t\tPortt: 25',
    '  Postmaster:',
  ]);
  let err: unknown;
  try {
    parseStatic(t, 'conf/mox.conf');
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof ConfigError);
  assert.deepEqual(err.problems, [
    { file: 'conf/mox.conf', line: 12, message: 'indented with spaces; sconf indents with tabs only, got "  Postmaster:"' },
    { file: 'conf/mox.conf', line: 3, message: 'invalid boolean "maybe": must be true or false for Pedantic' },
    { file: 'conf/mox.conf', line: 11, message: 'unknown key "Portt" in Listeners.local.SMTP (did you mean "Port"?)' },
    { file: 'conf/mox.conf', line: 12, message: 'missing required key "Postmaster" at top level' },
  ]);
  assert.equal(err.message, err.problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n'));
});

test('map values: nil is the zero value, keys may contain spaces and dots, duplicates are rejected', () => {
  const d = parseDynamic(
    text([
      'Domains:',
      '\texample.org: nil',
      'Accounts:',
      '\tjo hn:',
      '\t\tDomain: example.org',
      '\t\tDestinations:',
      '\t\t\tjohn@example.org: nil',
      '\t\t\t@example.org:',
      '\t\t\t\tMailbox: Catchall',
    ]),
  );
  assert.deepEqual(d.Domains, { 'example.org': {} });
  assert.deepEqual(d.Accounts['jo hn']?.Destinations, { 'john@example.org': {}, '@example.org': { Mailbox: 'Catchall' } });
  // nil fills required keys with zero values, as Go's zero struct has them.
  assert.deepEqual(parseDynamic('Domains:\n\tx: nil\nAccounts:\n\ta: nil\n').Accounts, { a: { Domain: '' } });
  assert.throws(() => parseDynamic('Domains:\n\tx: nil\n\tx: nil\nAccounts:\n\ta: nil\n'), {
    message: 'domains.conf:3: duplicate key "x" in Domains (first on line 2)',
  });
});

test('a map key named __proto__ stays an ordinary key', () => {
  const d = parseDynamic('Domains:\n\t__proto__: nil\nAccounts:\n\ta: nil\n');
  assert.deepEqual(Object.keys(d.Domains), ['__proto__']);
  assert.equal(Object.getPrototypeOf(d.Domains), Object.prototype);
});

test('mox doc examples (webhandlers, transports) parse with parts of the schemas', () => {
  const web = file('webhandlers.conf', '', {
    WebDomainRedirects: dynamicSchema.root.fields.WebDomainRedirects,
    WebHandlers: dynamicSchema.root.fields.WebHandlers,
  });
  const w = parseSconf(vector('example-webhandlers.conf'), web.root, 'webhandlers.conf');
  assert.deepEqual(w.problems, []);
  const handlers = w.value['WebHandlers'] as { LogName: string; WebRedirect?: { StatusCode?: number } }[];
  assert.deepEqual(handlers.map((h) => h.LogName), ['redirhttps', 'staticmjl', 'redir', 'oldnew', 'app']);
  assert.equal(handlers[2]?.WebRedirect?.StatusCode, 307);

  const tr = file('transport.conf', '', { Transports: staticSchema.root.fields.Transports });
  const t = parseSconf(vector('example-transport.conf'), tr.root, 'transport.conf');
  assert.deepEqual(t.problems, []);
  assert.deepEqual(t.value, {
    Transports: {
      Example: {
        Submissions: {
          Host: 'smtp.example.com',
          Auth: { Username: 'user@example.com', Password: 'test1234', Mechanisms: ['SCRAM-SHA-256-PLUS'] },
        },
      },
    },
  });
});

test('an empty file reports every required top-level key', () => {
  assert.deepEqual(parseSconf('', dynamicSchema.root, 'domains.conf').problems.map(formatProblem), [
    'domains.conf:1: missing required key "Domains" at top level',
    'domains.conf:1: missing required key "Accounts" at top level',
  ]);
});
