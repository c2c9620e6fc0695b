// Connection and mailbox commands: RFC example commands parse to the expected objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { isIdleDone, parseSaslResponse } from '../../src/imap/index.js';
import { lines, parse, parseRejects, rejects } from './helpers.js';

test('RFC 9051 §6.1, §6.2: commands without arguments', async () => {
  assert.deepEqual(await parse('abcd CAPABILITY\r\n'), { command: 'CAPABILITY' });
  assert.deepEqual(await parse('a002 NOOP\r\n'), { command: 'NOOP' });
  assert.deepEqual(await parse('A023 LOGOUT\r\n'), { command: 'LOGOUT' });
  assert.deepEqual(await parse('efgh STARTTLS\r\n'), { command: 'STARTTLS' });
  assert.deepEqual(await parse('A001 NAMESPACE\r\n'), { command: 'NAMESPACE' });
  assert.deepEqual(await parse('A341 CLOSE\r\n'), { command: 'CLOSE' });
  assert.deepEqual(await parse('A342 UNSELECT\r\n'), { command: 'UNSELECT' });
  assert.deepEqual(await parse('A202 EXPUNGE\r\n'), { command: 'EXPUNGE' });
  assert.deepEqual(await parse('A002 IDLE\r\n'), { command: 'IDLE' });
  assert.deepEqual(await parse('a CHECK\r\n'), { command: 'CHECK' });
  await parseRejects('a002 NOOP now\r\n', { tag: 'a002', text: /unexpected data at end/ });
  await parseRejects('A442 XPIG-LATIN\r\n', { tag: 'A442', text: /unknown command XPIG-LATIN/ });
  await parseRejects('a UID FOO 1\r\n', { tag: 'a', text: /unknown command UID FOO/ });
});

test('RFC 9051 §6.2.2, RFC 4959: AUTHENTICATE with and without initial response', async () => {
  assert.deepEqual(await parse('a004 AUTHENTICATE PLAIN dGVzdAB0ZXN0AHRlc3Q=\r\n'), {
    command: 'AUTHENTICATE',
    mechanism: 'PLAIN',
    initialResponse: Buffer.from('test\0test\0test'),
  });
  assert.deepEqual(await parse('A001 AUTHENTICATE gssapi\r\n'), { command: 'AUTHENTICATE', mechanism: 'GSSAPI' });
  assert.deepEqual(await parse('A01 AUTHENTICATE EXTERNAL =\r\n'), { command: 'AUTHENTICATE', mechanism: 'EXTERNAL', initialResponse: Buffer.alloc(0) });
  await parseRejects('A01 AUTHENTICATE PLAIN dGVzdA*=\r\n', { tag: 'A01', text: /bad base64/ });
  await parseRejects('A01 AUTHENTICATE PLAIN dGVzdA\r\n', { tag: 'A01', text: /bad base64/ });
  await parseRejects('A01 AUTHENTICATE\r\n', { tag: 'A01', text: /expected space/ });
});

test('AUTHENTICATE continuation lines and IDLE DONE', async () => {
  assert.deepEqual(parseSaslResponse(Buffer.from('dGVzdA==')), Buffer.from('test'));
  assert.deepEqual(parseSaslResponse(Buffer.from('')), Buffer.alloc(0));
  assert.equal(parseSaslResponse(Buffer.from('*')), null);
  await rejects(() => parseSaslResponse(Buffer.from('not base64!'), 'c1'), { tag: 'c1', text: /bad base64/ });
  assert.equal(isIdleDone(Buffer.from('DONE')), true);
  assert.equal(isIdleDone(Buffer.from('done')), true);
  assert.equal(isIdleDone(Buffer.from('DONE ')), false);
});

