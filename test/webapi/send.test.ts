// Send end to end on localserve: composed with nodemailer, queued like SMTP submission,
// delivered by the queue to our own SMTP listener into the Inbox, read back with postal-mime.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { QueueAdmin } from '../../src/queue/index.js';
import { WebapiClient, WebapiError, type SendRequest } from '../../src/webapi/index.js';
import { waitDelivered } from '../helpers/localserve.js';
import { have } from '../helpers/tools.js';
import { tempDir } from '../helpers/tmp.js';
import { curl, nextEvent, password, retiredIds, webapiServer } from './harness.js';

const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

async function rejectsCode(p: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => e instanceof WebapiError && e.code === code && (!message || message.test(e.message)));
}

test('Send: html, text, inline image by cid, attachment, headers, SaveSent with Bcc; Extra on the retired message', async (t) => {
  const s = await webapiServer(t);
  const acc = await s.engine.store.account('mox');
  const delivered = waitDelivered(s.engine, 3);
  const retiring = retiredIds(s.engine);
  const req: Partial<SendRequest> = {
    To: [{ Name: 'Bob', Address: 'bob@example.com' }],
    CC: [{ Name: '', Address: 'carol@example.com' }],
    BCC: [{ Name: 'Hidden Dan', Address: 'dan@example.com' }],
    Subject: 'Hello ☺',
    Text: 'hi there ☺',
    HTML: '<p>hi <img src="cid:img1@app"></p>',
    InlineFiles: [{ Name: 'pixel.png', ContentType: '', ContentID: '<img1@app>', Data: png.toString('base64') }],
    AttachedFiles: [{ Name: 'report.pdf', ContentType: 'application/pdf', ContentID: '', Data: Buffer.from('%PDF-1.4 fake').toString('base64') }],
    Headers: [['X-Custom', 'value 1']],
    Extra: { userid: '456', 'order-id': 'A1' },
    References: ['<parent@example.com>'],
    SaveSent: true,
  };
  const r = await s.client.send(req);
  assert.match(r.MessageID, /^<[A-Za-z0-9_-]{22}@localhost>$/);
  assert.deepEqual(
    r.Submissions.map((x) => [x.Address, x.FromID]),
    [
      ['bob@example.com', ''],
      ['carol@example.com', ''],
      ['dan@example.com', ''],
    ],
  );
  await delivered;
  await retiring.wait(r.Submissions.map((x) => x.QueueMsgID));
  const inbox = acc.messages(acc.mailbox('Inbox')!.id);
  assert.deepEqual(inbox.map((m) => m.rcptTo).sort(), ['bob@example.com', 'carol@example.com', 'dan@example.com']);
  const raw = await acc.readMessage(inbox[0]!.id);
  assert.ok(!/^Bcc:/im.test(raw.toString()), 'no Bcc header in the sent message');
  assert.match(raw.toString(), /^Received: from localhost by localhost id [A-Za-z0-9_-]{22} for(\r\n\t| )<>;/m, 'several recipients: no "for" address');
  assert.match(raw.toString(), /^User-Agent: mox/m);
  const mail = await PostalMime.parse(raw);
  assert.equal(mail.subject, 'Hello ☺');
  assert.equal(mail.messageId, r.MessageID);
  assert.equal(mail.inReplyTo, '<parent@example.com>');
  assert.equal(mail.references, '<parent@example.com>');
  assert.deepEqual(mail.from, { name: '', address: 'mox@localhost' });
  assert.deepEqual(mail.to, [{ name: 'Bob', address: 'bob@example.com' }]);
  // (postal-mime keeps the line break before the boundary of a quoted-printable part.)
  assert.equal(mail.text?.trimEnd(), 'hi there ☺');
  assert.equal(mail.html?.trimEnd(), '<p>hi <img src="cid:img1@app"></p>');
  const parsed = await s.client.messageGet({ MsgID: inbox[0]!.id });
  assert.equal(parsed.Message.Text, 'hi there ☺\n');
  assert.equal(mail.headers.find((h) => h.key === 'x-custom')?.value, 'value 1');
  const inline = mail.attachments.find((a) => a.contentId === '<img1@app>')!;
  assert.ok(inline, 'inline image with its Content-ID');
  assert.equal(inline.mimeType, 'image/png', 'sniffed type');
  assert.equal(inline.disposition, 'inline');
  assert.equal(inline.related, true, 'referenced from the HTML');
  assert.deepEqual(Buffer.from(inline.content as ArrayBuffer), png);
  const pdf = mail.attachments.find((a) => a.filename === 'report.pdf')!;
  assert.equal(pdf.mimeType, 'application/pdf');
  assert.equal(pdf.disposition, 'attachment');
  assert.equal(Buffer.from(pdf.content as ArrayBuffer).toString(), '%PDF-1.4 fake');

  // SaveSent: one copy in Sent, with the Bcc header only there, \Seen and $NotJunk.
  const sent = acc.messages(acc.mailbox('Sent')!.id);
  assert.equal(sent.length, 1);
  const sentRaw = (await acc.readMessage(sent[0]!.id)).toString();
  assert.match(sentRaw, /^Bcc: Hidden Dan <dan@example\.com>\r\n/);
  assert.ok(!sentRaw.includes('Received:'), 'the Received header is per recipient, not stored');
  const got = await s.client.messageGet({ MsgID: sent[0]!.id });
  assert.deepEqual(got.Meta.Flags, ['$notjunk', '\\seen']);
  assert.deepEqual(got.Message.BCC, [{ Name: 'Hidden Dan', Address: 'dan@example.com' }]);

  // Extra travels with each queued message into the retired history.
  const retired = new QueueAdmin(s.engine.queue).retiredList({}, { asc: true });
  assert.equal(retired.length, 3);
  for (const m of retired) {
    assert.deepEqual(m.extra, { userid: '456', 'order-id': 'A1' });
    assert.equal(m.success, true);
    assert.equal(m.messageId, r.MessageID);
  }
  assert.deepEqual(retired.map((m) => m.id), r.Submissions.map((x) => x.QueueMsgID));
});

