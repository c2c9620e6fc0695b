import { Box, useInput, useStdin } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import type { EngineClient, InboxItem, MessageView, QueueItem, RetiredItem, WebhookItem } from '../src/index.js';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { useEngineModel } from './hooks/use-engine-model.js';
import { useSnapshot } from './hooks/use-snapshot.js';
import { useNow, useTerminalSize } from './hooks/use-terminal-size.js';
import { FailuresScreen, failureRows } from './screens/failures/FailuresScreen.js';
import { HelpScreen } from './screens/help/HelpScreen.js';
import { InboxScreen, MessageScreen, inboxRows, messageLines } from './screens/inbox/InboxScreen.js';
import { LogRecordScreen, LogScreen, logRecordLines, logRows } from './screens/log/LogScreen.js';
import { QueueDetailScreen, QueueScreen, historyLines, queueRows, retiredRows } from './screens/queue/QueueScreen.js';
import { SessionsScreen, TranscriptScreen, sessionRows, transcriptLines } from './screens/sessions/SessionsScreen.js';
import { WebhookDetailScreen, WebhooksScreen, webhookLines, webhookRows } from './screens/webhooks/WebhooksScreen.js';
import type { DetailData } from './screens/types.js';
import type { FailureView, Limits, LogLine } from './state/model.js';
import { initialUi, onKey, openDetail, type Effect, type KeyInfo, type UiState } from './state/ui.js';

/** Props of {@link App}. */
export interface AppProps {
  client: EngineClient;
  /** Called once when the user quits (q, Ctrl-C). */
  onQuit: () => void;
  /** Fixed terminal size (tests, screenshots); else the terminal's, following resizes. */
  size?: { columns: number; rows: number };
  /** Fixed clock for relative times (tests). */
  now?: () => number;
  /** Renders per second caused by events (default 15). */
  fps?: number;
  limits?: Limits;
}

/**
 * The terminal UI: a header with ports, counts and rates, one of six views (Sessions,
 * Queue, Webhooks, Failures, Inbox, Log) or a detail, and a footer with the keys. Reaches
 * the engine only through the {@link EngineClient}.
 */
