import { parseMessage, partToJSON } from '../message/index.js';
import type { MessageSummary } from './delivery.js';

/**
 * Parses a message once, at delivery: the MIME part tree with byte offsets (stored as JSON so
 * IMAP FETCH reads only the bytes it needs), the subject and the Message-ID. Never throws:
 * the parser is lenient, and a message it cannot parse at all is stored without a tree.
 */
export function summarizeMessage(data: Buffer): MessageSummary {
  try {
    const part = parseMessage(data);
    const env = part.envelope;
    return { parsed: partToJSON(part), subject: env?.subject ?? '', messageIdHeader: env?.messageId ?? '' };
  } catch {
    return { parsed: null, subject: '', messageIdHeader: '' };
  }
}
