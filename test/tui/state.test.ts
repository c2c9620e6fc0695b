import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BusEvent, EventMap, EventType } from '../../src/index.js';
import { matchesFilter } from '../../tui/state/filter.js';
import { maskSecrets } from '../../tui/state/mask.js';
import { applyEvents, describeRule, emptyModel, ratePerSecond, type Limits } from '../../tui/state/model.js';
import { pushAllBounded, pushBounded } from '../../tui/state/ring.js';
import { initialUi, onKey } from '../../tui/state/ui.js';

let seq = 0;
function ev<K extends EventType>(type: K, data: EventMap[K], time = 1000): BusEvent {
  return { type, data, time, seq: ++seq } as BusEvent;
}
const conn = (cid: number, proto: 'smtp' | 'imap' = 'smtp') =>
  ev(`${proto}.connected`, { cid, listener: 'local', service: proto === 'smtp' ? 'submission' : 'imap', remote: '127.0.0.1:1', local: '127.0.0.1:2', tls: false });

test('ring buffers keep the newest items and do not mutate', () => {
  const a = [1, 2, 3];
  assert.deepEqual(pushBounded(a, 4, 3), [2, 3, 4]);
  assert.deepEqual(a, [1, 2, 3]);
  assert.deepEqual(pushAllBounded(a, [4, 5], 4), [2, 3, 4, 5]);
  assert.deepEqual(pushBounded([], 1, 2), [1]);
});

test('filter: every word must occur in some field, case-insensitive', () => {
  assert.ok(matchesFilter('', ['x']));
  assert.ok(matchesFilter('BOB fail', ['bob@example.com', 'failed']));
  assert.ok(!matchesFilter('bob alice', ['bob@example.com', 'x']));
  assert.ok(matchesFilter('12', [12, 'x']));
});

test('secrets are masked in SMTP AUTH and IMAP LOGIN/AUTHENTICATE lines', () => {
  assert.equal(maskSecrets('smtp', 'AUTH PLAIN AGZvbwBiYXI='), 'AUTH PLAIN ***');
  assert.equal(maskSecrets('smtp', 'AUTH LOGIN'), 'AUTH LOGIN');
  assert.equal(maskSecrets('smtp', 'MAIL FROM:<a@b>'), 'MAIL FROM:<a@b>');
  assert.equal(maskSecrets('imap', 'a1 LOGIN mox@localhost moxmoxmox'), 'a1 LOGIN mox@localhost ***');
  assert.equal(maskSecrets('imap', 'a1 LOGIN "mox@localhost" "secret pw"'), 'a1 LOGIN "mox@localhost" ***');
  assert.equal(maskSecrets('imap', 'a2 AUTHENTICATE PLAIN AGZvbwBiYXI='), 'a2 AUTHENTICATE PLAIN ***');
  assert.equal(maskSecrets('imap', 'a3 SELECT INBOX'), 'a3 SELECT INBOX');
});

test('sessions: connect, lines, auth, accept, disconnect; challenge answers are masked', () => {
  let m = applyEvents(emptyModel(), [
    conn(1),
    ev('smtp.line', { cid: 1, dir: 'c', text: 'AUTH LOGIN' }),
    ev('smtp.line', { cid: 1, dir: 's', text: '334 VXNlcm5hbWU6' }),
    ev('smtp.line', { cid: 1, dir: 'c', text: 'bW94QGxvY2FsaG9zdA==' }),
    ev('smtp.line', { cid: 1, dir: 's', text: '334 UGFzc3dvcmQ6' }),
    ev('smtp.line', { cid: 1, dir: 'c', text: 'bW94bW94bW94' }),
    ev('smtp.line', { cid: 1, dir: 's', text: '235 2.7.0 authentication successful' }),
    ev('smtp.authenticated', { cid: 1, username: 'mox@localhost', account: 'mox', mechanism: 'login' }),
    ev('smtp.line', { cid: 1, dir: 'c', text: 'MAIL FROM:<a@b.example>' }),
    ev('smtp.accepted', { cid: 1, from: 'a@b.example', to: ['c@d.example'], size: 10, queued: [1] }),
  ]);
  const s = m.sessions.get(1)!;
  assert.equal(s.user, 'mox@localhost');
  assert.deepEqual(
    s.lines.map((l) => `${l.dir}: ${l.text}`),
    ['c: AUTH LOGIN', 's: 334 VXNlcm5hbWU6', 'c: ***', 's: 334 UGFzc3dvcmQ6', 'c: ***', 's: 235 2.7.0 authentication successful', 'c: MAIL FROM:<a@b.example>'],
  );
  assert.equal(s.accepted, 1);
  assert.equal(m.stats.smtpOpen, 1);
  assert.equal(m.stats.accepted, 1);
  const before = m;
  m = applyEvents(m, [ev('smtp.disconnected', { cid: 1, reason: 'quit', bytesIn: 100, bytesOut: 200, ms: 5 })]);
  assert.equal(m.sessions.get(1)!.state, 'closed');
  assert.equal(m.sessions.get(1)!.bytesOut, 200);
  assert.equal(m.stats.smtpOpen, 0);
  // The input model is not changed.
  assert.equal(before.sessions.get(1)!.state, 'open');
  // Replayed (older) events are skipped.
  const again = applyEvents(m, [{ ...conn(1), seq: 1 }]);
  assert.equal(again.stats.sessionsTotal, 1);
});