export function App(p: AppProps): ReactElement {
  const { client } = p;
  const size = useTerminalSize(p.size);
  const now = useNow(1000, p.now);
  const { model, ended } = useEngineModel(client, { fps: p.fps, limits: p.limits });
  const [ui, setUi] = useState<UiState>(initialUi);
  const [detailData, setDetailData] = useState<DetailData>({});
  const uiRef = useRef(ui);
  uiRef.current = ui;

  const info = useSnapshot(() => client.info(), model.listeners.length, true, 500);
  const queue = useSnapshot(() => client.queue(), model.queueVersion, true, ui.view === 'queue' ? 250 : 3000);
  const retired = useSnapshot(() => client.retired(), model.queueVersion, ui.view === 'queue' && ui.showRetired, 250);
  const webhooks = useSnapshot(() => client.webhooks(), model.webhookVersion, true, ui.view === 'webhooks' ? 250 : 3000);
  const inbox = useSnapshot(() => client.inbox(), model.inboxVersion, true, ui.view === 'inbox' ? 250 : 3000);

  const filter = ui.filter[ui.view];
  const rows = useMemo((): readonly unknown[] => {
    switch (ui.view) {
      case 'sessions':
        return sessionRows(model, filter);
      case 'queue':
        return ui.showRetired ? retiredRows(retired.data, filter) : queueRows(queue.data, filter);
      case 'webhooks':
        return webhookRows(webhooks.data, filter);
      case 'failures':
        return failureRows(model, filter);
      case 'inbox':
        return inboxRows(inbox.data, filter);
      case 'log':
        return logRows(model, filter);
    }
  }, [ui.view, ui.showRetired, filter, model, queue.data, retired.data, webhooks.data, inbox.data]);
  const selected = Math.min(ui.selected[ui.view], Math.max(0, rows.length - 1));
  const headerHeight = 3;
  const bodyHeight = Math.max(3, size.rows - 1 - headerHeight - 1);
  const area = { width: size.columns, height: bodyHeight };

  const detail = ui.detail;
  const session = detail?.kind === 'transcript' ? model.sessions.get(detail.cid) : undefined;
  const queueItem =
    detail?.kind === 'queued'
      ? (detail.retired ? retired.data : queue.data)?.find((m: QueueItem | RetiredItem) => m.id === detail.msgId)
      : undefined;
  const hook = detail?.kind === 'webhook' ? webhooks.data?.find((h) => h.id === detail.hookId) : undefined;
  const inboxItem = detail?.kind === 'message' ? inbox.data?.find((m) => m.id === detail.id && m.account === detail.account) : undefined;
  const logLine = detail?.kind === 'log' ? model.logs.find((l) => l.seq === detail.seq) : undefined;
  const detailLines = !detail
    ? 0
    : detail.kind === 'transcript'
      ? session
        ? transcriptLines(session, area.width).length
        : 1
      : detail.kind === 'queued'
        ? queueItem
          ? historyLines(queueItem, now, area.width).length
          : 1
        : detail.kind === 'webhook'
          ? hook
            ? webhookLines(hook, detailData.payload, area.width, now).length
            : 1
          : detail.kind === 'log'
            ? logLine
              ? logRecordLines(logLine, area.width).length
              : 1
            : detailData.message
              ? messageLines(detailData.message, area.width).length
              : 1;

  const run = useCallback(
    async (effect: Effect, u: UiState, row: unknown) => {
      const say = (status: string) => setUi((u) => ({ ...u, status }));
      try {
        switch (effect.type) {
          case 'quit':
            p.onQuit();
            return;
          case 'open': {
            setDetailData({});
            if (u.view === 'sessions' || u.view === 'failures') setUi((x) => openDetail(x, { kind: 'transcript', cid: (row as { cid: number } | FailureView).cid }));
            else if (u.view === 'log') setUi((x) => openDetail(x, { kind: 'log', seq: (row as LogLine).seq }));
            else if (u.view === 'queue') setUi((x) => openDetail(x, { kind: 'queued', msgId: (row as QueueItem).id, retired: u.showRetired }));
            else if (u.view === 'webhooks') {
              const h = row as WebhookItem;
              setUi((x) => openDetail(x, { kind: 'webhook', hookId: h.id }));
              const payload = await client.webhookPayload(h.id);
              setDetailData({ payload: payload ?? '(payload no longer kept)' });
            } else if (u.view === 'inbox') {
              const m = row as InboxItem;
              setUi((x) => openDetail(x, { kind: 'message', account: m.account, id: m.id }));
              const message: MessageView | undefined = await client.message(m.account, m.id);
              setDetailData(message ? { message } : { error: 'message no longer exists' });
            }
            return;
          }
          case 'queue': {
            const m = row as QueueItem;
            const action = effect.action === 'holdToggle' ? (m.hold ? 'unhold' : 'hold') : effect.action;
            const n = await client.queueAction(action, [m.id]);
            const done = { hold: 'held', unhold: 'released', retry: 'scheduled now', fail: 'failed', drop: 'dropped' }[action];
            say(n ? `message ${m.id} ${done}` : `message ${m.id}: no longer queued`);
            return;
          }
          case 'webhook': {
            const h = row as WebhookItem;
            const n = await client.webhookAction(effect.action, [h.id]);
            say(n ? `webhook ${h.id} ${effect.action === 'retry' ? 'scheduled now' : 'canceled'}` : `webhook ${h.id}: not queued`);
            return;
          }
        }
      } catch (err) {
        say(`error: ${(err as Error).message}`);
      }
    },
    [client, p.onQuit],
  );

  const { isRawModeSupported } = useStdin();
  const rowsRef = useRef({ rows, detailLines, page: bodyHeight - 2 });
  rowsRef.current = { rows, detailLines, page: Math.max(1, bodyHeight - 2) };
  // Keys wait here while a key that switches the list (view, retired toggle, filter) is
  // rendered: the next key must see the new list's rows.
  const pending = useRef<[string, KeyInfo][]>([]);
  const awaitingRender = useRef(false);
  // The row a confirmation prompt names: the list may reorder before the `y`.
  const confirmRow = useRef<unknown>(undefined);
  const drain = useCallback(() => {
    const r = rowsRef.current;
    const effects: [Effect, UiState, unknown][] = [];
    while (pending.current.length > 0) {
      const [i, k] = pending.current.shift()!;
      const before = uiRef.current;
      const cur = r.rows[Math.min(before.selected[before.view], Math.max(0, r.rows.length - 1))];
      const { ui: next, effect } = onKey(before, i, k, { rows: r.rows.length, detailLines: r.detailLines, page: r.page, selectedName: rowName(before.view, cur) });
      uiRef.current = next;
      // The row under the cursor as of this key (not the last render: keys may come faster).
      const sel = Math.min(next.selected[next.view], Math.max(0, r.rows.length - 1));
      if (next.confirm && !before.confirm) confirmRow.current = r.rows[sel];
      if (effect) effects.push([effect, next, before.confirm ? confirmRow.current : r.rows[sel]]);
      if (next.view !== before.view || next.showRetired !== before.showRetired || (next.filter !== before.filter && !next.editingFilter) || effect?.type === 'open') {
        awaitingRender.current = true;
        break;
      }
    }
    setUi(uiRef.current);
    for (const [effect, at, row] of effects) void run(effect, at, row);
  }, [run]);
  useEffect(() => {
    awaitingRender.current = false;
    if (pending.current.length > 0) drain();
  });
  useInput(
    (input, key) => {
      // Keys typed faster than the terminal is read arrive as one chunk ("5\r"): one at a time.
      const presses: [string, KeyInfo][] =
        input.length > 1 && !key.ctrl && !key.meta
          ? [...input].map((ch) => (ch === '\r' || ch === '\n' ? ['', { return: true }] : [ch, {}]))
          : [[input, key]];
      pending.current.push(...presses);
      if (!awaitingRender.current) drain();
    },
    // Raw mode only exists on a terminal (architecture.md: guard it with === true).
    { isActive: isRawModeSupported === true },
  );

  useEffect(() => {
    // The selection follows the list when it shrinks (filter, retired messages).
    if (ui.selected[ui.view] !== selected) setUi((u) => ({ ...u, selected: { ...u.selected, [u.view]: selected } }));
  }, [selected, ui.view, ui.selected]);

  let body: ReactElement;
  if (ui.help) body = <HelpScreen area={area} mode={client.mode} />;
  else if (detail?.kind === 'transcript') body = <TranscriptScreen session={session} scroll={ui.scroll} follow={ui.follow} area={area} />;
  else if (detail?.kind === 'queued') body = <QueueDetailScreen item={queueItem} scroll={ui.scroll} now={now} area={area} />;
  else if (detail?.kind === 'log') body = <LogRecordScreen line={logLine} scroll={ui.scroll} area={area} />;
  else if (detail?.kind === 'webhook') body = <WebhookDetailScreen hook={hook} payload={detailData.payload} scroll={ui.scroll} now={now} area={area} />;
  else if (detail?.kind === 'message')
    body = <MessageScreen item={inboxItem} message={detailData.message} error={detailData.error} scroll={ui.scroll} area={area} />;
  else {
    switch (ui.view) {
      case 'sessions':
        body = <SessionsScreen rows={rows as ReturnType<typeof sessionRows>} selected={selected} area={area} />;
        break;
      case 'queue':
        body = <QueueScreen rows={rows as QueueItem[]} showRetired={ui.showRetired} selected={selected} now={now} area={area} />;
        break;
      case 'webhooks':
        body = <WebhooksScreen rows={rows as WebhookItem[]} selected={selected} now={now} area={area} />;
        break;
      case 'failures':
        body = <FailuresScreen rows={rows as ReturnType<typeof failureRows>} selected={selected} area={area} />;
        break;
      case 'inbox':
        body = <InboxScreen rows={rows as InboxItem[]} selected={selected} now={now} area={area} />;
        break;
      case 'log':
        body = <LogScreen rows={rows as ReturnType<typeof logRows>} selected={selected} area={area} />;
        break;
    }
  }
  const snapError = queue.error ?? webhooks.error ?? inbox.error;
  const footerUi = snapError && !ui.status ? { ...ui, status: `error: ${snapError}` } : ui;
  return (
    <Box flexDirection="column" width={size.columns} height={size.rows - 1}>
      <Header
        model={model}
        info={info.data}
        mode={client.mode}
        counts={{ queue: queue.data?.length, webhooks: webhooks.data?.filter((h) => !h.retired).length, inbox: inbox.data?.length }}
        view={ui.view}
        width={size.columns}
        now={now}
      />
      <Box height={bodyHeight}>{body}</Box>
      <Footer ui={footerUi} width={size.columns} ended={ended ?? (model.stopping ? `server stopping: ${model.stopping}` : undefined)} />
    </Box>
  );
}

/** How a confirmation prompt names the selected row: "message 12", "webhook 7". */
function rowName(view: string, row: unknown): string | undefined {
  if (!row) return undefined;
  if (view === 'queue') return `message ${(row as QueueItem).id}`;
  if (view === 'webhooks') return `webhook ${(row as WebhookItem).id}`;
  return undefined;
}