test('RFC 9051 §6.2.3: LOGIN with atoms, quoted strings and literals', async () => {
  assert.deepEqual(await parse('a001 LOGIN SMITH SESAME\r\n'), { command: 'LOGIN', username: 'SMITH', password: 'SESAME' });
  assert.deepEqual(await parse('b LOGIN "fred" "foo"\r\n'), { command: 'LOGIN', username: 'fred', password: 'foo' });
  assert.deepEqual(await parse(lines('a LOGIN {5}', 'jörg "p\\\\w"')), { command: 'LOGIN', username: 'jörg', password: 'p\\w' });
  await parseRejects('a LOGIN fred\r\n', { tag: 'a', text: /expected space/ });
  await parseRejects('a LOGIN fred foo bar\r\n', { tag: 'a', text: /unexpected data/ });
});

test('RFC 5161 ENABLE, RFC 2971 ID, RFC 4978 COMPRESS', async () => {
  assert.deepEqual(await parse('t2 ENABLE CONDSTORE X-GOOD-IDEA\r\n'), { command: 'ENABLE', capabilities: ['CONDSTORE', 'X-GOOD-IDEA'] });
  assert.deepEqual(await parse('babc ENABLE IMAP4rev2\r\n'), { command: 'ENABLE', capabilities: ['IMAP4rev2'] });
  await parseRejects('a ENABLE\r\n', { tag: 'a', text: /expected space/ });
  assert.deepEqual(await parse('a023 ID ("name" "sodr" "version" "19.34" "vendor" "Pink Floyd Music Limited")\r\n'), {
    command: 'ID',
    params: [
      ['name', 'sodr'],
      ['version', '19.34'],
      ['vendor', 'Pink Floyd Music Limited'],
    ],
  });
  assert.deepEqual(await parse('a ID NIL\r\n'), { command: 'ID', params: null });
  assert.deepEqual(await parse('a ID ("os" NIL)\r\n'), { command: 'ID', params: [['os', null]] });
  assert.deepEqual(await parse('a ID ()\r\n'), { command: 'ID', params: [] });
  await parseRejects('a ID ("name" "x" "NAME" "y")\r\n', { tag: 'a', text: /duplicate ID key/ });
  await parseRejects('a ID (name "x")\r\n', { tag: 'a' });
  assert.deepEqual(await parse('a COMPRESS deflate\r\n'), { command: 'COMPRESS', mechanism: 'DEFLATE' });
});

test('RFC 9051 §6.3.2, RFC 7162: SELECT and EXAMINE with CONDSTORE and QRESYNC', async () => {
  assert.deepEqual(await parse('A142 SELECT INBOX\r\n'), { command: 'SELECT', mailbox: 'Inbox', condstore: false });
  assert.deepEqual(await parse('A932 EXAMINE blurdybloop\r\n'), { command: 'EXAMINE', mailbox: 'blurdybloop', condstore: false });
  assert.deepEqual(await parse('a SELECT INBOX (CONDSTORE)\r\n'), { command: 'SELECT', mailbox: 'Inbox', condstore: true });
  const r = (first: number, last: number) => ({ first, last });
  assert.deepEqual(await parse('A03 SELECT INBOX (QRESYNC (67890007 90060115194045000 41:211,214:541))\r\n'), {
    command: 'SELECT',
    mailbox: 'Inbox',
    condstore: false,
    qresync: { uidValidity: 67890007, modseq: 90060115194045000, knownUids: { kind: 'ranges', ranges: [r(41, 211), r(214, 541)] } },
  });
  const b04 = await parse(
    'B04 SELECT INBOX (QRESYNC (67890007 90060115194045000 1:29997 (5000,7500,9000,9990:9999 15000,22500,27000,29970,29973,29976,29979,29982,29985,29988,29991,29994,29997)))\r\n',
  );
  assert.equal(b04.command, 'SELECT');
  if (b04.command === 'SELECT') {
    assert.deepEqual(b04.qresync?.knownUids, { kind: 'ranges', ranges: [r(1, 29997)] });
    assert.deepEqual(b04.qresync?.seqMatch?.seqs, { kind: 'ranges', ranges: [r(5000, 5000), r(7500, 7500), r(9000, 9000), r(9990, 9999)] });
    assert.equal(b04.qresync?.seqMatch?.uids.kind === 'ranges' && b04.qresync.seqMatch.uids.ranges.length, 13);
  }
  assert.deepEqual(await parse('a EXAMINE x (QRESYNC (1 2 (1:2 3:4)) CONDSTORE)\r\n'), {
    command: 'EXAMINE',
    mailbox: 'x',
    condstore: true,
    qresync: { uidValidity: 1, modseq: 2, seqMatch: { seqs: { kind: 'ranges', ranges: [r(1, 2)] }, uids: { kind: 'ranges', ranges: [r(3, 4)] } } },
  });
  await parseRejects('a SELECT INBOX (CONDSTORE CONDSTORE)\r\n', { tag: 'a', text: /duplicate CONDSTORE/ });
  await parseRejects('a SELECT INBOX ()\r\n', { tag: 'a', text: /empty list/ });
  await parseRejects('a SELECT INBOX (FOO)\r\n', { tag: 'a', text: /expected CONDSTORE or QRESYNC/ });
  await parseRejects('a SELECT INBOX (QRESYNC (0 1))\r\n', { tag: 'a', text: /non-zero/ });
  await parseRejects('a SELECT INBOX (QRESYNC (1 1 1:*))\r\n', { tag: 'a' });
});

