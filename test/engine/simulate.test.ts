import { test } from 'node:test';
import assert from 'node:assert/strict';
import PostalMime from 'postal-mime';
import { ManualClock } from '../../src/clock/index.js';
import type { EventMap } from '../../src/events/index.js';
import { SmtpScript } from '../helpers/smtp-script.js';
import { startLocalserve } from '../helpers/localserve.js';

const authPlain = Buffer.from('\0mox@localhost\0moxmoxmox').toString('base64');
const id = '\\([A-Za-z0-9_-]{22}\\)$';

type Service = 'submission' | 'smtp';
type Stage = 'mailfrom' | 'rcptto' | 'data' | 'queue';
const suffixes: [string, number, string][] = [
  ['temperror', 451, '4.0.0'],
  ['permerror', 550, '5.0.0'],
  ['452', 452, '4.0.0'],
  ['554', 554, '5.0.0'],
  ['421', 421, '4.0.0'],
];

async function open(t: Parameters<typeof SmtpScript.open>[0], port: number, service: Service): Promise<SmtpScript> {
  const c = await SmtpScript.open(t, port);
  await c.expect(/^220 /);
  c.send('EHLO client.example');
  await c.reply();
  if (service === 'submission') {
    c.send('AUTH PLAIN ' + authPlain);
    await c.expect(/^235 /);
  }
  return c;
}

/** Runs MAIL/RCPT/DATA and returns the first non-success reply with the stage it came at. */
async function transaction(c: SmtpScript, from: string, to: string): Promise<{ stage: string; reply: string }> {
  c.send(`MAIL FROM:<${from}>`);
  let r = await c.reply();
  if (!r.startsWith('250')) return { stage: 'mailfrom', reply: r };
  c.send(`RCPT TO:<${to}>`);
  r = await c.reply();
  if (!r.startsWith('250')) return { stage: 'rcptto', reply: r };
  c.send('DATA');
  await c.expect(/^354 /);
  c.write(`From: ${from}\r\nTo: ${to}\r\nSubject: simulated\r\n\r\nbody\r\n.\r\n`);
  r = await c.reply();
  return { stage: r.startsWith('250') ? 'accepted' : 'data', reply: r };
}

// No "-" or "+" in these localparts: the suppression list keys on the localpart up to the
// first of them (mox), and an earlier permanent failure would suppress later rows.
function address(stage: Stage, suffix: string): string {
  const prefix = stage === 'data' ? 'x' : stage;
  return `${prefix}${suffix}@example.com`;
}

test('every special-localpart code rule fires at its stage, on submission and on incoming SMTP', async (t) => {
  const clock = new ManualClock();
  const ls = await startLocalserve(t, { clock });
  const attempted: EventMap['queue.attempted'][] = [];
  ls.engine.bus.on('queue.attempted', (e) => attempted.push(e));
  for (const service of ['submission', 'smtp'] as Service[]) {
    const c = await open(t, ls.port(service), service);
    for (const [suffix, code, enhanced] of suffixes) {
      const want = new RegExp(`^${code} ${enhanced.replace(/\./g, '\\.')} failure with code ${code} due to special localpart ${id}`);
      for (const stage of ['mailfrom', 'rcptto', 'data', 'queue'] as Stage[]) {
        const label = `${service} ${stage} ${suffix}`;
        const sender = stage === 'mailfrom' ? address('mailfrom', suffix) : 'app@example.org';
        const rcpt = stage === 'mailfrom' ? 'someone@example.com' : address(stage, suffix);
        const r = await transaction(c, sender, rcpt);
        // The queue prefix passes submission; on incoming SMTP it fails after DATA.
        const expectStage = stage === 'queue' ? (service === 'submission' ? 'accepted' : 'data') : stage;
        assert.equal(r.stage, expectStage, `${label}: ${r.reply}`);
        if (expectStage !== 'accepted') assert.match(r.reply, want, label);
        c.send('RSET');
        await c.expect(/^250 /);
        if (service === 'submission' && stage === 'queue') {
          // Delivered by the queue to incoming SMTP, which fails it with the code.
          const outcome = await waitAttempt(attempted, rcpt);
          assert.equal(outcome.code, code, label);
          assert.equal(outcome.enhanced, enhanced, label);
          assert.equal(outcome.outcome, code >= 500 ? 'failed' : 'delayed', label);
        }
      }
    }
  }
});

