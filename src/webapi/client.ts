import { WebapiError } from './errors.js';
import { methodSpec } from './methods.js';
import type { MethodName, MethodRequests, MethodResults } from './types.js';

/** How to reach a webapi. */
export interface WebapiClientOptions {
  /**
   * Base URL of the methods, e.g. "http://localhost:1080/webapi/v0/". Credentials in the URL
   * ("http://mox%40localhost:moxmoxmox@localhost:1080/webapi/v0/") are used for basic auth.
   */
  baseUrl: string;
  /** Login address; overrides one in the URL. */
  username?: string;
  password?: string;
  /** The fetch to use (e.g. with a custom dispatcher for self-signed certificates). */
  fetch?: typeof fetch;
}

/** A call failed without a webapi error body (e.g. 401, 429, or a network error). */
export class WebapiHttpError extends Error {
  constructor(
    readonly status: number,
    /** The start of the response body (at most 512 bytes), e.g. "401 - unauthorized - ...". */
    readonly body: string,
  ) {
    super(`http status ${status}, expected 200 ok: ${body.trim()}`);
    this.name = 'WebapiHttpError';
  }
}

/**
 * A client for the webapi, as mox's webapi.Client: each call is an HTTP POST of a form with
 * the JSON request in field "request". Resolves with the JSON result (or the bytes, for
 * MessageRawGet and MessagePartGet); rejects with a {@link WebapiError} carrying mox's code
 * for a 400, or a {@link WebapiHttpError} for other statuses.
 */
export class WebapiClient {
  private readonly base: string;
  private readonly auth: string | undefined;
  private readonly fetch: typeof fetch;

  constructor(opts: WebapiClientOptions) {
    const u = new URL(opts.baseUrl);
    const username = opts.username ?? decodeURIComponent(u.username);
    const password = opts.password ?? decodeURIComponent(u.password);
    u.username = '';
    u.password = '';
    this.base = u.toString().endsWith('/') ? u.toString() : `${u.toString()}/`;
    this.auth = username ? `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` : undefined;
    this.fetch = opts.fetch ?? fetch;
  }

  /** Calls a method by name with a (partial) request; absent fields are zero values. */
  async call<K extends MethodName>(method: K, request: Partial<MethodRequests[K]>): Promise<MethodResults[K]> {
    const resp = await this.fetch(this.base + method, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(this.auth ? { Authorization: this.auth } : {}) },
      body: new URLSearchParams({ request: JSON.stringify(request) }).toString(),
    });
    const body = Buffer.from(await resp.arrayBuffer());
    if (resp.status === 200) {
      if (methodSpec(method)?.result === 'bytes') return body as MethodResults[K];
      return JSON.parse(body.toString('utf8')) as MethodResults[K];
    }
    if (resp.status === 400) {
      let e: { Code?: unknown; Message?: unknown } | undefined;
      try {
        e = JSON.parse(body.toString('utf8')) as typeof e;
      } catch {
        e = undefined;
      }
      if (e && typeof e.Code === 'string' && typeof e.Message === 'string') throw new WebapiError(e.Code, e.Message);
    }
    throw new WebapiHttpError(resp.status, body.subarray(0, 512).toString('utf8'));
  }

  /** Composes and queues a message; see the Send method. */
  send(req: Partial<MethodRequests['Send']>): Promise<MethodResults['Send']> {
    return this.call('Send', req);
  }

  /** Lists the account's suppressed addresses. */
  suppressionList(): Promise<MethodResults['SuppressionList']> {
    return this.call('SuppressionList', {});
  }

  /** Adds an address to the suppression list. */
  suppressionAdd(req: Partial<MethodRequests['SuppressionAdd']>): Promise<MethodResults['SuppressionAdd']> {
    return this.call('SuppressionAdd', req);
  }

  /** Removes an address from the suppression list. */
  suppressionRemove(req: MethodRequests['SuppressionRemove']): Promise<MethodResults['SuppressionRemove']> {
    return this.call('SuppressionRemove', req);
  }

  /** Whether an address is on the suppression list. */
  suppressionPresent(req: MethodRequests['SuppressionPresent']): Promise<MethodResults['SuppressionPresent']> {
    return this.call('SuppressionPresent', req);
  }

  /** A stored message in parsed form. */
  messageGet(req: MethodRequests['MessageGet']): Promise<MethodResults['MessageGet']> {
    return this.call('MessageGet', req);
  }

  /** A stored message as bytes. */
  messageRawGet(req: MethodRequests['MessageRawGet']): Promise<Buffer> {
    return this.call('MessageRawGet', req);
  }

  /** The decoded content of one part of a stored message. */
  messagePartGet(req: Partial<MethodRequests['MessagePartGet']> & { MsgID: number }): Promise<Buffer> {
    return this.call('MessagePartGet', req);
  }

  /** Removes a stored message for good. */
  messageDelete(req: MethodRequests['MessageDelete']): Promise<MethodResults['MessageDelete']> {
    return this.call('MessageDelete', req);
  }

  /** Sets flags on a stored message. */
  messageFlagsAdd(req: MethodRequests['MessageFlagsAdd']): Promise<MethodResults['MessageFlagsAdd']> {
    return this.call('MessageFlagsAdd', req);
  }

  /** Clears flags on a stored message. */
  messageFlagsRemove(req: MethodRequests['MessageFlagsRemove']): Promise<MethodResults['MessageFlagsRemove']> {
    return this.call('MessageFlagsRemove', req);
  }

  /** Moves a stored message to an existing mailbox. */
  messageMove(req: MethodRequests['MessageMove']): Promise<MethodResults['MessageMove']> {
    return this.call('MessageMove', req);
  }
}