test('Send: FutureRelease and RequireTLS on the queued message; a permerror recipient gives a failed DSN and a suppression', async (t) => {
  const s = await webapiServer(t);
  const acc = await s.engine.store.account('mox');
  const admin = new QueueAdmin(s.engine.queue);
  const release = new Date(Date.now() + 24 * 3600_000);
  release.setMilliseconds(0);
  const later = await s.client.send({ To: [{ Name: '', Address: 'later@example.com' }], Text: 'later', Extra: { a: 'b' }, FutureRelease: release.toISOString(), RequireTLS: false });
  const q = admin.list();
  assert.equal(q.length, 1);
  assert.equal(q[0]!.id, later.Submissions[0]!.QueueMsgID);
  assert.deepEqual(q[0]!.extra, { a: 'b' });
  assert.equal(q[0]!.nextAttempt, release.getTime());
  assert.equal(q[0]!.futureReleaseRequest, `until;${release.toISOString().replace('.000', '')}`);
  assert.equal(q[0]!.requireTls, false);
  assert.equal(q[0]!.senderLocalpart, 'mox');
  assert.equal(q[0]!.fromId, '');
  assert.match(q[0]!.msgPrefix.toString(), /^Received: from localhost by localhost id [A-Za-z0-9_-]{22} for\r\n\t<later@example\.com>; /);
  await rejectsCode(
    s.client.send({ To: [{ Name: '', Address: 'x@example.com' }], Text: 'x', FutureRelease: new Date(Date.now() + 61 * 24 * 3600_000).toISOString() }),
    'user',
    /can not be further than 1440h0m0s in the future/,
  );

  const dsn = nextEvent<{ msgId: number; kind: string }>(s.engine, 'queue.dsnSent');
  const failed = await s.client.send({ To: [{ Name: '', Address: 'b+permerror@example.com' }], Text: 'fails', Extra: { k: 'v' } });
  const id = failed.Submissions[0]!.QueueMsgID;
  const e = await dsn;
  assert.deepEqual([e.msgId, e.kind], [id, 'failed']);
  const inbox = acc.messages(acc.mailbox('Inbox')!.id);
  const d = inbox.find((m) => m.dsn)!;
  assert.equal(d.subject, 'mail delivery failed');
  const r = admin.retired(id)!;
  assert.equal(r.success, false);
  assert.deepEqual(r.extra, { k: 'v' });
  assert.equal(r.results.at(-1)!.code, 550);
  assert.deepEqual(await s.client.suppressionPresent({ EmailAddress: 'b@example.com' }), { Present: true });
  // A second message to a variant of the address is suppressed by the queue.
  const retiredEvent = nextEvent<{ msgId: number; event: string }>(s.engine, 'queue.retired');
  const again = await s.client.send({ To: [{ Name: '', Address: 'b+other@example.com' }], Text: 'again' });
  const ev = await retiredEvent;
  assert.deepEqual([ev.msgId, ev.event], [again.Submissions[0]!.QueueMsgID, 'suppressed']);
});

