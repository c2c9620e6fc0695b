// Every webapi method against a running localserve, through the WebapiClient (form posts as
// mox's Go client makes them): results in mox's shapes, errors with mox's codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebapiError, type MessageGetResult } from '../../src/webapi/index.js';
import { waitDelivered } from '../helpers/localserve.js';
import { webapiServer } from './harness.js';

async function rejectsCode(p: Promise<unknown>, code: string, message?: RegExp | string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof WebapiError, String(e));
    assert.equal(e.code, code, e.message);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  });
}

test('message methods: get, raw, part, flags, move, delete', async (t) => {
  const s = await webapiServer(t);
  const c = s.client;
  const delivered = waitDelivered(s.engine, 2);
  const sent = await c.send({
    From: [{ Name: 'Mox Ü', Address: 'mox@localhost' }],
    To: [{ Name: 'Bob', Address: 'bob@example.com' }],
    CC: [{ Name: '', Address: 'carol@example.com' }],
    ReplyTo: [{ Name: '', Address: 'replies@example.com' }],
    Subject: 'parts ☺',
    Text: 'plain text\nsecond line',
    HTML: '<p>html</p>',
    References: ['<a@x>', '<b@x>'],
    Date: '2024-04-04T14:29:42+02:00',
    AttachedFiles: [{ Name: 'a.txt', ContentType: 'text/plain', ContentID: '', Data: Buffer.from('attached\n').toString('base64') }],
  });
  assert.equal(sent.Submissions.length, 2);
  await delivered;
  const acc = await s.engine.store.account('mox');
  const inbox = acc.mailbox('Inbox')!;
  const m = acc.messages(inbox.id).find((x) => x.rcptTo === 'bob@example.com')!;

  const got: MessageGetResult = await c.messageGet({ MsgID: m.id });
  assert.deepEqual(got.Message.From, [{ Name: 'Mox Ü', Address: 'mox@localhost' }]);
  assert.deepEqual(got.Message.To, [{ Name: 'Bob', Address: 'bob@example.com' }]);
  assert.deepEqual(got.Message.CC, [{ Name: '', Address: 'carol@example.com' }]);
  assert.deepEqual(got.Message.BCC, []);
  assert.deepEqual(got.Message.ReplyTo, [{ Name: '', Address: 'replies@example.com' }]);
  assert.equal(got.Message.MessageID, sent.MessageID);
  assert.deepEqual(got.Message.References, ['<a@x>', '<b@x>'], 'In-Reply-To (the last reference) is already listed');
  assert.equal(got.Message.Date, '2024-04-04T14:29:42+02:00');
  assert.equal(got.Message.Subject, 'parts ☺');
  assert.equal(got.Message.Text, 'plain text\nsecond line\n');
  assert.equal(got.Message.HTML, '<p>html</p>\n');
  assert.equal(got.Structure.ContentType, 'multipart/mixed');
  assert.deepEqual(
    got.Structure.Parts.map((p) => [p.ContentType, p.ContentDisposition, p.Filename]),
    [
      ['multipart/alternative', '', ''],
      ['text/plain', 'attachment', 'a.txt'],
    ],
  );
  assert.deepEqual(got.Structure.Parts[0]!.Parts.map((p) => [p.ContentType, p.ContentTypeParams, p.DecodedSize]), [
    ['text/plain', { charset: 'utf-8' }, 'plain text\r\nsecond line\r\n'.length],
    ['text/html', { charset: 'utf-8' }, '<p>html</p>\r\n'.length],
  ]);
  assert.deepEqual(got.Meta, {
    Size: m.size,
    DSN: false,
    Flags: [],
    MailFrom: 'mox@localhost',
    MailFromValidated: false,
    RcptTo: 'bob@example.com',
    MsgFrom: 'mox@localhost',
    MsgFromValidated: false,
    DKIMVerifiedDomains: [],
    RemoteIP: '127.0.0.1',
    MailboxName: 'Inbox',
  });

  const raw = await c.messageRawGet({ MsgID: m.id });
  assert.deepEqual(raw, await acc.readMessage(m.id));
  assert.equal((await c.messagePartGet({ MsgID: m.id, PartPath: [1] })).toString(), 'attached\r\n');
  assert.equal((await c.messagePartGet({ MsgID: m.id, PartPath: [0, 1] })).toString(), '<p>html</p>\r\n');
  const top = await c.messagePartGet({ MsgID: m.id });
  assert.ok(top.toString().includes('plain text'), 'the empty path is the whole body');
  await rejectsCode(c.messagePartGet({ MsgID: m.id, PartPath: [0, 5] }), 'partNotFound', 'part 5 at index 1 not found');
  await rejectsCode(c.messagePartGet({ MsgID: m.id, PartPath: [2] }), 'partNotFound');
  const rawResp = await s.post('MessageRawGet', { MsgID: m.id });
  assert.equal(rawResp.headers.get('content-type'), 'text/plain');

  await c.messageFlagsAdd({ MsgID: m.id, Flags: ['\\Seen', '$Forwarded', 'Custom', '\\flagged'] });
  assert.deepEqual((await c.messageGet({ MsgID: m.id })).Meta.Flags, ['$forwarded', '\\flagged', '\\seen', 'custom']);
  await c.messageFlagsRemove({ MsgID: m.id, Flags: ['\\seen', 'custom', 'notset'] });
  assert.deepEqual((await c.messageGet({ MsgID: m.id })).Meta.Flags, ['$forwarded', '\\flagged']);
  await rejectsCode(c.messageFlagsAdd({ MsgID: m.id, Flags: ['\\Bogus'] }), 'user', 'parsing flags: invalid keyword \\bogus');
  assert.equal(acc.message(m.id)!.flags & 1, 0, 'a refused change changes nothing');

  await c.messageMove({ MsgID: m.id, DestMailboxName: 'Archive' });
  assert.equal((await c.messageGet({ MsgID: m.id })).Meta.MailboxName, 'Archive');
  assert.equal(acc.message(m.id)!.mailboxId, acc.mailbox('Archive')!.id);
  await rejectsCode(c.messageMove({ MsgID: m.id, DestMailboxName: 'Archive' }), 'user', `moving message: message ${m.id} already in destination mailbox`);
  await rejectsCode(c.messageMove({ MsgID: m.id, DestMailboxName: 'Nonexistent' }), 'user', 'looking up mailbox name: not found');

  await c.messageDelete({ MsgID: m.id });
  assert.equal(acc.message(m.id), undefined);
  assert.equal(acc.mailbox('Archive')!.total, 0);
  await rejectsCode(c.messageGet({ MsgID: m.id }), 'messageNotFound', 'message not found');
  await rejectsCode(c.messageRawGet({ MsgID: m.id }), 'messageNotFound');
  await rejectsCode(c.messagePartGet({ MsgID: m.id }), 'messageNotFound');
  await rejectsCode(c.messageDelete({ MsgID: m.id }), 'messageNotFound', 'getting message: no such message');
  await rejectsCode(c.messageFlagsAdd({ MsgID: m.id, Flags: [] }), 'messageNotFound');
  await rejectsCode(c.messageFlagsRemove({ MsgID: 999999, Flags: [] }), 'messageNotFound');
  await rejectsCode(c.messageMove({ MsgID: 999999, DestMailboxName: 'Inbox' }), 'messageNotFound');
  await rejectsCode(c.messageDelete({ MsgID: 0 }), 'user', 'getting message: invalid zero message id');
  // Another message (the CC copy) is still there.
  assert.equal(acc.messages(inbox.id).length, 1);
});