async function waitAttempt(list: EventMap['queue.attempted'][], to: string): Promise<EventMap['queue.attempted']> {
  for (let i = 0; i < 500; i++) {
    const a = list.find((e) => e.to === to);
    if (a) return a;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no queue attempt for ${to}`);
}

test('"timeout" holds the command without a reply, others are served meanwhile, and time or shutdown ends it', async (t) => {
  const clock = new ManualClock();
  const ls = await startLocalserve(t, { clock });
  const held: { c: SmtpScript; stage: Stage; service: Service }[] = [];
  for (const service of ['submission', 'smtp'] as Service[]) {
    for (const stage of ['mailfrom', 'rcptto', 'data'] as Stage[]) {
      const c = await open(t, ls.port(service), service);
      const sender = stage === 'mailfrom' ? address('mailfrom', 'timeout') : 'app@example.org';
      const rcpt = stage === 'mailfrom' ? 'someone@example.com' : address(stage, 'timeout');
      c.send(`MAIL FROM:<${sender}>`);
      if (stage !== 'mailfrom') {
        await c.expect(/^250 /);
        c.send(`RCPT TO:<${rcpt}>`);
        if (stage === 'data') {
          await c.expect(/^250 /);
          c.send('DATA');
          await c.expect(/^354 /);
          c.write('Subject: t\r\n\r\nx\r\n.\r\n');
        }
      }
      held.push({ c, stage, service });
    }
  }
  // Each held session waits on the clock; meanwhile a new session is served normally.
  for (let i = 0; i < 100 && clock.pending() < held.length; i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(clock.pending() >= held.length, `sessions holding: ${clock.pending()}`);
  const other = await open(t, ls.port('submission'), 'submission');
  assert.equal((await transaction(other, 'app@example.org', 'fine@example.com')).stage, 'accepted');
  // After an hour (mox's hold), each gets its reply.
  await clock.advance(3600_000);
  for (const h of held) {
    const text =
      h.stage !== 'data' ? 'timing out command' : h.service === 'submission' ? 'timing out submission' : 'timing out delivery';
    const code = h.stage === 'data' && h.service === 'smtp' ? '451 4\\.0\\.0' : '451 4\\.3\\.0';
    await h.c.expect(new RegExp(`^${code} ${text} due to special localpart ${id}`));
  }
  // A new hold is cut short by shutdown: 421 and the engine stops without waiting an hour.
  const c = await open(t, ls.port('smtp'), 'smtp');
  c.send(`MAIL FROM:<${address('mailfrom', 'timeout')}>`);
  for (let i = 0; i < 100 && clock.pending() < 1; i++) await new Promise((r) => setTimeout(r, 10));
  await ls.engine.stop();
  await c.expect(/^421 4\.3\.2 shutting down/);
});

test('a failing recipient among several: the others are delivered, it fails alone in the queue', async (t) => {
  const ls = await startLocalserve(t);
  const attempted: EventMap['queue.attempted'][] = [];
  ls.engine.bus.on('queue.attempted', (e) => attempted.push(e));
  const c = await open(t, ls.port('submission'), 'submission');
  c.send('MAIL FROM:<app@example.org>');
  await c.expect(/^250 /);
  for (const r of ['ok1@example.com', 'bad-permerror@example.com', 'ok2@example.com']) {
    c.send(`RCPT TO:<${r}>`);
    await c.expect(/^250 /);
  }
  c.send('DATA');
  await c.expect(/^354 /);
  c.write('Subject: mixed\r\n\r\nx\r\n.\r\n');
  await c.expect(/^250 2\.2\.0 it is done$/);
  const bad = await waitAttempt(attempted, 'bad-permerror@example.com');
  assert.equal(bad.outcome, 'failed');
  await waitAttempt(attempted, 'ok1@example.com');
  await waitAttempt(attempted, 'ok2@example.com');
  await ls.engine.queue.scheduler.idle();
  const acc = await ls.engine.store.account('mox');
  const inbox = acc.messages(acc.mailbox('Inbox')!.id);
  assert.deepEqual(inbox.filter((m) => !m.dsn).map((m) => m.rcptTo).sort(), ['ok1@example.com', 'ok2@example.com']);
  // The failed recipient's DSN went to the sending account's Inbox (RFC 3464), as mox does.
  const dsn = inbox.filter((m) => m.dsn);
  assert.equal(dsn.length, 1);
  assert.equal(dsn[0]!.subject, 'mail delivery failed');
  const parsed = await PostalMime.parse(await acc.readMessage(dsn[0]!.id));
  assert.match(parsed.text ?? '', /bad-permerror@example\.com/);
  const status = parsed.attachments.find((a) => a.mimeType === 'message/delivery-status');
  assert.ok(status, 'delivery-status part');
  const fields = Buffer.from(status.content as ArrayBuffer).toString().replace(/\r?\n[ \t]+/g, ' ');
  assert.match(fields, /Reporting-MTA: dns; ?localhost/);
  assert.match(fields, /Final-Recipient: rfc822; ?bad-permerror@example\.com/);
  assert.match(fields, /Action: failed/);
  assert.match(fields, /Status: 5\.0\.0/);
  assert.match(fields, /Diagnostic-Code: smtp; ?550 5\.0\.0 failure with code 550 due to special localpart/);
  assert.ok(parsed.attachments.some((a) => a.mimeType === 'text/rfc822-headers'), 'original headers');
  // When every recipient asks for a failure, submission fails as mox does (the first decides).
  c.send('MAIL FROM:<app@example.org>');
  await c.expect(/^250 /);
  for (const r of ['a-452@example.com', 'b-permerror@example.com']) {
    c.send(`RCPT TO:<${r}>`);
    await c.expect(/^250 /);
  }
  c.send('DATA');
  await c.expect(/^354 /);
  c.write('Subject: all fail\r\n\r\nx\r\n.\r\n');
  await c.expect(new RegExp(`^452 4\\.0\\.0 failure with code 452 due to special localpart ${id}`));
});
