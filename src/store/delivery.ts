import type { DeliverRequest } from './types.js';

/** A delivery whose file is written and fsynced, waiting for the batch's commit. */
export interface PendingDelivery {
  id: number;
  req: DeliverRequest;
  size: number;
  summary: MessageSummary;
}

/** What the store extracts from a message at delivery (parsed once). */
export interface MessageSummary {
  parsed: string | null;
  subject: string;
  messageIdHeader: string;
}
