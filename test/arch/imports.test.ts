import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve, sep } from 'node:path';

// The layer table of ../shared/spec/style.md §4. A folder may import folders of lower layers,
// plus the same-layer edges listed in `extra`. L3 edges may import L2 folders for types only.
const layers: Record<string, number> = {};
for (const f of ['clock', 'io', 'smtp', 'imap', 'sasl', 'message', 'dsn', 'simulate', 'dns', 'spf', 'dkim', 'dmarc', 'mtasts', 'dane', 'tlsrpt', 'iprev', 'dnsbl']) layers[f] = 0;
for (const f of ['log', 'events', 'config', 'tls', 'store', 'smtpclient']) layers[f] = 1;
for (const f of ['queue', 'webhook', 'junk']) layers[f] = 2;
for (const f of ['smtpserver', 'imapserver', 'http', 'webapi', 'ctl']) layers[f] = 3;
layers.engine = 4;
layers['.'] = 4; // src/index.ts
layers.cli = 5;
const extra: Record<string, string[]> = {
  store: ['events', 'log'],
  config: ['log'],
  smtpclient: ['log', 'events'],
  tls: [],
  queue: ['webhook', 'smtpclient'],
  '.': ['engine'], // src/index.ts exports the engine's public API (style.md §4: L4 imports all but cli).
};
// npm packages each folder may use (Node built-ins are always allowed).
const npm: Record<string, string[]> = {
  sasl: ['bcryptjs'],
  tls: ['@peculiar/x509'],
  store: ['libsql', 'sql.js'],
  config: ['chokidar'],
  engine: ['prom-client', 'bcryptjs'],
  cli: ['commander', 'open'],
  webapi: ['nodemailer'],
};

const root = resolve(import.meta.dirname, '..', '..');
const src = join(root, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(n) ? [p] : [];
  });
}

/** The top folder of a file under src/ ("." for src/index.ts). */
function folderOf(file: string): string {
  const rel = relative(src, file).split(sep);
  return rel.length === 1 ? '.' : rel[0]!;
}

function imports(text: string): { spec: string; typeOnly: boolean }[] {
  const out: { spec: string; typeOnly: boolean }[] = [];
  const re = /(?:^|;)\s*(import|export)\s+(type\s+)?[^'"`;]*?\sfrom\s+['"]([^'"]+)['"]|(?:^|;)\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ spec: (m[3] ?? m[4] ?? m[5])!, typeOnly: !!m[2] });
  return out;
}

test('imports follow the layer table, go through index.ts/types.ts, and use only allowed packages', () => {
  const problems: string[] = [];
  const edges = new Map<string, Set<string>>();
  for (const f of files(src)) {
    const from = folderOf(f);
    const text = readFileSync(f, 'utf8');
    for (const { spec, typeOnly } of imports(text)) {
      const where = `${relative(root, f)} imports ${spec}`;
      if (spec.startsWith('node:')) continue;
      if (!spec.startsWith('.')) {
        const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        if (!(npm[from] ?? []).includes(pkg)) problems.push(`${where}: package not allowed in ${from}/`);
        continue;
      }
      const target = resolve(dirname(f), spec);
      if (!target.startsWith(src)) {
        if (from === 'cli' && target.includes(`${sep}tui${sep}`) && /import\(/.test(text)) continue;
        problems.push(`${where}: outside src/`);
        continue;
      }
      const to = folderOf(target.replace(/\.js$/, '.ts'));
      if (to === from) continue;
      if (!edges.has(from)) edges.set(from, new Set());
      edges.get(from)!.add(to);
      const rest = relative(join(src, to), target);
      if (!['index.js', 'types.js'].includes(rest)) problems.push(`${where}: deep import, use ${to}/index.ts`);
      const lf = layers[from];
      const lt = layers[to];
      if (lf === undefined || lt === undefined) {
        problems.push(`${where}: folder not in the layer table`);
        continue;
      }
      if (to === 'cli' || (from !== 'cli' && to === '.')) problems.push(`${where}: nothing imports the faces`);
      // Leaves may use each other (no cycles, checked below).
      const ok = lt < lf || (lf === 0 && lt === 0) || (extra[from] ?? []).includes(to) || (from === 'cli' && lt <= 4);
      if (!ok) problems.push(`${where}: layer ${lf} may not import layer ${lt}`);
      if (lf === 3 && lt === 2 && !typeOnly) problems.push(`${where}: edges import services for types only`);
    }
  }
  // No import cycles between folders.
  const visit = (n: string, path: string[]): void => {
    if (path.includes(n)) {
      problems.push(`import cycle: ${[...path.slice(path.indexOf(n)), n].join(' -> ')}`);
      return;
    }
    for (const m of edges.get(n) ?? []) visit(m, [...path, n]);
  };
  for (const n of edges.keys()) visit(n, []);
  assert.deepEqual([...new Set(problems)], []);
});

test('no source file is over 600 lines; no exported mutable module state; nothing in src/ imports ink or react', () => {
  const problems: string[] = [];
  for (const f of files(src)) {
    const text = readFileSync(f, 'utf8');
    const n = text.split('\n').length;
    if (n > 600) problems.push(`${relative(root, f)}: ${n} lines`);
    if (/^export\s+let\s/m.test(text)) problems.push(`${relative(root, f)}: export let`);
    if (/from\s+['"](ink|react)['"]/.test(text)) problems.push(`${relative(root, f)}: imports ink/react`);
  }
  assert.deepEqual(problems, []);
});
