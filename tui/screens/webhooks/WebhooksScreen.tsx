import type { ReactElement } from 'react';
import type { WebhookItem } from '../../../src/index.js';
import { ListView, type Column } from '../../components/ListView.js';
import { TextPane, toPaneLines, wrapPaneLines, type PaneLine } from '../../components/TextPane.js';
import { clockTime, relTime } from '../../components/text.js';
import { matchesFilter } from '../../state/filter.js';
import type { Area } from '../types.js';

/** Webhooks matching the filter (queued first, as the engine lists them). */
export function webhookRows(items: readonly WebhookItem[] | undefined, filter: string): WebhookItem[] {
  return (items ?? []).filter((h) => matchesFilter(filter, [h.id, h.event, h.url, h.account, status(h), h.history.at(-1)?.error]));
}

function status(h: WebhookItem): string {
  if (!h.retired) return 'queued';
  if (h.supersededBy) return 'superseded';
  if (!h.success && h.history.at(-1)?.error === canceledError) return 'canceled';
  return h.success ? 'delivered' : 'failed';
}

// The result mox records when a webhook is canceled (mox queue webhook cancel, or the UI).
const canceledError = 'canceled by admin';

const columns = (now: number): Column<WebhookItem>[] => [
  { title: 'ID', width: 5, value: (h) => String(h.id) },
  { title: 'EVENT', width: 10, value: (h) => h.event },
  { title: 'STATE', width: 10, value: status, color: (h) => (!h.retired ? 'yellow' : h.success ? 'green' : 'red') },
  { title: 'HTTP', width: 4, value: (h) => (h.history.length && status(h) !== 'canceled' ? String(h.history.at(-1)!.code || 'err') : '-') },
  { title: 'MS', width: 5, value: (h) => (h.history.length ? String(h.history.at(-1)!.durationMs) : '') },
  { title: 'ATT', width: 3, value: (h) => String(h.attempts) },
  { title: 'NEXT', width: 8, value: (h) => (h.nextAttempt !== undefined ? relTime(h.nextAttempt, now) : '') },
  { title: 'URL', flex: 1, value: (h) => h.url },
];

/** The Webhooks list: queued and retired webhook calls. */
export function WebhooksScreen(p: { rows: readonly WebhookItem[]; selected: number; now: number; area: Area }): ReactElement {
  return (
    <ListView
      rows={p.rows}
      columns={columns(p.now)}
      selected={p.selected}
      height={p.area.height}
      width={p.area.width}
      rowKey={(h) => h.id}
      empty="no webhooks: configure OutgoingWebhook/IncomingWebhook in domains.conf (or -webhook-outgoing/-webhook-incoming)"
    />
  );
}

/** Lines of a webhook's detail: attempts with their answers, then the payload. */
export function webhookLines(h: WebhookItem, payload: string | undefined, width: number, now: number): PaneLine[] {
  const out: PaneLine[] = [
    { text: `event ${h.event}, ${status(h)}${h.supersededBy ? ` by webhook ${h.supersededBy}` : ''}, account ${h.account}, message ${h.queueMsgId || '-'}` },
    { text: `url ${h.url}` },
    { text: h.nextAttempt !== undefined ? `next attempt ${relTime(h.nextAttempt, now)}` : `last activity ${h.lastActivity ? relTime(h.lastActivity, now) : '-'}` },
    { text: '' },
    { text: 'attempts:', color: 'cyan' },
  ];
  if (h.history.length === 0) out.push({ text: '  none yet', dim: true });
  for (const a of h.history) {
    out.push({ text: `  ${clockTime(a.start)} HTTP ${a.code || '-'} ${a.durationMs}ms ${a.error}`, color: a.success ? 'green' : 'red' });
    if (a.response) out.push({ text: `    response: ${a.response.replace(/\s+/g, ' ').slice(0, 200)}`, dim: true });
  }
  out.push({ text: '' }, { text: 'payload:', color: 'cyan' });
  const head = wrapPaneLines(out, width);
  let pretty = payload ?? '(loading)';
  try {
    if (payload) pretty = JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    // Shown as sent.
  }
  return [...head, ...toPaneLines(pretty, width)];
}

/** The detail view of one webhook. */
export function WebhookDetailScreen(p: { hook: WebhookItem | undefined; payload?: string; scroll: number; now: number; area: Area }): ReactElement {
  const lines = p.hook ? webhookLines(p.hook, p.payload, p.area.width, p.now) : [{ text: 'webhook no longer in the list', dim: true }];
  return <TextPane title={p.hook ? `Webhook ${p.hook.id}` : 'Webhook'} lines={lines} scroll={p.scroll} height={p.area.height} width={p.area.width} />;
}