test('Send with a FromIDLoginAddress: a unique MAIL FROM per recipient; other logins send without', async (t) => {
  const s = await webapiServer(t, { accountConf: ['FromIDLoginAddresses:', '\t- mox+fromid@localhost'] });
  const acc = await s.engine.store.account('mox');
  const fromid = new WebapiClient({ baseUrl: s.base, username: 'mox+fromid@localhost', password });
  const delivered = waitDelivered(s.engine, 2);
  const retiring = retiredIds(s.engine);
  const r = await fromid.send({ To: [{ Name: '', Address: 'one@example.com' }, { Name: '', Address: 'two@example.com' }], Text: 'with fromid' });
  assert.equal(r.Submissions.length, 2);
  const [a, b] = r.Submissions as [(typeof r.Submissions)[0], (typeof r.Submissions)[0]];
  assert.match(a.FromID, /^[A-Za-z0-9_-]{22}$/);
  assert.match(b.FromID, /^[A-Za-z0-9_-]{22}$/);
  assert.notEqual(a.FromID, b.FromID);
  await delivered;
  await retiring.wait(r.Submissions.map((x) => x.QueueMsgID));
  const retired = new QueueAdmin(s.engine.queue).retiredList();
  for (const sub of r.Submissions) {
    const m = retired.find((x) => x.id === sub.QueueMsgID)!;
    assert.equal(m.fromId, sub.FromID);
    assert.equal(m.senderLocalpart, `mox+${sub.FromID}`);
  }
  const stored = acc.messages(acc.mailbox('Inbox')!.id);
  assert.deepEqual(stored.map((m) => m.mailFrom).sort(), [`mox+${a.FromID}@localhost`, `mox+${b.FromID}@localhost`].sort());
  // The From header is the login address as given, without the id.
  assert.deepEqual((await s.client.messageGet({ MsgID: stored[0]!.id })).Message.From, [{ Name: '', Address: 'mox+fromid@localhost' }]);
  // Hold rules apply as for SMTP submission.
  const admin = new QueueAdmin(s.engine.queue);
  await admin.holdRuleAdd({ account: 'mox', senderDomainStr: '', recipientDomainStr: '' });
  const plain = await s.client.send({ To: [{ Name: '', Address: 'three@example.com' }], Text: 'without' });
  assert.equal(plain.Submissions[0]!.FromID, '');
  const held = admin.list({ ids: [plain.Submissions[0]!.QueueMsgID] });
  assert.equal(held[0]?.hold, true);
  assert.equal(held[0]?.senderLocalpart, 'mox');
});

