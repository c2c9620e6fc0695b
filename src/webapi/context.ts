import type { Logger } from '../log/index.js';
import type { Account } from '../store/index.js';
import type { FormFile } from './form.js';
import type { WebapiPorts } from './ports.js';

/** What a method handler gets besides its request: the caller, the engine and the HTTP details. */
export interface CallContext {
  ports: WebapiPorts;
  log: Logger;
  cid: number;
  /** The authenticated account. */
  account: Account;
  /** The login address from HTTP basic auth, as given. */
  loginAddress: string;
  /** Files uploaded with a multipart/form-data request. */
  files: FormFile[];
  /** Maximum size of a composed message (the listener's SMTPMaxMessageSize). */
  maxMessageSize: number;
  /** TLS details for the Received header, e.g. ["(TLS1.3", "TLS_AES_128_GCM_SHA256)"], or none. */
  tlsComment: string[];
  /** Value of the User-Agent header added to sent messages without one. */
  userAgent: string;
}

/** A method result: JSON data, or bytes with the Content-Type to send them with. */
export type CallResult = { json: unknown } | { bytes: Buffer; contentType: string };