test('RFC 9051 §6.3.4-6.3.8, RFC 6154 §3: CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE', async () => {
  assert.deepEqual(await parse('A003 CREATE owatagusiam/\r\n'), { command: 'CREATE', mailbox: 'owatagusiam/', specialUse: [] });
  assert.deepEqual(await parse('t2 CREATE MySpecial (USE (\\Drafts \\Sent))\r\n'), { command: 'CREATE', mailbox: 'MySpecial', specialUse: ['\\Drafts', '\\Sent'] });
  assert.deepEqual(await parse('A002 CREATE "INBOX.Sent Mail"\r\n'), { command: 'CREATE', mailbox: 'INBOX.Sent Mail', specialUse: [] });
  await parseRejects('t2 CREATE x (USE (Drafts))\r\n', { tag: 't2', text: /special-use attribute/ });
  await parseRejects('t2 CREATE x (FOO (\\Drafts))\r\n', { tag: 't2', text: /expected USE/ });
  assert.deepEqual(await parse('A683 DELETE blurdybloop\r\n'), { command: 'DELETE', mailbox: 'blurdybloop' });
  assert.deepEqual(await parse('A683 RENAME blurdybloop sarasoop\r\n'), { command: 'RENAME', from: 'blurdybloop', to: 'sarasoop' });
  assert.deepEqual(await parse('Z433 RENAME INBOX old-mail\r\n'), { command: 'RENAME', from: 'Inbox', to: 'old-mail' });
  assert.deepEqual(await parse('A002 SUBSCRIBE #news.comp.mail.mime\r\n'), { command: 'SUBSCRIBE', mailbox: '#news.comp.mail.mime' });
  assert.deepEqual(await parse('A002 UNSUBSCRIBE #news.comp.mail.mime\r\n'), { command: 'UNSUBSCRIBE', mailbox: '#news.comp.mail.mime' });
  assert.deepEqual(await parse('a create "&U,BTFw-"\r\n'), { command: 'CREATE', mailbox: '台北', specialUse: [] });
  assert.deepEqual(await parse('a create "台北"\r\n', { utf8: true }), { command: 'CREATE', mailbox: '台北', specialUse: [] });
  await parseRejects('a create &U,BTFw\r\n', { tag: 'a', text: /bad mailbox name/, status: 'NO', code: 'CANNOT' });
  // A LIST pattern that is not modified UTF-7 is taken as it is (and matches nothing).
  assert.equal(((await parse('a list "" &x%\r\n')) as unknown as { patterns: string[] }).patterns[0], '&x%');
});

