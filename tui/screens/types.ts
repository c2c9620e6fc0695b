import type { InboxItem, InstanceInfo, MessageView, QueueItem, RetiredItem, WebhookItem } from '../../src/index.js';

/** Snapshots fetched from the engine (undefined until the first answer). */
export interface Snapshots {
  info?: InstanceInfo;
  queue?: QueueItem[];
  retired?: RetiredItem[];
  webhooks?: WebhookItem[];
  inbox?: InboxItem[];
}

/** Data loaded for an open detail view. */
export interface DetailData {
  message?: MessageView;
  payload?: string;
  error?: string;
}

/** The size a screen may use. */
export interface Area {
  width: number;
  height: number;
}
