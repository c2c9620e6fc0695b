// Incoming messages to a fromid address: a DSN (RFC 3464) for a retired message becomes its
// outgoing event; other messages are "unrecognized"; without a match, an incoming webhook.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { composeDsn, type DsnAction } from '../../src/dsn/index.js';
import { SmtpScript } from '../helpers/smtp-script.js';
import { recorder, webhookServer } from './setup.js';

type Server = Awaited<ReturnType<typeof webhookServer>>;

/** Queues a message with a fromid from the mox account and waits until it is delivered (retired). */
async function sentWithFromId(s: Server, fromId: string, to = 'someone@example.com'): Promise<number> {
  const retired = recorder(s.engine.bus, 'queue.retired');
  const [id] = await s.engine.queue.add({
    account: 'mox',
    sender: { localpart: `mox+${fromId}`, domain: 'localhost', domainStr: 'localhost' },
    recipients: [{ localpart: to.split('@')[0]!, domain: to.split('@')[1]!, domainStr: to.split('@')[1]! }],
    prefix: Buffer.alloc(0),
    data: Buffer.from(`From: mox@localhost\r\nTo: ${to}\r\nSubject: with fromid\r\nMessage-ID: <orig-${fromId}@localhost>\r\n\r\nhi\r\n`),
    has8bit: false,
    smtputf8: false,
    requireTls: null,
    messageId: `<orig-${fromId}@localhost>`,
    subject: 'with fromid',
    extra: { ref: fromId },
    fromId,
  });
  await retired.wait((e) => e.msgId === id && e.success);
  return id!;
}

/** Delivers a message over incoming SMTP (port 1025) with a null sender. */
async function deliverIncoming(t: TestContext, s: Server, rcpt: string, message: Buffer): Promise<void> {
  const c = await SmtpScript.open(t, s.port('smtp'));
  await c.expect(/^220 /);
  c.send('EHLO remote.example');
  await c.reply();
  c.send('MAIL FROM:<>');
  await c.expect(/^250 /);
  c.send(`RCPT TO:<${rcpt}>`);
  await c.expect(/^250 /);
  c.send('DATA');
  await c.expect(/^354 /);
  c.write(Buffer.concat([message, Buffer.from('.\r\n')]));
  await c.expect(/^250 /);
  c.send('QUIT');
}

function dsn(action: DsnAction, status: string, diagnostic?: string, recipients = 1): Buffer {
  const now = Date.now();
  return composeDsn(
    {
      from: 'postmaster@remote.example',
      to: 'mox@localhost',
      reportingMta: 'remote.example',
      recipients: Array.from({ length: recipients }, () => ({
        finalRecipient: 'someone@example.com',
        action,
        status,
        diagnosticCode: diagnostic ? [diagnostic] : undefined,
      })),
      smtputf8: false,
    },
    { hostname: 'remote.example', now, tzOffsetMinutes: 0, messageId: '<dsn@remote.example>' },
  );
}

test('a failed DSN to a fromid address: outgoing failed event from the DSN, suppression, no incoming hook', async (t) => {
  const s = await webhookServer(t);
  const queued = recorder(s.engine.bus, 'webhook.queued');
  const delivered = recorder(s.engine.bus, 'webhook.retired');
  const id = await sentWithFromId(s, 'abc123');
  // The delivery itself: a delivered hook and an incoming one (localserve delivers to mox).
  await delivered.wait((e) => e.event === 'delivered');
  await delivered.wait((e) => e.event === 'incoming');
  const before = s.rx.got.length;

  await deliverIncoming(t, s, 'mox+abc123@localhost', dsn('failed', '5.1.1', '550 5.1.1 no such user'));
  const q = await queued.wait((e) => e.event === 'failed');
  assert.equal(q.msgId, id);
  await delivered.wait((e) => e.hookId === q.hookId);
  const got = s.rx.got.slice(before);
  assert.deepEqual(got.map((g) => g.path), ['/out']);
  const { WebhookQueued: _w, ...p } = got[0]!.json;
  assert.deepEqual(p, {
    Version: 0,
    Event: 'failed',
    DSN: true,
    Suppressing: true,
    QueueMsgID: id,
    FromID: 'abc123',
    MessageID: '<orig-abc123@localhost>',
    Subject: 'with fromid',
    SMTPCode: 550,
    SMTPEnhancedCode: '5.1.1',
    Error: '',
    Extra: { ref: 'abc123' },
  });
  // The retired message records the incoming message; the address is suppressed (source DSN).
  const [r] = s.engine.queue.db.prepare('SELECT results FROM msg_retired WHERE id = ?').all(id);
  const last = (JSON.parse(r!.results as string) as { error: string; code: number; secode: string; success: boolean }[]).at(-1)!;
  assert.deepEqual([last.error, last.code, last.secode, last.success], ['incoming message', 550, '1.1', false]);
  const sup = s.engine.queue.suppressions.lookup('mox', 'someone@example.com');
  assert.equal(sup?.reason, 'delivery failure from DSN with smtp code 550, enhanced code "1.1"');
});

