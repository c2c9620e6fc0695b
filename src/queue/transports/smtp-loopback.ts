import type { Logger } from '../../log/index.js';
import { SmtpClient, SmtpClientError } from '../../smtpclient/index.js';
import { recipientAddress, senderAddress } from '../rows.js';
import type { QueuedMsg, RcptOutcome, Transport } from '../types.js';

/** Where and how the loopback transport connects. */
export interface LoopbackOptions {
  /** Where our incoming SMTP listener is (known once it is bound). */
  target: () => { host: string; port: number };
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
  /** Idle connections for reuse: loopback deliveries come in bursts. */
  private readonly idle: { client: SmtpClient; timer: NodeJS.Timeout }[] = [];

  constructor(private readonly opts: LoopbackOptions) {}

  async deliver(msgs: QueuedMsg[], content: { prefix: Buffer; data: Buffer }, signal: AbortSignal): Promise<RcptOutcome[]> {
    let client = this.takeIdle();
    const fresh = !client;
    client ??= await this.connect();
    const onAbort = () => void client!.close();
    signal.addEventListener('abort', onAbort, { once: true });
    const release = this.opts.onConnect?.(client.localPort, msgs);
    let ok = false;
    try {
      const out: RcptOutcome[] = [];
      for (const m of msgs) out.push(await deliverOne(client, m, content));
      ok = true;
      return out;
    } catch (e) {
      // A reused connection may have been closed by the server meanwhile: retry once on a new one.
      if (!fresh && !signal.aborted && e instanceof SmtpClientError && e.code === 0) {
        release?.();
        await client.close();
        return this.deliver(msgs, content, signal);
      }
      throw e;
    } finally {
      release?.();
      signal.removeEventListener('abort', onAbort);
      if (ok && client.usable && !signal.aborted && this.idle.length < 10) this.putIdle(client);
      else await client.close();
    }
  }

  /** Closes idle connections. */
  async close(): Promise<void> {
    const all = this.idle.splice(0);
    await Promise.all(all.map((c) => (clearTimeout(c.timer), c.client.close())));
  }

  private connect(): Promise<SmtpClient> {
    const { host, port } = this.opts.target();
    return SmtpClient.connect({
      host,
      port,
      ehloName: 'localhost',
      startTls: 'opportunistic',
      verifyCert: false,
      serverName: 'localhost',
      timeoutMs: this.opts.timeoutMs ?? 60_000,
      log: this.opts.log,
      onLine: this.opts.onLine,
    });
  }

  private takeIdle(): SmtpClient | undefined {
    while (this.idle.length) {
      const c = this.idle.pop()!;
      clearTimeout(c.timer);
      if (c.client.usable) return c.client;
      void c.client.close();
    }
    return undefined;
  }

  private putIdle(client: SmtpClient): void {
    const entry = {
      client,
      timer: setTimeout(() => {
        const i = this.idle.indexOf(entry);
        if (i >= 0) this.idle.splice(i, 1);
        void client.close();
      }, 5000),
    };
    entry.timer.unref();
    this.idle.push(entry);
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
  return { msgId: m.id, ok: false, code: e.code, secode: e.secode, error: e.message, permanent: e.permanent, lines: e.lines, remoteMta: 'localhost' };
}