const list = (over: object) => ({
  command: 'LIST',
  reference: '',
  patterns: ['*'],
  extended: false,
  selectSubscribed: false,
  selectRemote: false,
  selectRecursiveMatch: false,
  selectSpecialUse: false,
  returnSubscribed: false,
  returnChildren: false,
  returnSpecialUse: false,
  ...over,
});

test('RFC 9051 §6.3.9, RFC 5258, RFC 5819, RFC 6154: LIST', async () => {
  assert.deepEqual(await parse('A682 LIST "" *\r\n'), list({}));
  assert.deepEqual(await parse('A101 LIST "" ""\r\n'), list({ patterns: [''] }));
  assert.deepEqual(await parse('A202 LIST ~/Mail/ %\r\n'), list({ reference: '~/Mail/', patterns: ['%'] }));
  assert.deepEqual(await parse('A02 LIST (SUBSCRIBED) "" "*"\r\n'), list({ extended: true, selectSubscribed: true }));
  assert.deepEqual(await parse('A03 LIST () "" "%" RETURN (CHILDREN)\r\n'), list({ extended: true, patterns: ['%'], returnChildren: true }));
  assert.deepEqual(await parse('A05 LIST (REMOTE SUBSCRIBED) "" "*"\r\n'), list({ extended: true, selectRemote: true, selectSubscribed: true }));
  assert.deepEqual(
    await parse('C04 LIST (SUBSCRIBED RECURSIVEMATCH) "" "%"\r\n'),
    list({ extended: true, patterns: ['%'], selectSubscribed: true, selectRecursiveMatch: true }),
  );
  assert.deepEqual(await parse('a3.1 LIST "" (% music/rock)\r\n'), list({ extended: true, patterns: ['%', 'music/rock'] }));
  assert.deepEqual(
    await parse('A01 LIST "" % RETURN (STATUS (MESSAGES UNSEEN))\r\n'),
    list({ extended: true, patterns: ['%'], returnStatus: ['MESSAGES', 'UNSEEN'] }),
  );
  assert.deepEqual(await parse('t3 LIST (SPECIAL-USE) "" "*"\r\n'), list({ extended: true, selectSpecialUse: true }));
  assert.deepEqual(await parse('t1 LIST "" "%" RETURN (SPECIAL-USE)\r\n'), list({ extended: true, patterns: ['%'], returnSpecialUse: true }));
  assert.deepEqual(
    await parse('a LIST "" * RETURN (SUBSCRIBED METADATA (/shared/comment /private/Comment))\r\n'),
    list({ extended: true, returnSubscribed: true, returnMetadata: ['/shared/comment', '/private/comment'] }),
  );
  await parseRejects('a LIST (RECURSIVEMATCH) "" %\r\n', { tag: 'a', text: /RECURSIVEMATCH needs/ });
  await parseRejects('a LIST (BOGUS) "" %\r\n', { tag: 'a', text: /list selection option/ });
  await parseRejects('a LIST "" % RETURN (MYRIGHTS)\r\n', { tag: 'a', text: /list return option/ });
  await parseRejects('a LIST "" % RETURN (STATUS (BOGUS))\r\n', { tag: 'a', text: /status attribute/ });
  await parseRejects('a LIST ""\r\n', { tag: 'a', text: /expected space/ });
});

