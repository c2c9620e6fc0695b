import type { BusEvent, EngineClient, EngineOps, EventMap, EventType, InboxItem, QueueItem, WebhookItem } from '../../src/index.js';

/** A scriptable EngineClient for component tests: emit events, set snapshots, record actions. */
export class FakeClient implements EngineClient {
  readonly mode: 'inProcess' | 'attached';
  queueItems: QueueItem[] = [];
  webhookItems: WebhookItem[] = [];
  inboxItems: InboxItem[] = [];
  actions: string[] = [];
  closed = false;
  private seq = 0;
  private subs = new Set<(evs: BusEvent[]) => void>();
  private backlog: BusEvent[] = [];

  constructor(mode: 'inProcess' | 'attached' = 'inProcess', readonly time = 1_700_000_000_000) {
    this.mode = mode;
  }

  emit<K extends EventType>(type: K, data: EventMap[K]): void {
    const ev = { type, data, seq: ++this.seq, time: this.time } as BusEvent;
    this.backlog.push(ev);
    for (const s of this.subs) s([ev]);
  }

  subscribe(fn: (events: BusEvent[]) => void, opts: { backlog?: boolean } = {}): () => void {
    if (opts.backlog && this.backlog.length) fn([...this.backlog]);
    this.subs.add(fn);
    return () => this.subs.delete(fn);
  }

  info: EngineOps['info'] = async () => ({ profile: 'localserve', dataDir: '/tmp/x', listeners: [{ listener: 'local', service: 'smtp', host: '127.0.0.1', port: 1025 }] });
  queue: EngineOps['queue'] = async () => this.queueItems;
  retired: EngineOps['retired'] = async () => [];
  webhooks: EngineOps['webhooks'] = async () => this.webhookItems;
  webhookPayload: EngineOps['webhookPayload'] = async (id) => (id === 7 ? '{"Version":0,"Event":"delivered"}' : undefined);
  inbox: EngineOps['inbox'] = async () => this.inboxItems;
  message: EngineOps['message'] = async (account, id) => ({ id, account, headers: 'Subject: hello there\r\nFrom: a@b.example\r\n\r\n', text: 'the body text\r\n' });
  queueAction: EngineOps['queueAction'] = async (action, ids) => {
    this.actions.push(`queue ${action} ${ids.join(',')}`);
    return ids.length;
  };
  webhookAction: EngineOps['webhookAction'] = async (action, ids) => {
    this.actions.push(`webhook ${action} ${ids.join(',')}`);
    return ids.length;
  };
  async close(): Promise<void> {
    this.closed = true;
  }
}

/** Waits until `check` passes (bounded poll, no timing assertion). */
export async function until(check: () => boolean, what: string, tries = 1000): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

/** A queued message as the UI lists it: a temporary failure, attempted once, retried in 5 min. */
export function queueItem(id: number, over: Partial<QueueItem> = {}, error = 'data: 451 4.0.0 failure with code 451'): QueueItem {
  const t = 1_700_000_000_000;
  return {
    id,
    queued: t - 60_000,
    account: 'mox',
    from: 'mox@localhost',
    to: `queue${id}temperror@example.com`,
    subject: `subject ${id}`,
    size: 600,
    hold: false,
    attempts: 1,
    maxAttempts: 8,
    nextAttempt: t + 300_000,
    lastAttempt: t - 1000,
    lastError: error,
    history: [{ start: t - 1000, durationMs: 12, success: false, code: 451, enhanced: '4.0.0', error }],
    ...over,
  };
}
