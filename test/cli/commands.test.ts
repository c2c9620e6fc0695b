// The built CLI as a process: usage and help, exit codes, stubs, and the offline commands
// (config test/describe-*/example/printservice, example, version, licenses, cid, clientconfig).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeDynamic, describeStatic, parseSconf, describeSconf } from '../../src/config/index.js';
import { sendmailSchema } from '../../src/cli/sendmail-schema.js';
import { ReceivedIdCodec } from '../../src/smtp/index.js';
import { runMoxToEnd } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const referenceUsage = readFileSync(join(import.meta.dirname, '..', 'vectors', 'cli', 'reference-usage.txt'), 'utf8').trimEnd().split('\n');

test('usage, help, unknown commands, bad flags and stubs, as Go mox', async (t) => {
  const [none, help, helpOne, helpBad, unknown, badFlag, stub, version, versionArgs, loglevel] = await Promise.all([
    runMoxToEnd(t, []),
    runMoxToEnd(t, ['help', 'queue', 'suppress']),
    runMoxToEnd(t, ['help', 'cid']),
    runMoxToEnd(t, ['help', 'nosuch']),
    runMoxToEnd(t, ['nosuch']),
    runMoxToEnd(t, ['version', '-bogus']),
    runMoxToEnd(t, ['dmarc', 'lookup', 'example.com']),
    runMoxToEnd(t, ['version']),
    runMoxToEnd(t, ['version', 'extra']),
    runMoxToEnd(t, ['-loglevel', 'loud', 'version']),
  ]);
  assert.equal(none.code, 2);
  assert.equal(none.stdout, '');
  const lines = none.stderr.trimEnd().split('\n').map((l) => l.slice(7));
  assert.deepEqual(lines.slice(0, referenceUsage.length), referenceUsage);

  assert.equal(help.code, 0, help.stderr);
  assert.equal(
    help.stdout.split('\n').filter((l) => l.startsWith('mox')).join('\n'),
    'mox queue suppress list\nmox queue suppress add\nmox queue suppress remove\nmox queue suppress lookup',
  );
  assert.match(help.stdout, /^mox queue suppress list\n\t\S.*\n/);

  assert.equal(helpOne.code, 0);
  assert.match(helpOne.stdout, /^usage: mox cid cid\n\nTurn the ID in a Received header into a cid/);

  assert.deepEqual([helpBad.code, helpBad.stderr], [2, 'nosuch: unknown command\n']);

  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^mox: unknown command "nosuch"\nusage: mox \[-config /);

  assert.equal(badFlag.code, 2);
  assert.match(badFlag.stderr, /^flag provided but not defined: -bogus\nusage: mox version\n/);

  assert.deepEqual([stub.code, stub.stdout, stub.stderr], [1, '', 'mox: dmarc lookup: not implemented in this version\n']);

  assert.equal(version.code, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+\S*\n[a-z0-9]+\/[a-z0-9]+\n$/);
  assert.equal(versionArgs.code, 2);
  assert.match(versionArgs.stderr, /^mox version: too many parameters\nusage: mox version\n/);
  assert.deepEqual([loglevel.code, loglevel.stderr], [1, 'unknown loglevel "loud"\n']);
});

