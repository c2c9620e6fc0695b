// `mox export maildir|mbox` (offline, reading the account's files) and `mox import
// maildir|mbox` (over ctl, into the running instance) as processes against `mox localserve`:
// round trips keep message bytes, flags and keywords; mbox uses mboxrd escaping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { bannerPorts, runMox, runMoxToEnd } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const messages = [
  {
    raw: 'From: a@example.org\r\nTo: mox@localhost\r\nSubject: one\r\n\r\nFrom the start of a line\r\n>From quoted\r\n\r\nFrom after an empty line\r\n',
    flags: ['\\Seen', '\\Flagged', '$Forwarded', 'ProjectX'],
  },
  { raw: 'From: b@example.org\r\nSubject: two\r\n\r\nplain\r\n', flags: [] as string[] },
  { raw: 'From: c@example.org\r\nSubject: three\r\n\r\nanswered draft\r\n', flags: ['\\Answered', '\\Draft', '$Junk'] },
];

test('export then import maildir and mbox against a running localserve', async (t) => {
  const base = tempDir(t);
  const dir = join(base, 'ls');
  const server = runMox(t, ['localserve', '-dir', dir, '-ports', '0', '-no-tui', '-loglevel', 'error']);
  await server.waitStderr(/serving from/);
  const ports = bannerPorts(server.stderr());
  const conf = join(dir, 'mox.conf');
  const imap = new ImapFlow({ host: '127.0.0.1', port: ports.imap!, secure: false, doSTARTTLS: false, auth: { user: 'mox@localhost', pass: 'moxmoxmox' }, logger: false });
  await imap.connect();
  t.after(() => imap.close());
  await imap.mailboxCreate('Src');
  for (const m of messages) await imap.append('Src', m.raw, m.flags, new Date(Date.UTC(2025, 0, 1)));

  const ok = async (...args: string[]) => {
    const r = await runMoxToEnd(t, ['-config', conf, ...args]);
    assert.equal(r.code, 0, `mox ${args.join(' ')}: ${r.stderr}`);
    return r;
  };
  const accountDir = join(dir, 'accounts', 'mox');

  // Export while the server runs: export opens the database itself.
  const md = join(base, 'md');
  await ok('export', 'maildir', '-single', md, accountDir, 'Src');
  assert.deepEqual(readdirSync(md), ['Src']);
  assert.deepEqual(readdirSync(join(md, 'Src')).sort(), ['cur', 'dovecot-keywords', 'new', 'tmp']);
  const kw = readFileSync(join(md, 'Src', 'dovecot-keywords'), 'utf8');
  assert.match(kw, /^0 \$Forwarded\n/);
  const names = [...readdirSync(join(md, 'Src', 'cur')), ...readdirSync(join(md, 'Src', 'new'))].map((n) => n.replace(/^\d+\.\d+\.mox:2,/, '')).sort();
  assert.deepEqual(names, ['', 'DRc', 'FSab']);

  const mb = join(base, 'mb');
  await ok('export', 'mbox', mb, accountDir, 'Src');
  const mbox = readFileSync(join(mb, 'Src.mbox'), 'utf8');
  assert.match(mbox, /^From mox \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\n/);
  assert.ok(mbox.includes('\n>From the start of a line\n>>From quoted\n\n>From after an empty line\n'), mbox);
  assert.ok(mbox.includes('Status: R\nX-Status: F\nX-Keywords: $Forwarded,projectx\n'), mbox);

  // Import both back, into new mailboxes, through the running instance.
  const r1 = await ok('import', 'maildir', 'mox', 'FromMaildir', join(md, 'Src'));
  assert.match(r1.stderr, /importing\.\.\.\n3 imported\n/);
  const r2 = await ok('import', 'mbox', 'mox', 'FromMbox', join(mb, 'Src.mbox'));
  assert.match(r2.stderr, /3 imported/);

  const fetchAll = async (mailbox: string) => {
    const lock = await imap.getMailboxLock(mailbox);
    try {
      const out: { raw: string; flags: string[] }[] = [];
      for await (const m of imap.fetch('1:*', { source: true, flags: true })) out.push({ raw: m.source!.toString(), flags: [...(m.flags ?? [])].map((f) => f.toLowerCase()).sort() });
      return out.sort((a, b) => a.raw.localeCompare(b.raw));
    } finally {
      lock.release();
    }
  };
  const want = messages.map((m) => ({ raw: m.raw, flags: m.flags.map((f) => f.toLowerCase()).sort() })).sort((a, b) => a.raw.localeCompare(b.raw));
  assert.deepEqual(await fetchAll('FromMaildir'), want);
  // mbox carries the flags in headers, which stay in the imported messages.
  const fromMbox = (await fetchAll('FromMbox'))
    .map((m) => ({ raw: m.raw.replace(/^(Status|X-Status|X-Keywords): .*\r\n/gm, ''), flags: m.flags }))
    .sort((a, b) => a.raw.localeCompare(b.raw));
  assert.deepEqual(fromMbox, want);

  // Errors: unknown account, missing source; import of a non-mbox file.
  let r = await runMoxToEnd(t, ['-config', conf, 'import', 'mbox', 'nobody', 'X', join(mb, 'Src.mbox')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /account not found/);
  r = await runMoxToEnd(t, ['-config', conf, 'import', 'maildir', 'mox', 'X', join(base, 'missing')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /open subdir new of maildir/);
  r = await runMoxToEnd(t, ['-config', conf, 'import', 'mbox', 'mox', 'X', join(md, 'Src', 'dovecot-keywords')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /import, expected ok, got "import error: .*first line does not start with/);
  r = await runMoxToEnd(t, ['export', 'mbox', join(base, 'x'), join(base, 'nope')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /exporting messages: open database/);
});
