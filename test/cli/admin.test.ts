// Admin commands as processes against a running `mox localserve` process, over the ctl
// socket: accounts, passwords, addresses, domains, aliases (with delivery through them) and
// log levels. Checks exit codes, output, domains.conf after each change, and the effect.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { createTransport } from 'nodemailer';
import { bannerPorts, moxRun, runMox, until } from '../helpers/cli.js';

const mox = (conf: string, args: string[], input = '') => moxRun(['-config', conf, ...args], { input });
import { tempDir } from '../helpers/tmp.js';

/** Runs `mox -config conf args…` with `input` on stdin; resolves with code and output. */


test('admin commands over ctl against a running localserve', async (t: TestContext) => {
  const dir = join(tempDir(t), 'ls');
  const server = runMox(t, ['localserve', '-dir', dir, '-ports', '0', '-no-tui', '-loglevel', 'error']);
  await server.waitStderr(/serving from/);
  const ports = bannerPorts(server.stderr());
  const conf = join(dir, 'mox.conf');
  const domainsConf = () => readFileSync(join(dir, 'domains.conf'), 'utf8');
  /** domains.conf without comment and blank lines. */
  const values = () => domainsConf().replace(/^\t*(#.*)?\n/gm, '');
  const ok = async (args: string[], input = '') => {
    const r = await mox(conf, args, input);
    assert.equal(r.code, 0, `mox ${args.join(' ')}: ${r.stdout}${r.stderr}`);
    return r.stdout;
  };
  /** A command that must fail with exit code 1 and leave domains.conf as it was; returns stderr. */
  const fails = async (args: string[], input = '') => {
    const before = domainsConf();
    const r = await mox(conf, args, input);
    assert.equal(r.code, 1, `mox ${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.equal(domainsConf(), before, 'domains.conf unchanged after a refused change');
    return r.stderr;
  };
  const canLogin = async (user: string, pass: string) => {
    const tr = createTransport({ host: '127.0.0.1', port: ports.submission, ignoreTLS: true, auth: { user, pass } });
    try {
      await tr.verify();
      return true;
    } catch {
      return false;
    } finally {
      tr.close();
    }
  };
  /** Subjects of the messages in an account's Inbox (over IMAP). */
  const inbox = async (user: string, pass: string) => {
    const imap = new ImapFlow({ host: '127.0.0.1', port: ports.imap!, secure: false, auth: { user, pass }, logger: false, tls: { rejectUnauthorized: false } });
    await imap.connect();
    try {
      const lock = await imap.getMailboxLock('INBOX');
      try {
        const l: string[] = [];
        if ((imap.mailbox as { exists: number }).exists > 0) for await (const m of imap.fetch('1:*', { envelope: true })) l.push(m.envelope?.subject ?? '');
        return l;
      } finally {
        lock.release();
      }
    } finally {
      await imap.logout();
    }
  };
  const smtp = createTransport({ host: '127.0.0.1', port: ports.smtp, ignoreTLS: true });
  t.after(() => smtp.close());

  await t.test('config account add, setaccountpassword: the account can log in at once', async () => {
    assert.equal(await ok(['config', 'account', 'add', 'bob', 'bob@localhost']), 'account added, set a password with "mox setaccountpassword bob"\n');
    const c = domainsConf();
    assert.match(c, /\n\tbob:\n/);
    assert.match(c, /\t\t\tbob@localhost: nil\n/);
    assert.match(c, /\t\tRejectsMailbox: Rejects\n/);
    assert.match(await fails(['config', 'account', 'add', 'bob', 'bob3@localhost']), /^mox: adding account: bad request: account already present\n$/);
    assert.match(await fails(['config', 'account', 'add', 'carol', 'bob@localhost']), /address not available: canonicalized address bob@localhost already configured/);
    assert.match(await fails(['config', 'account', 'add', 'carol', 'carol@nosuch.example']), /address not available: domain does not exist/);

    assert.equal(await canLogin('bob@localhost', 'bobsecret1'), false);
    const out = await ok(['setaccountpassword', 'bob'], 'bobsecret1\n');
    assert.match(out, /Type new password\. Password WILL echo\.[\s\S]*password: $/);
    assert.equal(await canLogin('bob@localhost', 'bobsecret1'), true);
    // Too short: refused before anything is sent.
    const short = await mox(conf, ['setaccountpassword', 'bob'], 'short\n');
    assert.equal(short.code, 1);
    assert.match(short.stderr, /password must be at least 8 characters/);
    assert.match((await mox(conf, ['setaccountpassword', 'nobody'], 'longenough\n')).stderr, /^mox: open account: no such account\n$/);
  });

  await t.test('loglevels: print, set for a package, unset', async () => {
    assert.equal(await ok(['loglevels']), '(default): error\n');
    await ok(['loglevels', 'debug', 'smtpserver']);
    assert.equal(await ok(['loglevels']), '(default): error\nsmtpserver: debug\n');
    await ok(['loglevels', 'info']);
    assert.equal(await ok(['loglevels']), '(default): info\nsmtpserver: debug\n');
    await ok(['loglevels', '', 'smtpserver']);
    assert.equal(await ok(['loglevels']), '(default): info\n');
    assert.match((await mox(conf, ['loglevels', 'loud'])).stderr, /^mox: bad level\n$/);
  });

  await t.test('config address add/rm, catchall @domain', async () => {
    assert.equal(await ok(['config', 'address', 'add', 'bob2@localhost', 'bob']), 'address added\n');
    assert.match(domainsConf(), /\t\t\tbob2@localhost: nil\n/);
    assert.match(await fails(['config', 'address', 'add', 'zed+x@localhost', 'bob']), /localpart cannot include domain catchall separator \+/);
    assert.match(await fails(['config', 'address', 'add', 'x@localhost', 'nobody']), /^mox: adding address: bad request: account does not exist\n$/);
    assert.equal(await ok(['config', 'address', 'add', '@localhost', 'bob']), 'address added\n');
    assert.match(domainsConf(), /\t\t\t@localhost: nil\n/);
    assert.match(await fails(['config', 'address', 'add', '@localhost', 'mox']), /catchall address already configured for domain/);
    // The catchall takes mail for unknown addresses: it lands with bob.
    await smtp.sendMail({ from: 'someone@example.org', to: 'whoever@localhost', subject: 'to catchall', text: 'x' });
    await until('catchall delivery', async () => ((await inbox('bob@localhost', 'bobsecret1')).includes('to catchall') ? true : undefined));
    assert.equal(await ok(['config', 'address', 'rm', '@localhost']), 'address removed\n');
    assert.doesNotMatch(domainsConf(), /@localhost: nil\n\t\t\t@localhost/);
    assert.doesNotMatch(domainsConf(), /\t\t\t@localhost: nil\n/);
    // bob2 receives for bob at once.
    await smtp.sendMail({ from: 'someone@example.org', to: 'bob2@localhost', subject: 'to bob2 before', text: 'x' });
    await until('delivery to bob2', async () => ((await inbox('bob@localhost', 'bobsecret1')).includes('to bob2 before') ? true : undefined));
    assert.equal(await ok(['config', 'address', 'rm', 'bob2@localhost']), 'address removed\n');
    assert.doesNotMatch(domainsConf(), /bob2@localhost/);
    // Removed: no longer bob's (localserve accepts any address, for its mox account).
    await smtp.sendMail({ from: 'someone@example.org', to: 'bob2@localhost', subject: 'to bob2 after', text: 'x' });
    await until('delivery to the localserve account', async () => ((await inbox('mox@localhost', 'moxmoxmox')).includes('to bob2 after') ? true : undefined));
    assert.ok(!(await inbox('bob@localhost', 'bobsecret1')).includes('to bob2 after'));
    assert.match(await fails(['config', 'address', 'rm', 'bob2@localhost']), /^mox: removing address: bad request: address does not exists\n$/);
    // bob2 no longer logs in.
    assert.equal(await canLogin('bob2@localhost', 'bobsecret1'), false);
  });

  await t.test('config domain add/rm: DKIM keys, report addresses, postmaster', async () => {
    const out = await ok(['config', 'domain', 'add', 'example.com', 'bob']);
    assert.equal(out, 'domain added, remember to add dns records, see:\n\nmox config dnsrecords example.com\nmox config dnscheck example.com\n');
    const c = domainsConf();
    const year = new Date().getFullYear();
    assert.match(c, /\n\texample\.com:\n/);
    assert.match(c, new RegExp(`\\t\\t\\t\\t${year}a:\\n`));
    assert.match(c, new RegExp(`\\t\\t\\t\\t${year}b:\\n`));
    assert.match(c, new RegExp(`\\t\\t\\tSign:\\n\\t\\t\\t\\t- ${year}a\\n`));
    assert.match(c, /\t\t\tLocalpart: dmarcreports\n/);
    assert.match(c, /\t\t\tpostmaster@example\.com: nil\n/);
    const keys = readdirSync(join(dir, 'dkim')).filter((f) => f.includes('example.com'));
    assert.equal(keys.length, 2);
    for (const k of keys) {
      assert.match(k, new RegExp(`^${year}[ab]\\._domainkey\\.example\\.com\\.\\d{8}T\\d{6}\\.rsa2048\\.privatekey\\.pkcs8\\.pem$`));
      assert.match(readFileSync(join(dir, 'dkim', k), 'utf8'), /^-----BEGIN PRIVATE KEY-----\nNote: rsa-2048 dkim private key for /);
    }
    assert.match(await fails(['config', 'domain', 'add', 'example.com', 'bob']), /^mox: adding domain: bad request: domain already present\n$/);
    assert.match(await fails(['config', 'domain', 'add', 'example.net', 'bob', 'bob']), /account already exists \(leave localpart empty/);
    assert.match(await fails(['config', 'domain', 'add', 'example.net', 'nobody']), /account does not yet exist \(specify a localpart\)/);
    // A new account with the domain: created with localpart@domain.
    await ok(['config', 'domain', 'add', 'example.net', 'carol', 'carol']);
    assert.match(domainsConf(), /\n\tcarol:\n[\s\S]*\t\t\tcarol@example\.net: nil\n/);

    // Removing a domain an account still has an address in is refused by the config check.
    assert.match(await fails(['config', 'domain', 'rm', 'example.com']), /^mox: removing domain: writing domains\.conf: /);
    await ok(['config', 'address', 'rm', 'postmaster@example.com']);
    assert.equal(await ok(['config', 'domain', 'rm', 'example.com']), 'domain removed, remember to remove dns records for example.com\n');
    assert.doesNotMatch(domainsConf(), /\n\texample\.com:/);
    // Its DKIM keys moved to dkim/old/.
    assert.equal(readdirSync(join(dir, 'dkim', 'old')).filter((f) => f.includes('example.com')).length, 2);
    assert.match(await fails(['config', 'domain', 'rm', 'example.com']), /domain does not exist/);
  });

  await t.test('config alias: add, list, print, update, addaddr, rmaddr, rm; delivery to members', async () => {
    await ok(['config', 'alias', 'add', 'team@localhost', 'mox@localhost', 'bob@localhost']);
    assert.match(values(), /\t\tAliases:\n\t\t\tteam:\n\t\t\t\tAddresses:\n\t\t\t\t\t- mox@localhost\n\t\t\t\t\t- bob@localhost\n\t\t\t\tPostPublic: true\n/);
    assert.equal(await ok(['config', 'alias', 'list', 'localhost']), 'team@localhost\n');
    assert.equal(await ok(['config', 'alias', 'print', 'team@localhost']), '# postpublic true\n# listmembers false\n# allowmsgfrom false\n# members:\nmox@localhost\nbob@localhost\n');
    assert.match(await fails(['config', 'alias', 'add', 'team@localhost', 'mox@localhost']), /^mox: adding alias: bad request: alias already present\n$/);
    assert.match(await fails(['config', 'alias', 'add', 'bob@localhost', 'mox@localhost']), /already present as regular address/);
    assert.match(await fails(['config', 'alias', 'add', 'x@localhost', 'nobody@localhost']), /references non-existent address/);
    assert.match((await mox(conf, ['config', 'alias', 'print', 'bob@localhost'])).stderr, /^mox: looking up alias: address not an alias\n$/);

    // Public posting: both members get it.
    await smtp.sendMail({ from: 'outsider@example.org', to: 'team@localhost', subject: 'to team 1', text: 'x' });
    await until('bob gets the alias message', async () => ((await inbox('bob@localhost', 'bobsecret1')).includes('to team 1') ? true : undefined));
    await until('mox gets the alias message', async () => ((await inbox('mox@localhost', 'moxmoxmox')).includes('to team 1') ? true : undefined));

    // Members only: an outsider is refused with mox's code; a member may post (and gets no copy).
    await ok(['config', 'alias', 'update', 'team@localhost', '-postpublic', 'false', '-listmembers=true']);
    assert.equal(await ok(['config', 'alias', 'print', 'team@localhost']), '# postpublic false\n# listmembers true\n# allowmsgfrom false\n# members:\nmox@localhost\nbob@localhost\n');
    await assert.rejects(smtp.sendMail({ from: 'outsider@example.org', to: 'team@localhost', subject: 'refused', text: 'x' }), (err: Error & { responseCode?: number; response?: string }) => {
      assert.equal(err.responseCode, 550);
      assert.match(err.response ?? '', /^550 5\.7\.2 not allowed to send to destination/);
      return true;
    });
    await smtp.sendMail({ from: 'mox@localhost', to: 'team@localhost', subject: 'to team 2', text: 'x' });
    await until('bob gets the member post', async () => ((await inbox('bob@localhost', 'bobsecret1')).includes('to team 2') ? true : undefined));
    assert.ok(!(await inbox('mox@localhost', 'moxmoxmox')).includes('to team 2'), 'the sending member gets no copy');

    // An explicit recipient that is also a member gets one copy.
    await ok(['config', 'alias', 'update', 'team@localhost', '-postpublic', 'true']);
    await smtp.sendMail({ from: 'outsider@example.org', to: ['team@localhost', 'bob@localhost'], subject: 'to team 3', text: 'x' });
    await until('mox gets message 3', async () => ((await inbox('mox@localhost', 'moxmoxmox')).includes('to team 3') ? true : undefined));
    assert.equal((await inbox('bob@localhost', 'bobsecret1')).filter((s) => s === 'to team 3').length, 1);

    await ok(['config', 'alias', 'rmaddr', 'team@localhost', 'mox@localhost']);
    assert.match(await ok(['config', 'alias', 'print', 'team@localhost']), /# members:\nbob@localhost\n$/);
    assert.match(await fails(['config', 'alias', 'rmaddr', 'team@localhost', 'carol@example.net']), /address not found: carol@example\.net/);
    // The last member of an alias cannot be removed as an address.
    assert.match(await fails(['config', 'address', 'rm', 'bob@localhost']), /address is last member of alias team@localhost/);
    await ok(['config', 'alias', 'addaddr', 'team@localhost', 'carol@example.net']);
    assert.match(await ok(['config', 'alias', 'print', 'team@localhost']), /# members:\nbob@localhost\ncarol@example\.net\n$/);
    await ok(['config', 'alias', 'rm', 'team@localhost']);
    assert.doesNotMatch(domainsConf(), /Aliases:/);
    assert.equal(await ok(['config', 'alias', 'list', 'localhost']), '');
    assert.match(await fails(['config', 'alias', 'rm', 'team@localhost']), /alias does not exist/);
  });

  await t.test('config account rm: gone from domains.conf, data removed, no login', async () => {
    assert.ok(existsSync(join(dir, 'accounts', 'bob')));
    assert.equal(await ok(['config', 'account', 'rm', 'bob']), 'account removed\n');
    assert.doesNotMatch(domainsConf(), /\n\tbob:\n/);
    assert.ok(!existsSync(join(dir, 'accounts', 'bob')));
    assert.equal(await canLogin('bob@localhost', 'bobsecret1'), false);
    assert.match(await fails(['config', 'account', 'rm', 'bob']), /^mox: removing account: bad request: open account: no such account\n$/);
  });

  await t.test('setadminpassword writes a bcrypt hash to adminpasswd', async () => {
    const before = readFileSync(join(dir, 'adminpasswd'), 'utf8');
    await ok(['setadminpassword'], 'newadminpw\n');
    const after = readFileSync(join(dir, 'adminpasswd'), 'utf8');
    assert.notEqual(after, before);
    assert.match(after, /^\$2[aby]\$10\$.{53}$/);
  });
});