test('config describe-static/-domains/-sendmail print the annotated empty configs', async (t) => {
  const [s, d, m] = await Promise.all([
    runMoxToEnd(t, ['config', 'describe-static']),
    runMoxToEnd(t, ['config', 'describe-domains']),
    runMoxToEnd(t, ['config', 'describe-sendmail']),
  ]);
  assert.deepEqual([s.code, d.code, m.code], [0, 0, 0]);
  assert.equal(s.stdout, describeStatic());
  assert.equal(d.stdout, describeDynamic());
  assert.equal(m.stdout, describeSconf(sendmailSchema));
  assert.match(s.stdout, /^# NOTE: /);
  assert.match(s.stdout, /\nDataDir: \n/);
  assert.match(d.stdout, /\nAccounts:\n\tx:\n/);
  // The sendmail config has mox's keys in mox's order, and parses back.
  const keys = m.stdout.split('\n').filter((l) => /^[A-Za-z]/.test(l)).map((l) => l.split(':')[0]);
  assert.deepEqual(keys, [
    'LocalHostname', 'Host', 'Port', 'TLS', 'STARTTLS', 'TLSInsecureSkipVerify', 'Username', 'Password', 'ClientAuthEd25519PrivateKey',
    'ClientAuthCertPrivateKeyPEMFile', 'AuthMethod', 'From', 'DefaultDestination', 'RequireTLS',
  ]);
  assert.deepEqual(parseSconf(m.stdout, sendmailSchema.root, 'moxsubmit.conf').problems, []);
});

test('config test: "config OK", or every problem of both files with file:line and exit 1', async (t) => {
  const dir = join(tempDir(t), 'ls');
  const init = await runMoxToEnd(t, ['localserve', '-dir', dir, '-initonly']);
  assert.equal(init.code, 0, init.stderr);
  const conf = join(dir, 'mox.conf');
  const ok = await runMoxToEnd(t, ['-config', conf, 'config', 'test']);
  assert.deepEqual([ok.code, ok.stdout, ok.stderr], [0, 'config OK\n', '']);
  // MOXCONF works as -config.
  const env = await runMoxToEnd(t, ['config', 'test'], { MOXCONF: conf });
  assert.deepEqual([env.code, env.stdout], [0, 'config OK\n']);

  const staticLines = readFileSync(conf, 'utf8').split('\n').length;
  appendFileSync(conf, 'NoSuchKey: 1\n');
  const dyn = join(dir, 'domains.conf');
  writeFileSync(dyn, readFileSync(dyn, 'utf8').replace(/^Accounts:/m, 'Bogus: x\nAccounts:'));
  const bogusLine = readFileSync(dyn, 'utf8').split('\n').indexOf('Bogus: x') + 1;
  const bad = await runMoxToEnd(t, ['-config', conf, 'config', 'test']);
  assert.equal(bad.code, 1);
  assert.equal(bad.stdout, '');
  const errLines = bad.stderr.trimEnd().split('\n');
  assert.equal(errLines[0], 'multiple errors:');
  assert.equal(errLines.length, 3, bad.stderr);
  assert.match(errLines[1]!, new RegExp(`^${conf.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${staticLines}: .*NoSuchKey`));
  assert.match(errLines[2]!, new RegExp(`^${dyn.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${bogusLine}: .*Bogus`));

  // A single problem is printed on its own.
  writeFileSync(conf, readFileSync(conf, 'utf8').replace('NoSuchKey: 1\n', ''));
  const one = await runMoxToEnd(t, ['-config', conf, 'config', 'test']);
  assert.equal(one.code, 1);
  assert.match(one.stderr, new RegExp(`^[^\\n]*domains\\.conf:${bogusLine}: [^\\n]*\\n$`));
});

test('cid decodes a received-id with receivedid.key; clientconfig prints the client settings', async (t) => {
  const dir = join(tempDir(t), 'ls');
  assert.equal((await runMoxToEnd(t, ['localserve', '-dir', dir, '-initonly'])).code, 0);
  const conf = join(dir, 'mox.conf');
  const key = readFileSync(join(dir, 'receivedid.key'));
  const id = new ReceivedIdCodec(key).id(0x1234abcd);
  const other = new ReceivedIdCodec(Buffer.alloc(24, 7)).id(5);
  const [cid, wrong, cc, unknownDomain] = await Promise.all([
    runMoxToEnd(t, ['-config', conf, 'cid', id]),
    runMoxToEnd(t, ['-config', conf, 'cid', other]),
    runMoxToEnd(t, ['-config', conf, 'clientconfig', 'localhost']),
    runMoxToEnd(t, ['-config', conf, 'clientconfig', 'example.org']),
  ]);
  assert.deepEqual([cid.code, cid.stdout], [0, '1234abcd\n'], cid.stderr);
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /^mox: received id to cid: /);
  assert.equal(cc.code, 0, cc.stderr);
  const rows = cc.stdout.split('\n');
  assert.equal(rows[0], `${'Protocol'.padEnd(20)} ${'Host'.padEnd(30)}  Port ${'Listener'.padEnd(15)} Note`);
  assert.match(cc.stdout, /^Submission \(SMTP\) +localhost +1465 local +with TLS$/m);
  assert.match(cc.stdout, /^IMAP +localhost +1143 local +STARTTLS optional$/m);
  assert.match(cc.stdout, /SCRAM-SHA-256-PLUS/);
  assert.deepEqual([unknownDomain.code, unknownDomain.stderr], [1, 'mox: getting client config: unknown domain\n']);
});

