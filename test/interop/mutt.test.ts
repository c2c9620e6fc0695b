import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { startLocalserve, waitDelivered } from '../helpers/localserve.js';
import { have } from '../helpers/tools.js';
import { tempDir } from '../helpers/tmp.js';

const skip = !have('mutt') || !have('tmux') ? 'mutt or tmux not installed' : false;

test('mutt (in tmux) lists the Inbox over IMAP and sees a new delivery', { skip }, async (t) => {
  const ls = await startLocalserve(t);
  const send = async (subject: string) => {
    const delivered = waitDelivered(ls.engine, 1);
    const tr = createTransport({ host: '127.0.0.1', port: ls.port('smtp'), ignoreTLS: true });
    await tr.sendMail({ from: 'app@example.org', to: 'mox@localhost', subject, text: 'hello mutt' });
    tr.close();
    await delivered;
  };
  await send('first for mutt');
  const dir = tempDir(t);
  const rc = join(dir, 'muttrc');
  writeFileSync(
    rc,
    [
      `set folder="imap://mox%40localhost@127.0.0.1:${ls.port('imap')}/"`,
      'set spoolfile="+INBOX"',
      'set imap_user="mox@localhost"',
      'set imap_pass="moxmoxmox"',
      'set ssl_starttls=no',
      'set ssl_force_tls=no',
      'set header_cache=""',
      'set message_cachedir=""',
      'set mail_check=1',
      'set timeout=1',
      'set imap_keepalive=30',
      'set imap_idle=yes',
      'set move=no',
      `set certificate_file="${join(dir, 'certs')}"`,
      '',
    ].join('\n'),
  );
  const sock = join(dir, 'tmux.sock');
  const tmux = (...args: string[]) => execFileSync('tmux', ['-S', sock, ...args], { encoding: 'utf8' });
  tmux('new-session', '-d', '-s', 'mutt', '-x', '120', '-y', '30', `mutt -n -F ${rc}`);
  const panePid = Number(tmux('display-message', '-p', '-t', 'mutt', '#{pane_pid}').trim());
  t.after(() => {
    // mutt survives tmux's SIGHUP; make sure it is gone.
    try {
      process.kill(panePid, 'SIGKILL');
    } catch {
      // Already exited.
    }
    try {
      tmux('kill-server');
    } catch {
      // Already gone.
    }
  });
  const screen = () => tmux('capture-pane', '-p', '-t', 'mutt');
  const waitScreen = async (re: RegExp) => {
    const end = Date.now() + 20_000;
    for (;;) {
      const s = screen();
      if (re.test(s)) return s;
      if (Date.now() > end) throw new Error(`screen does not match ${re}:\n${s}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await waitScreen(/first for mutt/);
  await send('second for mutt');
  const s = await waitScreen(/second for mutt/);
  assert.match(s, /first for mutt/);
  tmux('send-keys', '-t', 'mutt', 'q');
});
