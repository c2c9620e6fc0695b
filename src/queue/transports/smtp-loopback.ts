import type { Logger } from '../../log/index.js';
import { SmtpClient, SmtpClientError } from '../../smtpclient/index.js';
import { recipientAddress, senderAddress } from '../rows.js';
import type { QueuedMsg, RcptOutcome, Transport } from '../types.js';

/** Where and how the loopback transport connects. */
export interface LoopbackOptions {
  host: string;
  port: number;
  log: Logger;
  timeoutMs?: number;
  /** Called with the local port of each connection, so the receiving side can recognise it. */
  onConnect?(localPort: number, msgs: QueuedMsg[]): () => void;
  onLine?(dir: 'c' | 's', text: string): void;
}

/**
 * localserve's delivery: no DNS, no MX; the message goes over SMTP to our own incoming
 * listener (as mox's deliverLocalserve does), so the incoming checks and the simulated
 * failures run for real. Each recipient gets its own transaction, so a recipient that fails
 * after DATA fails alone (../shared/spec/localserve.md decision 6).
 */
export class LoopbackTransport implements Transport {
  constructor(private readonly opts: LoopbackOptions) {}

  async deliver(msgs: QueuedMsg[], content: { prefix: Buffer; data: Buffer }, signal: AbortSignal): Promise<RcptOutcome[]> {
    const client = await SmtpClient.connect({
      host: this.opts.host,
      port: this.opts.port,
      ehloName: 'localhost',
      startTls: 'opportunistic',
      verifyCert: false,
      serverName: 'localhost',
      timeoutMs: this.opts.timeoutMs ?? 60_000,
      log: this.opts.log,
      onLine: this.opts.onLine,
    });
    const onAbort = () => void client.close();
    signal.addEventListener('abort', onAbort, { once: true });
    const release = this.opts.onConnect?.(client.localPort, msgs);
    try {
      const out: RcptOutcome[] = [];
      for (const m of msgs) out.push(await deliverOne(client, m, content));
      return out;
    } finally {
      release?.();
      signal.removeEventListener('abort', onAbort);
      await client.close();
    }
  }
}

async function deliverOne(client: SmtpClient, m: QueuedMsg, content: { prefix: Buffer; data: Buffer }): Promise<RcptOutcome> {
  try {
    const r = await client.deliver({
      mailFrom: senderAddress(m),
      rcpts: [recipientAddress(m)],
      data: [content.prefix, content.data],
      has8bit: m.has8bit,
      smtputf8: m.smtputf8,
      requireTls: m.requireTls === true,
    });
    const rr = r.rcpts[0]!;
    if (rr.error) return failure(m, rr.error);
    // mox records the RCPT reply's codes for a delivered recipient.
    const secode = rr.reply?.enhanced ? rr.reply.enhanced.split('.').slice(1).join('.') : '';
    return { msgId: m.id, ok: true, code: rr.reply?.code ?? 250, secode, error: '', permanent: false };
  } catch (e) {
    if (e instanceof SmtpClientError) return failure(m, e);
    throw e;
  }
}

function failure(m: QueuedMsg, e: SmtpClientError): RcptOutcome {
  return { msgId: m.id, ok: false, code: e.code, secode: e.secode, error: e.message, permanent: e.permanent };
}