test('RFC 3501 §6.3.9 LSUB and RFC 9051 §6.3.11 STATUS', async () => {
  assert.deepEqual(await parse('A002 LSUB "#news." "comp.mail.*"\r\n'), { command: 'LSUB', reference: '#news.', pattern: 'comp.mail.*' });
  assert.deepEqual(await parse('A042 STATUS blurdybloop (UIDNEXT MESSAGES)\r\n'), { command: 'STATUS', mailbox: 'blurdybloop', attributes: ['UIDNEXT', 'MESSAGES'] });
  assert.deepEqual(await parse('S0003 STATUS INBOX (MESSAGES DELETED DELETED-STORAGE)\r\n'), {
    command: 'STATUS',
    mailbox: 'Inbox',
    attributes: ['MESSAGES', 'DELETED', 'DELETED-STORAGE'],
  });
  assert.deepEqual(await parse('a status x (size recent highestmodseq appendlimit unseen uidvalidity)\r\n'), {
    command: 'STATUS',
    mailbox: 'x',
    attributes: ['SIZE', 'RECENT', 'HIGHESTMODSEQ', 'APPENDLIMIT', 'UNSEEN', 'UIDVALIDITY'],
  });
  await parseRejects('a STATUS x ()\r\n', { tag: 'a', text: /empty list/ });
  await parseRejects('a STATUS x (MESSAGESX)\r\n', { tag: 'a', text: /status attribute/ });
});

test('RFC 9051 §6.3.12, RFC 3502, RFC 6855: APPEND, MULTIAPPEND and UTF8 data', async () => {
  const msg =
    'Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)\r\nFrom: Fred Foobar <foobar@Blurdybloop.example>\r\nSubject: afternoon meeting\r\n' +
    'To: mooch@owatagu.siam.edu.example\r\nMessage-Id: <B27397-0100000@Blurdybloop.example>\r\nMIME-Version: 1.0\r\n' +
    'Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\r\n\r\nHello Joe, do you think we can meet at 3:30 tomorrow?\r\n';
  assert.equal(msg.length, 326);
  assert.deepEqual(await parse(`A003 APPEND saved-messages (\\Seen) {326}\r\n${msg}\r\n`), {
    command: 'APPEND',
    mailbox: 'saved-messages',
    messages: [{ flags: ['\\Seen'], data: Buffer.from(msg), binary: false, utf8: false }],
  });
  const multi = await parse(`A003 APPEND saved-messages (\\Seen) {3}\r\nabc (\\Seen) " 7-Feb-1994 22:43:04 -0800" {2}\r\nde {1+}\r\nf\r\n`);
  assert.deepEqual(multi, {
    command: 'APPEND',
    mailbox: 'saved-messages',
    messages: [
      { flags: ['\\Seen'], data: Buffer.from('abc'), binary: false, utf8: false },
      { flags: ['\\Seen'], date: { epochMs: Date.UTC(1994, 1, 8, 6, 43, 4), offsetMinutes: -480 }, data: Buffer.from('de'), binary: false, utf8: false },
      { flags: [], data: Buffer.from('f'), binary: false, utf8: false },
    ],
  });
  assert.deepEqual(await parse('a APPEND Drafts UTF8 (~{4}\r\nwxyz)\r\n'), {
    command: 'APPEND',
    mailbox: 'Drafts',
    messages: [{ flags: [], data: Buffer.from('wxyz'), binary: true, utf8: true }],
  });
  await parseRejects('a APPEND Drafts UTF8 ({4}\r\nwxyz)\r\n', { tag: 'a', text: /literal8/ });
  await parseRejects('a APPEND Drafts "hello"\r\n', { tag: 'a' });
  await parseRejects('a APPEND Drafts\r\n', { tag: 'a', text: /expected message/ });
  await parseRejects('a APPEND Drafts "7-Feb-1994" {1}\r\nx\r\n', { tag: 'a', text: /bad date-time/ });
  await parseRejects('a APPEND Drafts (\\Recent) {1}\r\nx\r\n', { tag: 'a', text: /unknown system flag/ });
});

