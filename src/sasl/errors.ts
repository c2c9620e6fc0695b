/**
 * Why a SASL exchange failed. The protocol layer maps each reason to its own reply; the
 * suggested mapping (as mox answers) is:
 *
 * | reason             | SMTP (RFC 4954)            | IMAP (RFC 9051, RFC 5530)          |
 * |--------------------|----------------------------|------------------------------------|
 * | `aborted`          | 501 5.5.0 aborted          | BAD aborted                        |
 * | `malformed`        | 501 5.5.2 syntax           | BAD syntax                         |
 * | `protocol`         | 455 4.7.0 or 535 5.7.0     | NO                                 |
 * | `badCredentials`   | 535 5.7.8                  | NO [AUTHENTICATIONFAILED]          |
 * | `authzFailed`      | 535 5.7.8                  | NO [AUTHORIZATIONFAILED]           |
 * | `channelBinding`   | 535 5.7.7 (possible MitM)  | NO [AUTHENTICATIONFAILED]          |
 * | `noSecrets`        | 454 4.3.0 (not counted)    | NO (not counted)                   |
 * | `tlsRequired`      | 538 5.7.11                 | NO [PRIVACYREQUIRED]               |
 * | `unsupported`      | 504 5.5.4                  | NO                                 |
 */
export type SaslFailure =
  /** The client cancelled with "*" (RFC 4954 §4, RFC 9051 §6.2.2). */
  | 'aborted'
  /** The client's data could not be parsed (bad base64, wrong token count, …). */
  | 'malformed'
  /** A SCRAM message violated the protocol (RFC 5802 §7), e.g. unsupported extension, short nonce. */
  | 'protocol'
  /** Wrong password or unknown user; the two are indistinguishable on purpose. */
  | 'badCredentials'
  /** The client asked to act as another identity (authzid), which we do not allow. */
  | 'authzFailed'
  /** The SCRAM channel binding did not match this TLS connection, RFC 5802 §6. */
  | 'channelBinding'
  /** The account exists but has no stored secret for this mechanism (password set before support). */
  | 'noSecrets'
  /** The mechanism needs a TLS connection (the -PLUS variants and EXTERNAL). */
  | 'tlsRequired'
  /** The mechanism name is not one we implement. */
  | 'unsupported';

/** The error codes SCRAM can carry in a server-final "e=" message, RFC 5802 §7. */
export type ScramErrorCode =
  | 'invalid-encoding'
  | 'extensions-not-supported'
  | 'invalid-proof'
  | 'channel-bindings-dont-match'
  | 'server-does-support-channel-binding'
  | 'channel-binding-not-supported'
  | 'unsupported-channel-binding-type'
  | 'unknown-user'
  | 'invalid-username-encoding'
  | 'no-resources'
  | 'other-error';

/**
 * A failed SASL exchange: `reason` selects the reply, `message` is detail for the log only
 * (never send it to the client, it may name users).
 */
export class SaslError extends Error {
  /** Creates the error; `scramError` is set when a SCRAM "e=" value describes it. */
  constructor(
    readonly reason: SaslFailure,
    message: string,
    readonly scramError?: ScramErrorCode,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'SaslError';
  }
}

/** Reports whether a value is a {@link SaslError}, optionally with the given reason. */
export function isSaslError(e: unknown, reason?: SaslFailure): e is SaslError {
  return e instanceof SaslError && (reason === undefined || e.reason === reason);
}
