#!/usr/bin/env node
// Renders screenshots of the terminal UI for docs/tui.md: runs `mox localserve` in tmux with
// webhooks pointing at a local test receiver, sends mail (including simulated failures) and
// an IMAP login, switches through the views, captures each screen with `tmux capture-pane -e`
// (text with ANSI colors) and renders it to PNG: ANSI → SVG (monospace font) → PNG with
// rsvg-convert or ImageMagick. Usage: node scripts/tui-screenshots.mjs [outdir] (docs/tui).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';

const root = new URL('..', import.meta.url).pathname;
const out = process.argv[2] ?? join(root, 'docs', 'tui');
const cols = 110;
const rows = 30;
const sock = `moxts-shots-${process.pid}`;
const tmux = (...args) => execFileSync('tmux', ['-L', sock, '-f', '/dev/null', ...args], { encoding: 'utf8', env: { ...process.env, TERM: 'xterm-256color' } });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(re, what) {
  let last = '';
  for (let i = 0; i < 600; i++) {
    last = tmux('capture-pane', '-p', '-t', 'main');
    if (re.test(last)) return last;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}; screen:\n${last}`);
}
const keys = (k, literal = true) => tmux('send-keys', '-t', 'main', ...(literal ? ['-l'] : []), k);

// --- ANSI (SGR) to SVG ---------------------------------------------------------------------
const base16 = ['#1e1e1e', '#e05561', '#8cc265', '#d18f52', '#4aa5f0', '#c162de', '#42b3c2', '#d7dae0', '#5c6370', '#ff616e', '#a5e075', '#f0a45d', '#4dc4ff', '#de73ff', '#4cd1e0', '#ffffff'];
const fgDefault = '#d7dae0';
const bgDefault = '#1e1e1e';
function color256(n) {
  if (n < 16) return base16[n];
  if (n < 232) {
    const v = [0, 95, 135, 175, 215, 255];
    const i = n - 16;
    return `rgb(${v[Math.floor(i / 36)]},${v[Math.floor(i / 6) % 6]},${v[i % 6]})`;
  }
  const g = 8 + (n - 232) * 10;
  return `rgb(${g},${g},${g})`;
}

/** Parses ANSI text into lines of cells {ch, fg, bg, bold, dim, inverse}. */
function parseAnsi(text) {
  const lines = [];
  let st = { fg: undefined, bg: undefined, bold: false, dim: false, inverse: false };
  for (const raw of text.split('\n')) {
    const cells = [];
    for (let i = 0; i < raw.length; ) {
      if (raw[i] === '\x1b' && raw[i + 1] === '[') {
        const m = /^\x1b\[([0-9;:]*)([A-Za-z])/.exec(raw.slice(i));
        if (!m) {
          i++;
          continue;
        }
        i += m[0].length;
        if (m[2] !== 'm') continue;
        const ps = m[1] === '' ? [0] : m[1].split(/[;:]/).map(Number);
        for (let j = 0; j < ps.length; j++) {
          const p = ps[j];
          if (p === 0) st = { fg: undefined, bg: undefined, bold: false, dim: false, inverse: false };
          else if (p === 1) st = { ...st, bold: true };
          else if (p === 2) st = { ...st, dim: true };
          else if (p === 22) st = { ...st, bold: false, dim: false };
          else if (p === 7) st = { ...st, inverse: true };
          else if (p === 27) st = { ...st, inverse: false };
          else if (p >= 30 && p <= 37) st = { ...st, fg: base16[p - 30] };
          else if (p >= 90 && p <= 97) st = { ...st, fg: base16[p - 90 + 8] };
          else if (p === 39) st = { ...st, fg: undefined };
          else if (p >= 40 && p <= 47) st = { ...st, bg: base16[p - 40] };
          else if (p >= 100 && p <= 107) st = { ...st, bg: base16[p - 100 + 8] };
          else if (p === 49) st = { ...st, bg: undefined };
          else if ((p === 38 || p === 48) && ps[j + 1] === 5) {
            st = { ...st, [p === 38 ? 'fg' : 'bg']: color256(ps[j + 2]) };
            j += 2;
          } else if ((p === 38 || p === 48) && ps[j + 1] === 2) {
            st = { ...st, [p === 38 ? 'fg' : 'bg']: `rgb(${ps[j + 2]},${ps[j + 3]},${ps[j + 4]})` };
            j += 4;
          }
        }
        continue;
      }
      const cp = raw.codePointAt(i);
      const ch = String.fromCodePoint(cp);
      i += ch.length;
      cells.push({ ch, ...st });
    }
    lines.push(cells);
  }
  return lines;
}

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An SVG of the screen: one rect per background run, one text element per style run. */
function toSvg(text) {
  const fontSize = 14;
  const cw = 8.43;
  const lh = 18;
  const pad = 10;
  const lines = parseAnsi(text).slice(0, rows);
  const w = Math.ceil(cols * cw + 2 * pad);
  const h = rows * lh + 2 * pad;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
    `<rect width="100%" height="100%" fill="${bgDefault}"/>`,
    `<g font-family="DejaVu Sans Mono, monospace" font-size="${fontSize}" xml:space="preserve">`,
  ];
  lines.forEach((cells, y) => {
    let x = 0;
    while (x < cells.length) {
      const c = cells[x];
      let fg = c.fg ?? fgDefault;
      let bg = c.bg;
      if (c.inverse) [fg, bg] = [bg ?? bgDefault, c.fg ?? fgDefault];
      let end = x + 1;
      const same = (d) => d.fg === c.fg && d.bg === c.bg && d.bold === c.bold && d.dim === c.dim && d.inverse === c.inverse;
      while (end < cells.length && same(cells[end])) end++;
      const run = cells.slice(x, end).map((d) => d.ch).join('');
      const px = pad + x * cw;
      const py = pad + y * lh;
      if (bg) parts.push(`<rect x="${px.toFixed(1)}" y="${py}" width="${((end - x) * cw).toFixed(1)}" height="${lh}" fill="${bg}"/>`);
      if (run.trim()) {
        const attrs = [`x="${px.toFixed(1)}"`, `y="${py + 14}"`, `fill="${fg}"`, `textLength="${((end - x) * cw).toFixed(1)}"`, 'lengthAdjust="spacingAndGlyphs"'];
        if (c.bold) attrs.push('font-weight="bold"');
        if (c.dim) attrs.push('opacity="0.6"');
        parts.push(`<text ${attrs.join(' ')}>${esc(run)}</text>`);
      }
      x = end;
    }
  });
  parts.push('</g></svg>');
  return parts.join('\n');
}

function toPng(svg, file) {
  const svgFile = file.replace(/\.png$/, '.svg');
  writeFileSync(svgFile, svg);
  for (const [cmd, args] of [
    ['rsvg-convert', ['-o', file, svgFile]],
    ['convert', [svgFile, file]],
  ]) {
    const r = spawnSync(cmd, args);
    if (r.status === 0) {
      rmSync(svgFile);
      return;
    }
  }
  throw new Error(`no SVG to PNG renderer worked (install librsvg2-bin or imagemagick); SVG kept at ${svgFile}`);
}

async function shot(name) {
  await sleep(400);
  const ansi = tmux('capture-pane', '-p', '-e', '-t', 'main');
  toPng(toSvg(ansi), join(out, `${name}.png`));
  console.log(`${name}.png`);
}

// --- scenario ------------------------------------------------------------------------------
mkdirSync(out, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'moxts-shots-'));
let hits = 0;
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    // Every third call fails, so the Webhooks view shows retries.
    res.statusCode = ++hits % 3 === 0 ? 503 : 200;
    res.end(res.statusCode === 200 ? 'ok' : 'busy, try later');
  });
});
await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
const hookPort = receiver.address().port;
const sh = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
const cmd = [
  sh(process.execPath),
  sh(join(root, 'bin', 'mox.js')),
  'localserve',
  '-dir',
  sh(join(dir, 'ls')),
  '-ports',
  '0',
  '-webhook-outgoing',
  `http://127.0.0.1:${hookPort}/outgoing`,
  '-webhook-incoming',
  `http://127.0.0.1:${hookPort}/incoming`,
].join(' ');
tmux('new-session', '-d', '-s', 'main', '-x', String(cols), '-y', String(rows), cmd);
try {
  const first = await waitFor(/sub:(\d+)/, 'ports');
  const port = Number(/sub:(\d+)/.exec(first)[1]);
  const imapPort = Number(/imap:(\d+)/.exec(first)[1]);
  const tr = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true, auth: { user: 'mox@localhost', pass: 'moxmoxmox' } });
  const send = (to, subject) => tr.sendMail({ from: 'app@example.org', to, subject, text: `Hello,\n\nThis is "${subject}" for ${to}.\n\n-- the app\n` }).catch(() => undefined);
  await send('alice@example.com', 'Welcome to the app');
  await send('bob@example.com', 'Your invoice #1042');
  await send('rcptto451@example.com', 'Rejected at RCPT TO');
  await send('permerror@example.com', 'Rejected after DATA');
  await send('queuetemperror@example.com', 'Stays in the queue');
  await send('carol@example.com', 'Password reset');
  tr.close();
  // An IMAP session too.
  await new Promise((resolve) => {
    const s = connect(imapPort, '127.0.0.1');
    let step = 0;
    s.on('data', (d) => {
      const t = d.toString();
      if (step === 0 && t.includes('* OK')) s.write('a1 LOGIN mox@localhost moxmoxmox\r\n'), step++;
      else if (step === 1 && t.includes('a1 OK')) s.write('a2 SELECT Inbox\r\n'), step++;
      else if (step === 2 && t.includes('a2 OK')) s.write('a3 LOGOUT\r\n'), step++;
    });
    s.on('close', resolve);
    s.on('error', resolve);
  });
  await waitFor(/imap\s+imap/, 'imap session');
  await shot('sessions');
  keys('/');
  keys('mox@localhost');
  keys('Enter', false);
  await waitFor(/\[\/mox@localhost\]/, 'filter');
  keys('j');
  keys('Enter', false);
  await waitFor(/Transcript/, 'transcript');
  keys('g');
  await shot('transcript');
  keys('Escape', false);
  keys('Escape', false);
  keys('2');
  await waitFor(/queuetemperror/, 'queue');
  await shot('queue');
  keys('Enter', false);
  await waitFor(/attempts:/, 'history');
  await shot('queue-history');
  keys('Escape', false);
  keys('3');
  await waitFor(/outgoing|incoming/, 'webhooks');
  await sleep(1500);
  await shot('webhooks');
  keys('Enter', false);
  await waitFor(/payload:/, 'payload');
  await shot('webhook-payload');
  keys('Escape', false);
  keys('4');
  await waitFor(/RCPT TO\s+451/, 'failures');
  await shot('failures');
  keys('5');
  await waitFor(/Welcome to the app/, 'inbox');
  await shot('inbox');
  keys('Enter', false);
  await waitFor(/Subject:/, 'message');
  await shot('message');
  keys('Escape', false);
  keys('6');
  await waitFor(/TIME\s+LEVEL/, 'log');
  await shot('log');
  keys('?');
  await waitFor(/Help/, 'help');
  await shot('help');
  keys('x');
  keys('q');
  await waitFor(/^\s*$/, 'exit').catch(() => undefined);
} finally {
  try {
    tmux('kill-server');
  } catch {
    // Gone already.
  }
  receiver.close();
  rmSync(dir, { recursive: true, force: true });
}