test('RFC 9208 GETQUOTA/GETQUOTAROOT, RFC 5464 GETMETADATA/SETMETADATA', async () => {
  assert.deepEqual(await parse('G0001 GETQUOTA "!partition/sda4"\r\n'), { command: 'GETQUOTA', root: '!partition/sda4' });
  assert.deepEqual(await parse('G0002 GETQUOTAROOT INBOX\r\n'), { command: 'GETQUOTAROOT', mailbox: 'Inbox' });
  assert.deepEqual(await parse('a GETMETADATA "" /shared/comment\r\n'), { command: 'GETMETADATA', mailbox: '', entries: ['/shared/comment'] });
  assert.deepEqual(await parse('a GETMETADATA "INBOX" (/shared/comment /private/comment)\r\n'), {
    command: 'GETMETADATA',
    mailbox: 'Inbox',
    entries: ['/shared/comment', '/private/comment'],
  });
  assert.deepEqual(await parse('a GETMETADATA (MAXSIZE 1024 DEPTH infinity) "INBOX" /private\r\n'), {
    command: 'GETMETADATA',
    mailbox: 'Inbox',
    entries: ['/private'],
    maxSize: 1024,
    depth: 'INFINITY',
  });
  await parseRejects('a GETMETADATA (DEPTH 1 DEPTH 0) x /a\r\n', { tag: 'a', text: /duplicate DEPTH/ });
  await parseRejects('a GETMETADATA x /a//b\r\n', { tag: 'a', text: /"\/\/"/ });
  await parseRejects('a GETMETADATA x "/a/*"\r\n', { tag: 'a', text: /"\*" or "%"/ });
  assert.deepEqual(await parse('a SETMETADATA INBOX (/private/comment "My new comment")\r\n'), {
    command: 'SETMETADATA',
    mailbox: 'Inbox',
    entries: [{ name: '/private/comment', value: Buffer.from('My new comment'), binary: false }],
  });
  assert.deepEqual(await parse('a SETMETADATA INBOX (/private/comment NIL /shared/x ~{2}\r\n\0\x01)\r\n'), {
    command: 'SETMETADATA',
    mailbox: 'Inbox',
    entries: [
      { name: '/private/comment', value: null, binary: false },
      { name: '/shared/x', value: Buffer.from([0, 1]), binary: true },
    ],
  });
});

test('RFC 5465 NOTIFY', async () => {
  assert.deepEqual(await parse('a NOTIFY NONE\r\n'), { command: 'NOTIFY', none: true });
  assert.deepEqual(await parse('a notify set (mailboxes INBOX (Messagenew messageExpunge))\r\n'), {
    command: 'NOTIFY',
    none: false,
    status: false,
    groups: [{ filter: { kind: 'MAILBOXES', mailboxes: ['Inbox'] }, events: [{ name: 'MESSAGENEW' }, { name: 'MESSAGEEXPUNGE' }] }],
  });
  assert.deepEqual(
    await parse('b notify set status (selected (MessageNew (uid body.peek[header.fields (from to subject)]) MessageExpunge)) (subtree Lists (MessageNew)) (personal NONE)\r\n'),
    {
      command: 'NOTIFY',
      none: false,
      status: true,
      groups: [
        {
          filter: { kind: 'SELECTED' },
          events: [
            {
              name: 'MESSAGENEW',
              fetch: [{ att: 'UID' }, { att: 'BODY[]', peek: true, section: { part: [], text: 'HEADER.FIELDS', fields: ['from', 'to', 'subject'] } }],
            },
            { name: 'MESSAGEEXPUNGE' },
          ],
        },
        { filter: { kind: 'SUBTREE', mailboxes: ['Lists'] }, events: [{ name: 'MESSAGENEW' }] },
        { filter: { kind: 'PERSONAL' }, events: [] },
      ],
    },
  );
  await parseRejects('a NOTIFY SET\r\n', { tag: 'a', text: /expected space/ });
  await parseRejects('a NOTIFY SET (everything (MessageNew))\r\n', { tag: 'a', text: /mailbox filter/ });
  await parseRejects('a NOTIFY BOGUS\r\n', { tag: 'a', text: /SET or NONE/ });
});
