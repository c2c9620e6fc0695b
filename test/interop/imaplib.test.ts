import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTransport } from 'nodemailer';
import { startLocalserve, waitDelivered } from '../helpers/localserve.js';
import { runPython } from '../helpers/python.js';

const script = `
import imaplib, ssl, sys, json
port, mode = int(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
if mode == 'imaps':
    m = imaplib.IMAP4_SSL('127.0.0.1', port, ssl_context=ctx)
else:
    m = imaplib.IMAP4('127.0.0.1', port)
    m.starttls(ssl_context=ctx)
out = {}
out['login'] = m.login('mox@localhost', 'moxmoxmox')[0]
typ, boxes = m.list()
out['list'] = sorted(b.decode() for b in boxes)
out['select'] = m.select('INBOX')[1][0].decode()
out['all'] = m.search(None, 'ALL')[1][0].decode()
out['from'] = m.search(None, 'FROM', '"alice@example.org"')[1][0].decode()
out['subject'] = m.search(None, 'SUBJECT', 'second')[1][0].decode()
out['since'] = m.search(None, 'SINCE', '1-Jan-2020')[1][0].decode()
out['uidrange'] = m.uid('SEARCH', None, 'UID', '2:*')[1][0].decode()
out['unseen'] = m.search(None, 'UNSEEN')[1][0].decode()
typ, data = m.fetch('1', '(FLAGS RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)] BODY[TEXT]<0.5>)')
out['fetch'] = [d.decode(errors='replace') if isinstance(d, bytes) else [x.decode(errors='replace') for x in d] for d in data]
out['seen'] = m.search(None, 'SEEN')[1][0].decode()
out['store'] = m.store('2', '+FLAGS', '(\\\\Deleted)')[1][0].decode()
out['expunge'] = [x.decode() for x in m.expunge()[1] if x]
out['after'] = m.search(None, 'ALL')[1][0].decode()
out['status'] = m.status('INBOX', '(MESSAGES UIDNEXT UIDVALIDITY UNSEEN)')[1][0].decode()
out['close'] = m.close()[0]
out['logout'] = m.logout()[0]
print(json.dumps(out))
`;

test('python imaplib over STARTTLS and implicit TLS: list, search criteria, fetch, store, expunge, status', async (t) => {
  const ls = await startLocalserve(t);
  const delivered = waitDelivered(ls.engine, 3);
  const tr = createTransport({ host: '127.0.0.1', port: ls.port('smtp'), ignoreTLS: true });
  for (const [from, subject] of [['alice@example.org', 'first'], ['bob@example.org', 'second'], ['carol@example.org', 'third']]) {
    await tr.sendMail({ from, to: 'mox@localhost', subject, text: `hello from ${from}` });
  }
  tr.close();
  await delivered;
  const out = JSON.parse(await runPython(script, [String(ls.port('imap')), 'starttls']));
  assert.equal(out.login, 'OK');
  assert.ok(out.list.some((l: string) => /\\Sent.*"Sent"|\\Sent\) "\/" Sent/.test(l)), out.list.join('\n'));
  assert.equal(out.select, '3');
  assert.equal(out.all, '1 2 3');
  assert.equal(out.from, '1');
  assert.equal(out.subject, '2');
  assert.equal(out.since, '1 2 3');
  assert.equal(out.uidrange, '2 3');
  assert.equal(out.unseen, '1 2 3');
  const fetched = JSON.stringify(out.fetch);
  assert.match(fetched, /Subject: first/);
  assert.match(fetched, /RFC822\.SIZE \d+/);
  assert.match(fetched, /hello/);
  assert.equal(out.seen, '1', 'BODY[TEXT] without PEEK sets \\Seen');
  assert.match(out.store, /^2 \(.*FLAGS \(.*\\Deleted.*\)\)$/);
  assert.deepEqual(out.expunge, ['2']);
  assert.equal(out.after, '1 2');
  assert.match(out.status, /MESSAGES 2 UIDNEXT 4 UIDVALIDITY \d+ UNSEEN 1/);
  assert.equal(out.close, 'OK');
  assert.equal(out.logout, 'BYE');
  const ssl = JSON.parse(await runPython(script, [String(ls.port('imaps')), 'imaps']));
  assert.equal(ssl.select, '2');
});