test('delayed, delivered, relayed and expanded DSNs; a non-DSN and a multi-recipient DSN are unrecognized; an unknown fromid is an incoming message', async (t) => {
  const s = await webhookServer(t);
  const queued = recorder(s.engine.bus, 'webhook.queued');
  const retired = recorder(s.engine.bus, 'webhook.retired');
  const id = await sentWithFromId(s, 'xyz789');
  await retired.wait((e) => e.event === 'incoming');
  await retired.wait((e) => e.event === 'delivered');

  const expectOut = async (message: Buffer, want: Record<string, unknown>) => {
    const n = queued.seen.length;
    await deliverIncoming(t, s, 'mox+xyz789@localhost', message);
    const q = await queued.wait((e) => queued.seen.indexOf(e) >= n);
    assert.notEqual(q.event, 'incoming');
    await retired.wait((e) => e.hookId === q.hookId);
    const p = s.rx.got.find((g) => g.headers['x-mox-webhook-id'] === String(q.hookId))!.json;
    for (const [k, v] of Object.entries(want)) assert.deepEqual(p[k], v, `${k} in ${JSON.stringify(p)}`);
    assert.equal(p.QueueMsgID, id);
    assert.equal(p.FromID, 'xyz789');
  };
  await expectOut(dsn('delayed', '4.2.2', '452 4.2.2 mailbox full'), { Event: 'delayed', DSN: true, SMTPCode: 452, SMTPEnhancedCode: '4.2.2' });
  await expectOut(dsn('delivered', '2.0.0'), { Event: 'delivered', DSN: true, SMTPCode: 0, SMTPEnhancedCode: '' });
  await expectOut(dsn('relayed', '2.0.0'), { Event: 'relayed', DSN: true });
  await expectOut(dsn('expanded', '2.0.0'), { Event: 'expanded', DSN: true });
  await expectOut(Buffer.from('From: someone@example.com\r\nSubject: out of office\r\n\r\nI am away.\r\n'), { Event: 'unrecognized', DSN: false });
  await expectOut(dsn('delivered', '2.0.0', undefined, 2), { Event: 'unrecognized', DSN: true });

  const n = queued.seen.length;
  await deliverIncoming(t, s, 'mox+nomatch@localhost', Buffer.from('From: someone@example.com\r\nSubject: plain\r\n\r\nhello\r\n'));
  const q = await queued.wait((e) => queued.seen.indexOf(e) >= n);
  assert.equal(q.event, 'incoming');
  assert.equal(q.msgId, 0);
  const h = s.engine.queue.hooks.store.get(q.hookId) ?? s.engine.queue.hooks.store.retired(q.hookId)!;
  assert.equal(h.fromId, 'nomatch');
  const inc = JSON.parse(h.payload) as { Meta: { RcptTo: string; MailFrom: string; Automated: boolean } };
  assert.equal(inc.Meta.RcptTo, 'mox+nomatch@localhost');
  // A null sender marks a message as automated (mox).
  assert.equal(inc.Meta.MailFrom, '');
  assert.equal(inc.Meta.Automated, true);
});
