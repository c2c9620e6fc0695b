// Helpers for SMTP AUTH tests: implicit-TLS scripted connections and a SASL exchange driven
// by our own client mechanisms (src/sasl), with TLS channel binding for the -PLUS variants.
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { Socket } from 'node:net';
import type { TestContext } from 'node:test';
import { createClientMechanism, type ChannelBindingType, type ClientOptions } from '../../src/sasl/index.js';
import { channelBindingData } from '../../src/tls/index.js';
import { SmtpScript } from './smtp-script.js';

/** Opens a scripted connection with TLS from the start (port "submissions", RFC 8314). */
export async function openTls(t: TestContext, port: number): Promise<SmtpScript> {
  const sock = await new Promise<TLSSocket>((resolve, reject) => {
    const s = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false, servername: 'localhost' }, () => resolve(s));
    s.once('error', reject);
  });
  t.after(() => sock.destroy());
  // SmtpScript's constructor is private to steer plain tests to open(); a TLS socket from the
  // start is the one case open() does not cover.
  return Reflect.construct(SmtpScript, [sock as Socket]) as SmtpScript;
}

/** The client side's channel binding data of a type for the script's TLS connection. */
export function clientBinding(c: SmtpScript, type: ChannelBindingType): { type: ChannelBindingType; data: Buffer } {
  const data = channelBindingData(c.socket as TLSSocket, type, 'client');
  if (!data) throw new Error(`no ${type} channel binding on this connection`);
  return { type, data };
}

/** Options for {@link authenticate}. */
export interface AuthOptions extends ClientOptions {
  /** Send the first client message with the AUTH command (RFC 4954 §4); default true. */
  initialResponse?: boolean;
}

/** What happened in an AUTH exchange. */
export interface AuthResult {
  /** The final (non-334) reply. */
  reply: string;
  /** The client's error when it refused a server message (it then sent "*"). */
  clientError?: Error;
  /** Every base64 line the client sent (initial response included), for leak checks. */
  sent: string[];
}

/**
 * Runs AUTH with one of our client mechanisms: initial response or not, each 334 challenge
 * answered, "*" when the client mechanism rejects a server message (e.g. SCRAM "e=...").
 */
export async function authenticate(c: SmtpScript, mech: string, opts: AuthOptions): Promise<AuthResult> {
  const m = createClientMechanism(mech, opts);
  const first = await m.next(null);
  const sent: string[] = [];
  let pending: Buffer | null = null;
  if (first.data !== null && (opts.initialResponse ?? true)) {
    const b = first.data.length === 0 ? '=' : first.data.toString('base64');
    sent.push(b);
    c.send(`AUTH ${mech} ${b}`);
  } else {
    c.send(`AUTH ${mech}`);
    pending = first.data;
  }
  let clientError: Error | undefined;
  for (;;) {
    const r = await c.reply();
    if (!r.startsWith('334 ')) return { reply: r, sent, ...(clientError ? { clientError } : {}) };
    if (pending !== null) {
      // The server asked for the initial response we held back (its challenge is empty).
      sent.push(pending.toString('base64'));
      c.send(pending.toString('base64'));
      pending = null;
      continue;
    }
    let data: Buffer;
    try {
      data = (await m.next(Buffer.from(r.slice(4), 'base64'))).data ?? Buffer.alloc(0);
    } catch (e) {
      clientError = e as Error;
      c.send('*');
      continue;
    }
    sent.push(data.toString('base64'));
    c.send(data.toString('base64'));
  }
}
