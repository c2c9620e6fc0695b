import type { Path } from '../smtp/index.js';
import type { Hello, MailParams } from './types.js';
import type { RecipientTarget } from './ports.js';

/** An accepted recipient of the current transaction. */
export interface Recipient {
  path: Path;
  /** For incoming mail: where the recipient resolves to. */
  target?: RecipientTarget;
}

/** The mail transaction between MAIL and the end of DATA (RFC 5321 §3.3). */
export interface Transaction {
  from: Path;
  params: MailParams;
  rcpts: Recipient[];
  /** BDAT chunks received so far (RFC 3030); undefined until the first BDAT. */
  chunks?: { parts: Buffer[]; size: number; tooLarge: boolean };
}

/**
 * Where a session is in the protocol. Authentication is separate (`Session.auth`): it spans
 * transactions and survives RSET.
 */
export type Phase =
  | { kind: 'connected' }
  | { kind: 'hello'; hello: Hello }
  | { kind: 'mail'; hello: Hello; tx: Transaction };

/** The authenticated user of a submission session. */
export interface AuthInfo {
  username: string;
  account: string;
  mechanism: string;
}