test('Send errors: mox codes in mox order', async (t) => {
  const s = await webapiServer(t, { accountConf: ['FullName: Mox User'], listenerConf: ['SMTPMaxMessageSize: 20000'] });
  const to = [{ Name: '', Address: 'a@example.com' }];
  const c = s.client;
  await rejectsCode(c.send({ To: to }), 'missingBody', /^at least text or html body required$/);
  await rejectsCode(c.send({ From: [{ Name: '', Address: 'mox@localhost' }, { Name: '', Address: 'mox@localhost' }], To: to, Text: 'x' }), 'multipleFrom');
  await rejectsCode(c.send({ From: [{ Name: '', Address: 'someone@example.com' }], To: to, Text: 'x' }), 'badFrom', /^from-address not configured for account$/);
  await rejectsCode(c.send({ From: [{ Name: '', Address: 'other@localhost' }], To: to, Text: 'x' }), 'badFrom');
  await rejectsCode(c.send({ To: [{ Name: '', Address: 'not-an-address' }], Text: 'x' }), 'badAddress', /^parsing address "not-an-address": /);
  await rejectsCode(c.send({ From: [{ Name: '', Address: '@' }], To: to, Text: 'x' }), 'badAddress');
  await rejectsCode(c.send({ Text: 'x' }), 'noRecipients', /^no recipients$/);
  await rejectsCode(c.send({ To: to, Text: 'x', ReplyTo: [{ Name: '', Address: 'bad' }] }), 'badAddress');
  await rejectsCode(c.send({ To: to, Text: 'x', MessageID: 'no-brackets@x' }), 'malformedMessageID', /^missing <> in message-id$/);
  await rejectsCode(c.send({ To: to, Text: 'x', Subject: 'a\r\nBcc: evil@example.com' }), 'user', /^checking header values: control characters not allowed$/);
  await rejectsCode(c.send({ To: [{ Name: 'a\nb', Address: 'a@example.com' }], Text: 'x' }), 'user');
  await rejectsCode(c.send({ To: to, Text: 'x', Headers: [['X-A', 'b\rc']] }), 'user');
  await rejectsCode(c.send({ To: to, Text: 'x', AttachedFiles: [{ Name: 'a', ContentType: '', ContentID: '', Data: 'not base64!' }] }), 'user', /^parsing attachment as base64/);
  await rejectsCode(c.send({ To: to, Text: 'x'.repeat(30000) }), 'messageTooLarge', /^message too large$/);
  assert.equal(new QueueAdmin(s.engine.queue).list().length, 0, 'nothing was queued');
  // An empty From is the login address with the account's full name; a given Message-ID is kept.
  const delivered = waitDelivered(s.engine, 1);
  const ok = await c.send({ To: to, Text: 'x', MessageID: '<given@example>' });
  assert.equal(ok.MessageID, '<given@example>');
  await delivered;
  const acc = await s.engine.store.account('mox');
  const m = acc.messages(acc.mailbox('Inbox')!.id).at(-1)!;
  assert.deepEqual((await c.messageGet({ MsgID: m.id })).Message.From, [{ Name: 'Mox User', Address: 'mox@localhost' }]);
});

test('Send with curl: multipart form uploads with Content-ID and type headers, as in mox docs', { skip: !have('curl') }, async (t) => {
  const s = await webapiServer(t);
  const dir = tempDir(t);
  await writeFile(join(dir, 'hi.png'), png);
  await writeFile(join(dir, 'notes.txt'), 'some notes\n');
  const delivered = waitDelivered(s.engine, 1);
  const r = await curl([
    '--user',
    'mox@localhost:moxmoxmox',
    '--form',
    'request={"To": [{"Address": "mox@localhost"}], "Subject": "upload", "Text": "hi", "HTML": "<img src=\\"cid:hi\\" />"}',
    '--form',
    `inlinefile=@${join(dir, 'hi.png')};headers="Content-ID: <hi>"`,
    '--form',
    `attachedfile=@${join(dir, 'notes.txt')}`,
    `${s.base}Send`,
  ]);
  assert.equal(r.status, 200, r.body);
  const res = JSON.parse(r.body) as { MessageID: string; Submissions: { Address: string; QueueMsgID: number; FromID: string }[] };
  assert.deepEqual(Object.keys(res.Submissions[0]!), ['Address', 'QueueMsgID', 'FromID']);
  await delivered;
  const acc = await s.engine.store.account('mox');
  const m = acc.messages(acc.mailbox('Inbox')!.id).at(-1)!;
  const mail = await PostalMime.parse(await acc.readMessage(m.id));
  assert.equal(mail.subject, 'upload');
  const img = mail.attachments.find((a) => a.contentId === '<hi>')!;
  assert.equal(img.mimeType, 'image/png');
  assert.equal(img.filename, 'hi.png');
  assert.deepEqual(Buffer.from(img.content as ArrayBuffer), png);
  const notes = mail.attachments.find((a) => a.filename === 'notes.txt')!;
  assert.equal(notes.mimeType, 'text/plain');
  assert.equal(Buffer.from(notes.content as ArrayBuffer).toString(), 'some notes\n');
});