test('suppression methods: add, list, present by base address, remove; duplicates and bad addresses', async (t) => {
  const s = await webapiServer(t);
  const c = s.client;
  assert.deepEqual(await c.suppressionList(), { Suppressions: [] });
  assert.deepEqual(await c.suppressionAdd({ EmailAddress: 'John.Doe+news@Example.ORG', Manual: true, Reason: 'asked us' }), {});
  await c.suppressionAdd({ EmailAddress: 'other@example.org' });
  const l = await c.suppressionList();
  assert.equal(l.Suppressions.length, 2);
  const e = l.Suppressions[0]!;
  assert.deepEqual(Object.keys(e), ['ID', 'Created', 'Account', 'BaseAddress', 'OriginalAddress', 'Manual', 'Reason']);
  assert.equal(e.Account, 'mox');
  assert.equal(e.BaseAddress, 'johndoe@example.org');
  assert.equal(e.OriginalAddress, 'John.Doe+news@example.org');
  assert.equal(e.Manual, true);
  assert.equal(e.Reason, 'asked us');
  assert.match(e.Created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
  assert.ok(Math.abs(Date.parse(e.Created) - Date.now()) < 60_000);
  assert.equal(l.Suppressions[1]!.Manual, false);
  assert.deepEqual(await c.suppressionPresent({ EmailAddress: 'johndoe-x@example.org' }), { Present: true });
  assert.deepEqual(await c.suppressionPresent({ EmailAddress: 'jane@example.org' }), { Present: false });
  await rejectsCode(c.suppressionAdd({ EmailAddress: 'johndoe@example.org' }), 'error', 'not unique: "Account+BaseAddress"');
  assert.deepEqual(await c.suppressionRemove({ EmailAddress: 'JOHNDOE@example.org' }), {});
  await rejectsCode(c.suppressionRemove({ EmailAddress: 'johndoe@example.org' }), 'error', 'absent');
  assert.deepEqual((await c.suppressionList()).Suppressions.map((x) => x.OriginalAddress), ['other@example.org']);
  for (const p of [
    c.suppressionAdd({ EmailAddress: 'not an address' }),
    c.suppressionRemove({ EmailAddress: '' }),
    c.suppressionPresent({ EmailAddress: 'a@' }),
  ]) {
    await rejectsCode(p, 'badAddress', /^parsing address /);
  }
  // The queue sees the same list (shared with `mox queue suppress`).
  assert.deepEqual(s.engine.queue.suppressions.list('mox').map((x) => x.baseAddress), ['other@example.org']);
});
