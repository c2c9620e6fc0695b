// The Go-mox-like frame around the commander program, in process: usage list, help texts,
// routing decisions (exit codes), error wording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalog } from '../../src/cli/catalog.js';
import { commandList, helpText, route, translateError, usageList, wrap } from '../../src/cli/frame.js';
import { normalizeArgv } from '../../src/cli/argv.js';
import { buildProgram } from '../../src/cli/program.js';

const referenceUsage = readFileSync(join(import.meta.dirname, '..', 'vectors', 'cli', 'reference-usage.txt'), 'utf8').trimEnd().split('\n');

function routeOf(...args: string[]) {
  return route(buildProgram(), normalizeArgv(args));
}

test('the usage list has every command of the reference, in its order, with its parameters', () => {
  const lines = usageList(commandList(buildProgram()), true).trimEnd().split('\n');
  assert.equal(lines[0], `usage: ${referenceUsage[0]}`);
  const ours = lines.map((l) => l.slice(7));
  assert.deepEqual(ours.slice(0, referenceUsage.length), referenceUsage);
  // Commands we add beyond the reference come after it.
  for (const extra of ours.slice(referenceUsage.length)) assert.match(extra, /^mox /);
  assert.equal(catalog.length, referenceUsage.length - 1);
});

test('routing: no command, -h, unknown commands and flags exit 2 with usage; commands run', () => {
  const none = routeOf();
  assert.equal(none.kind, 'exit');
  assert.equal(none.kind === 'exit' && none.code, 2);
  assert.match(none.kind === 'exit' ? none.stderr : '', /^usage: mox \[-config config\/mox\.conf\] \[-pedantic\] \.\.\.\n {7}mox serve\n/);

  const h = routeOf('-h');
  assert.ok(h.kind === 'exit' && h.code === 2 && h.stderr === (none.kind === 'exit' ? none.stderr : ''));

  const unknown = routeOf('frobnicate');
  assert.ok(unknown.kind === 'exit' && unknown.code === 2);
  assert.match(unknown.stderr, /^mox: unknown command "frobnicate"\nusage: mox \[-config/);

  const group = routeOf('config', 'alias');
  assert.ok(group.kind === 'exit' && group.code === 2);
  assert.equal(group.stderr.split('\n')[0], 'usage: mox config alias list domain');
  assert.equal(group.stderr.trimEnd().split('\n').length, 7);
  assert.ok(group.stderr.split('\n').slice(1, -1).every((l) => l.startsWith('       mox config alias ')));

  const badSub = routeOf('queue', 'nope');
  assert.ok(badSub.kind === 'exit');
  assert.match(badSub.stderr, /^mox: unknown command "queue nope"\nusage: mox queue holdrules list\n/);

  const groupFlag = routeOf('queue', '-bogus=1', 'list');
  assert.ok(groupFlag.kind === 'exit' && groupFlag.code === 2);
  assert.match(groupFlag.stderr, /^flag provided but not defined: -bogus\nusage: mox queue holdrules list\n/);

  const badGlobal = routeOf('-bogus', 'version');
  assert.ok(badGlobal.kind === 'exit' && badGlobal.code === 2);
  assert.match(badGlobal.stderr, /^flag provided but not defined: -bogus\nusage: /);
  const missing = routeOf('-config');
  assert.ok(missing.kind === 'exit');
  assert.match(missing.stderr, /^flag needs an argument: -config\n/);

  const help = routeOf('version', '-h');
  assert.ok(help.kind === 'exit' && help.code === 2);
  assert.match(help.stderr, /^usage: mox version\n\nPrint the version of mox/);
  const help2 = routeOf('-config', 'x.conf', 'config', 'test', '-help');
  assert.ok(help2.kind === 'exit');
  assert.match(help2.stderr, /^usage: mox config test\n\n/);

  assert.deepEqual(routeOf('-config', 'x.conf', '-pedantic', '-loglevel=debug', 'version'), { kind: 'run' });
  assert.deepEqual(routeOf('dane', 'dial', 'x:1'), { kind: 'run' });
  // After "--", -h is a parameter.
  assert.deepEqual(routeOf('help', '--', '-h'), { kind: 'run' });
});

test('mox help: one command in full, a prefix as a list with synopses, nothing for unknown words', () => {
  const p = buildProgram();
  const one = helpText(p, ['queue', 'schedule'])!;
  assert.match(one, /^usage: mox queue schedule \[filterflags\] \[-now\] duration\n/);
  assert.match(one, /^ {2}-now\n {4}\t\S/m, 'flags in the layout of Go flag.PrintDefaults');
  // Go's type names: "value" for its custom flag types, int for counts.
  assert.match(one, /^ {2}-ids value\n/m);
  assert.match(one, /^ {2}-n int\n/m);
  assert.match(one, /^ {2}-account string\n/m);
  const list = helpText(p, ['dkim'])!;
  assert.deepEqual(
    list.split('\n').filter((l) => l.startsWith('mox ')),
    ['mox dkim gened25519', 'mox dkim genrsa', 'mox dkim lookup', 'mox dkim txt', 'mox dkim verify', 'mox dkim sign'],
  );
  assert.match(list, /^mox dkim lookup\n\t\S.*\n/m);
  assert.equal(helpText(p, ['nosuch']), undefined);
  // A reference command without implementation says so in its help.
  assert.match(helpText(p, ['dns', 'lookup'])!, /\nNot implemented in this version\.\n$/);
  // Every usage line of a command with several parameter lines after the first is indented.
  const loc = helpText(p, ['localserve'])!;
  assert.match(loc, /^ {2}-dir string\n {4}\tconfiguration storage directory \(default ".*mox-localserve"\)\n/m);
});

test('commander errors are reworded as Go flag errors', () => {
  assert.equal(translateError("error: unknown option '--frob'", ['version']), 'flag provided but not defined: -frob');
  assert.equal(translateError("error: option '--dir <dir>' argument missing", ['localserve']), 'flag needs an argument: -dir');
  assert.equal(translateError("error: missing required argument 'cid'", ['cid']), 'mox cid: missing parameter cid');
  assert.equal(translateError("error: too many arguments for 'version'. Expected 0 arguments but got 1.", ['version']), 'mox version: too many parameters');
  assert.equal(
    translateError("error: option '--hold <bool>' argument 'maybe' is invalid. want true or false", ['queue', 'list']),
    'invalid value "maybe" for flag -hold: want true or false',
  );
  assert.equal(
    translateError("error: command-argument value 'x' is invalid for argument 'id'. not a number", ['queue', 'dump']),
    'mox queue dump: invalid value "x" for id: not a number',
  );
  assert.equal(translateError('error: something else', ['queue', 'list']), 'mox queue list: something else');
});

test('wrap breaks long help lines at 80 characters and keeps indented lines', () => {
  const long = 'word '.repeat(40).trim();
  const w = wrap(`${long}\n\tindented ${long}`).split('\n');
  assert.ok(w.slice(0, -1).every((l) => l.length <= 80));
  assert.ok(w.length > 3);
  assert.equal(w.at(-1), `\tindented ${long}`);
});