test('bounded: transcript lines and sessions stay within limits, closed sessions dropped first', () => {
  const limits: Limits = { sessions: 3, linesPerSession: 5, failures: 2, logs: 2, rateWindowMs: 10_000 };
  const evs: BusEvent[] = [conn(10), conn(11), conn(12)];
  for (let i = 0; i < 20; i++) evs.push(ev('smtp.line', { cid: 10, dir: 'c', text: `NOOP ${i}` }));
  evs.push(ev('smtp.disconnected', { cid: 11, reason: 'quit', bytesIn: 0, bytesOut: 0, ms: 1 }), conn(13));
  const m = applyEvents(emptyModel(), evs, limits);
  assert.deepEqual(m.sessions.get(10)!.lines.map((l) => l.text), ['NOOP 15', 'NOOP 16', 'NOOP 17', 'NOOP 18', 'NOOP 19']);
  assert.equal(m.sessions.get(10)!.droppedLines, 15);
  assert.deepEqual([...m.order], [10, 12, 13]);
  assert.equal(m.sessions.has(11), false);
});

test('failures: each simulated failure is logged with its command, rule and session', () => {
  const m = applyEvents(emptyModel(), [
    conn(5),
    ev('smtp.failureSimulated', { cid: 5, stage: 'rcptto', address: 'rcptto451@example.com', code: 451, enhanced: '4.0.0' }),
    ev('smtp.failureSimulated', { cid: 5, stage: 'data', address: 'timeout@example.com', code: 'timeout', enhanced: '4.3.0' }),
  ]);
  assert.equal(m.failures.length, 2);
  assert.equal(m.failures[0]!.command, 'RCPT TO');
  assert.equal(m.failures[0]!.rule, 'prefix "rcptto" + suffix "451"');
  assert.equal(m.failures[0]!.session, 'local 127.0.0.1:1');
  assert.equal(m.failures[1]!.code, 'timeout');
  assert.equal(m.sessions.get(5)!.failures, 2);
  assert.equal(describeRule('queuepermerror@x'), 'prefix "queue" + suffix "permerror"');
  // A prefix counts only where it chose the stage: "mailfrom" on a recipient fails after DATA.
  assert.equal(describeRule('mailfrom-temperror@x', 'data'), 'suffix "temperror"');
  assert.equal(describeRule('mailfrom-temperror@x', 'mailfrom'), 'prefix "mailfrom" + suffix "temperror"');
  assert.equal(describeRule('queue-451@x', 'data'), 'prefix "queue" + suffix "451"');
  assert.equal(describeRule('rcptto-451@x', 'data'), 'suffix "451"');
  // Case-sensitive, as the rules.
  assert.equal(describeRule('RCPTTO-TEMPERROR@x', 'rcptto'), 'special localpart');
});

test('snapshot versions bump on queue, webhook and store events; rates over the window', () => {
  const m = applyEvents(emptyModel(), [
    ev('queue.added', { msgIds: [1], account: 'mox', from: 'a@b', to: ['c@d'], size: 1, hold: false }, 1000),
    ev('webhook.queued', { hookId: 1, account: 'mox', event: 'delivered', msgId: 1, url: 'http://x' }, 2000),
    ev('store.delivered', { account: 'mox', mailbox: 'Inbox', mailboxId: 1, uid: 1, messageId: 1, size: 1, mailFrom: '', rcptTo: '', subject: '', messageIdHeader: '' }, 3000),
    ev('log.record', { level: 'info', pkg: 'x', msg: 'hello', attrs: {} }, 3000),
  ]);
  assert.equal(m.queueVersion, 1);
  assert.equal(m.webhookVersion, 1);
  assert.equal(m.inboxVersion, 1);
  assert.equal(m.logs[0]!.msg, 'hello');
  assert.equal(ratePerSecond(m.stats.deliveredTimes, 3000), 0.1);
  assert.equal(ratePerSecond(m.stats.deliveredTimes, 20_000), 0);
});