test('config example, example, printservice and licenses', async (t) => {
  const [list, web, transport, missing, exList, exOut, exIn, svc, lic] = await Promise.all([
    runMoxToEnd(t, ['config', 'example']),
    runMoxToEnd(t, ['config', 'example', 'webhandlers']),
    runMoxToEnd(t, ['config', 'example', 'transport']),
    runMoxToEnd(t, ['config', 'example', 'nosuch']),
    runMoxToEnd(t, ['example']),
    runMoxToEnd(t, ['example', 'webhook-outgoing-dsn-failed']),
    runMoxToEnd(t, ['example', 'webhook-incoming-basic']),
    runMoxToEnd(t, ['config', 'printservice']),
    runMoxToEnd(t, ['licenses']),
  ]);
  assert.equal(list.stdout, 'webhandlers\ntransport\n');
  assert.match(web.stdout, /^# .*\n(.*\n)*WebHandlers:\n\t-\n/);
  assert.match(transport.stdout, /^Transports:\n\tExample:\n(\t\t#.*\n)*\t\tSubmissions:\n/m);
  assert.match(transport.stdout, /^Routes:\n\t-\n\t\tTransport: Example\n$/m);
  assert.deepEqual([missing.code, missing.stderr], [1, 'mox: not found\n']);
  assert.equal(exList.stdout, 'webhook-outgoing-delivered\nwebhook-outgoing-dsn-failed\nwebhook-incoming-basic\n');
  const json = (s: string) => JSON.parse(s.slice(s.indexOf('\n\n\t') + 3)) as Record<string, unknown>;
  assert.deepEqual(json(exOut.stdout), {
    Version: 0,
    Event: 'failed',
    DSN: true,
    Suppressing: true,
    QueueMsgID: 102,
    FromID: 'MDEyMzQ1Njc4OWFiY2RlZg',
    MessageID: '<QnxzgulZK51utga6agH_rg@mox.example>',
    Subject: 'subject of original message',
    WebhookQueued: '2024-03-27T00:00:00Z',
    SMTPCode: 554,
    SMTPEnhancedCode: '5.4.0',
    Error: 'timeout connecting to host',
    Extra: { userid: '456' },
  });
  assert.match(exOut.stdout, /\n\t\t"Version": 0,\n/, 'indented as Go json SetIndent("\\t", "\\t")');
  const inc = json(exIn.stdout) as { Subject: string; Text: string; Meta: { MsgID: number; Received: string }; Structure: { DecodedSize: number } };
  assert.deepEqual([inc.Subject, inc.Text, inc.Meta.MsgID, inc.Meta.Received, inc.Structure.DecodedSize], ['hi', 'hello world \u263a\n', 201, '2024-03-27T00:00:03Z', 17]);
  assert.match(svc.stdout, /^\[Unit\]\n/);
  assert.match(svc.stdout, /^ExecStart=\/.*\/mox serve$/m);
  assert.match(svc.stdout, /^ExecStop=\/.*\/mox stop$/m);
  assert.match(svc.stdout, /^WantedBy=multi-user.target\n$/m);
  assert.equal(lic.code, 0);
  assert.match(lic.stdout, /^# mox-ts\n/);
  assert.match(lic.stdout, /^# commander\n\n.*MIT License|^# commander\n\n\(The MIT License\)/m);
});
