// Types shared by the server and client mechanisms.

import type { SaslError } from './errors.js';
import type { PasswordCache } from './password-cache.js';
import type { StoredSecrets } from './secrets.js';

/** The SASL mechanisms we implement, as named on the wire (upper case). */
export type MechanismName =
  | 'PLAIN'
  | 'LOGIN'
  | 'CRAM-MD5'
  | 'SCRAM-SHA-1'
  | 'SCRAM-SHA-1-PLUS'
  | 'SCRAM-SHA-256'
  | 'SCRAM-SHA-256-PLUS'
  | 'EXTERNAL';

/**
 * TLS channel binding types: "tls-unique" (RFC 5929 §3, TLS 1.2 and earlier), "tls-exporter"
 * (RFC 9266, TLS 1.3) and "tls-server-end-point" (RFC 5929 §4).
 */
export type ChannelBindingType = 'tls-unique' | 'tls-exporter' | 'tls-server-end-point';

/** The credentials of the account a login name resolves to. */
export interface AccountCredentials {
  /** Account name; EXTERNAL compares it with the TLS client certificate's account. */
  account: string;
  /** Derived secrets, or null when the account has no password set. */
  secrets: StoredSecrets | null;
}

/** The identity proven by a verified TLS client certificate (for EXTERNAL). */
export interface ClientIdentity {
  /** Login address registered for the certificate's public key. */
  username: string;
  account: string;
}

/** What the mechanisms need to know about the TLS layer; absent on plaintext connections. */
export interface TlsBinding {
  /**
   * Returns the channel binding data for a type, or undefined when that type is not
   * available on this connection (e.g. tls-unique on TLS 1.3, RFC 9266 §3).
   */
  channelBinding(type: ChannelBindingType): Buffer | undefined;
  /** Returns the verified client certificate identity, or null without one. */
  clientIdentity?(): ClientIdentity | null;
}

/** Collaborators of the server mechanisms. */
export interface ServerDeps {
  /**
   * Resolves a login name (an email address) to its account's credentials, or null for an
   * unknown name. Must not throw for unknown names; other errors propagate to the caller.
   */
  lookup(username: string): Promise<AccountCredentials | null>;
  /** Host name for the CRAM-MD5 challenge, RFC 2195 §2. */
  hostname: string;
  /** Time source for the CRAM-MD5 challenge timestamp. */
  clock: { now(): number };
  /** Present when the connection is TLS. */
  tls?: TlsBinding;
  /**
   * Secret key to derive stable fake SCRAM salts for unknown users, so repeated probes for
   * one name see the same salt as for a real account. Without it the salt is random per try.
   */
  unknownUserKey?: Uint8Array;
  /** Recently verified passwords (PLAIN, LOGIN): skips bcrypt for repeated logins. */
  passwordCache?: PasswordCache;
  /** Overrides the random server nonce part (test vectors only). */
  serverNonce?(): string;
}

/** The result of one server step: send a challenge, or authentication succeeded. */
export type StepResult =
  | { kind: 'challenge'; data: Buffer }
  | { kind: 'done'; username: string; account: string };

/** A successful exchange. */
export type Authenticated = Extract<StepResult, { kind: 'done' }>;

/**
 * A server-side mechanism instance for one exchange: a state machine the protocol layer
 * drives with decoded client data. Failures are thrown as {@link SaslError}.
 */
export interface ServerMechanism {
  readonly name: MechanismName;
  /** Whether client data carries a plaintext password (hide it from traces). */
  readonly cleartextCredentials: boolean;
  /** The login name the client gave so far ("" until known), for logs and login records. */
  readonly username: string;
  /**
   * Processes the next client message. The first call gets the initial response, or null
   * when the client sent none (RFC 4422 §5); later calls get each decoded response.
   */
  step(clientData: Buffer | null): Promise<StepResult>;
  /**
   * Returns the error to raise when the client answered a challenge with "*". After a
   * failed SCRAM proof (the server already sent "e=…") that is the real failure.
   */
  abort(): SaslError;
}

/** One client step: data to send (null: no initial response) and whether it is the last. */
export interface ClientStep {
  data: Buffer | null;
  last: boolean;
}

/** A client-side mechanism instance for one exchange. */
export interface ClientMechanism {
  readonly name: MechanismName;
  readonly cleartextCredentials: boolean;
  /** Call first with null to get the initial response, then with each server challenge. */
  next(fromServer: Buffer | null): Promise<ClientStep>;
}
