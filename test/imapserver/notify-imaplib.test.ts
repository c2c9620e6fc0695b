// Python's imaplib (an independent client) against NOTIFY (RFC 5465): the initial STATUS
// responses, then responses that arrive while the client sends no command at all, read
// straight from the connection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { runPython } from '../helpers/python.js';
import { message, PASS, startServer, USER } from './helpers.js';

const hasPython = spawnSync('python3', ['-c', 'import imaplib'], { stdio: 'ignore' }).status === 0;

const script = `
import imaplib, sys, json
port, user, pw = int(sys.argv[1]), sys.argv[2], sys.argv[3]
imaplib.Commands['NOTIFY'] = ('AUTH', 'SELECTED')
out = {}
m = imaplib.IMAP4('127.0.0.1', port)
m.login(user, pw)
out['caps'] = 'NOTIFY' in m.capabilities
m.select('INBOX')
typ, data = m._simple_command('NOTIFY', 'SET', 'STATUS', '(SELECTED (MessageNew (UID FLAGS) MessageExpunge))', '(MAILBOXES Archive (MessageNew MessageExpunge))', '(PERSONAL (MailboxName))')
out['notify'] = typ
out['status'] = [x.decode() for x in m.untagged_responses.pop('STATUS', [])]
other = imaplib.IMAP4('127.0.0.1', port)
other.login(user, pw)
other.append('Archive', None, None, b'Subject: pushed\\r\\n\\r\\nhi\\r\\n')
other.create('Pushed')
other.append('INBOX', None, None, b'Subject: new\\r\\n\\r\\nhi\\r\\n')
other.logout()
m.sock.settimeout(15)
out['pushed'] = [m.readline().decode().rstrip('\\r\\n') for _ in range(4)]
m.logout()
print(json.dumps(out))
`;

test('python imaplib: NOTIFY SET STATUS, then STATUS, LIST, EXISTS and FETCH pushed without a command', { skip: !hasPython && 'python3 not available' }, async (t) => {
  const srv = await startServer(t);
  await srv.deliver(message(1), 'Archive');
  const out = JSON.parse(await runPython(script, [String(srv.port), USER, PASS])) as Record<string, unknown>;
  const uv = srv.account.mailbox('Archive')!.uidValidity;
  assert.equal(out.caps, true);
  assert.equal(out.notify, 'OK');
  assert.deepEqual(out.status, [`Archive (MESSAGES 1 UIDNEXT 2 UIDVALIDITY ${uv} UNSEEN 1)`]);
  assert.deepEqual(out.pushed, [
    '* STATUS Archive (UIDNEXT 3 MESSAGES 2 UNSEEN 2)',
    '* LIST (\\Subscribed) "/" Pushed',
    '* 1 EXISTS',
    '* 1 FETCH (UID 1 FLAGS ())',
  ]);
});