test('200 messages/s for 10 s reduce quickly and stay bounded', () => {
  let m = emptyModel();
  const t0 = performance.now();
  for (let s = 0; s < 10; s++) {
    const batch: BusEvent[] = [];
    for (let i = 0; i < 200; i++) {
      const cid = s * 1000 + i + 100;
      batch.push(conn(cid));
      for (const line of ['EHLO x', 'MAIL FROM:<a@b>', 'RCPT TO:<c@d>', 'DATA', 'QUIT']) batch.push(ev('smtp.line', { cid, dir: 'c', text: line }, s * 1000));
      batch.push(ev('smtp.accepted', { cid, from: 'a@b', to: ['c@d'], size: 1, queued: [cid] }, s * 1000));
      batch.push(ev('smtp.disconnected', { cid, reason: 'quit', bytesIn: 1, bytesOut: 1, ms: 1 }, s * 1000));
    }
    m = applyEvents(m, batch);
  }
  assert.equal(m.order.length, 500);
  assert.equal(m.stats.accepted, 2000);
  assert.equal(m.stats.sessionsTotal, 2000);
  // Not a timing assertion on the machine: a generous bound that only a quadratic blow-up breaks.
  assert.ok(performance.now() - t0 < 20_000);
});

test('keys: views, filter editing, movement, help, quit and confirmations', () => {
  const ctx = { rows: 10, detailLines: 0, page: 5 };
  let ui = initialUi();
  ui = onKey(ui, '2', {}, ctx).ui;
  assert.equal(ui.view, 'queue');
  ui = onKey(ui, '', { tab: true }, ctx).ui;
  assert.equal(ui.view, 'webhooks');
  ui = onKey(ui, '', { tab: true, shift: true }, ctx).ui;
  assert.equal(ui.view, 'queue');
  ui = onKey(ui, 'j', {}, ctx).ui;
  ui = onKey(ui, '', { downArrow: true }, ctx).ui;
  assert.equal(ui.selected.queue, 2);
  ui = onKey(ui, 'G', {}, ctx).ui;
  assert.equal(ui.selected.queue, 9);
  ui = onKey(ui, '/', {}, ctx).ui;
  assert.ok(ui.editingFilter);
  for (const ch of 'bob') ui = onKey(ui, ch, {}, ctx).ui;
  // While editing, q is text, not quit.
  const r = onKey(ui, 'q', {}, ctx);
  assert.equal(r.effect, undefined);
  assert.equal(r.ui.filter.queue, 'bobq');
  ui = onKey(r.ui, '', { backspace: true }, ctx).ui;
  ui = onKey(ui, '', { return: true }, ctx).ui;
  assert.equal(ui.filter.queue, 'bob');
  assert.ok(!ui.editingFilter);
  assert.deepEqual(onKey(ui, 'h', {}, ctx).effect, { type: 'queue', action: 'holdToggle' });
  assert.deepEqual(onKey(ui, 'r', {}, ctx).effect, { type: 'queue', action: 'retry' });
  const f = onKey(ui, 'D', {}, ctx);
  assert.equal(f.effect, undefined);
  assert.match(f.ui.confirm!.prompt, /drop/);
  assert.deepEqual(onKey(f.ui, 'y', {}, ctx).effect, { type: 'queue', action: 'drop' });
  assert.equal(onKey(f.ui, 'n', {}, ctx).effect, undefined);
  ui = onKey(ui, '?', {}, ctx).ui;
  assert.ok(ui.help);
  ui = onKey(ui, 'x', {}, ctx).ui;
  assert.ok(!ui.help);
  assert.deepEqual(onKey(ui, 'q', {}, ctx).effect, { type: 'quit' });
  assert.deepEqual(onKey(ui, 'c', { ctrl: true }, ctx).effect, { type: 'quit' });
  ui = onKey(ui, '', { escape: true }, ctx).ui;
  assert.equal(ui.filter.queue, '');
  assert.deepEqual(onKey(ui, '', { return: true }, ctx).effect, { type: 'open' });
});
