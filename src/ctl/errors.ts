/**
 * An error whose text is meant for the other side of the ctl connection. A handler throws it
 * to answer a command with an error line instead of `ok`; the server writes `text` as is.
 */
export class CtlError extends Error {
  constructor(
    readonly text: string,
    options?: ErrorOptions,
  ) {
    super(text, options);
    this.name = 'CtlError';
  }
}

/**
 * The peer sent an error text where `ok`, a number or a stream chunk length was expected.
 * The exchange that was going on is over; nothing more is owed to the peer for it.
 */
export class CtlRemoteError extends Error {
  constructor(readonly text: string) {
    super(text);
    this.name = 'CtlRemoteError';
  }
}

/**
 * The peer broke the framing (wrong greeting, line or chunk too long, bad length). The
 * connection cannot be used any further and is closed.
 */
export class CtlProtocolError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CtlProtocolError';
  }
}

/** The connection closed (or failed) before an exchange completed. */
export class CtlClosedError extends Error {
  constructor(message = 'ctl connection closed', options?: ErrorOptions) {
    super(message, options);
    this.name = 'CtlClosedError';
  }
}

/**
 * Nothing listens on the ctl socket: no mox instance runs for this data directory (or it
 * runs with another one). `path` is where the client looked.
 */
export class CtlNotRunningError extends Error {
  constructor(
    readonly path: string,
    options?: ErrorOptions,
  ) {
    super(`mox is not running: no instance listens on control socket ${path}`, options);
    this.name = 'CtlNotRunningError';
  }
}

/** Another live process already listens on the ctl socket path. */
export class CtlInUseError extends Error {
  constructor(readonly path: string) {
    super(`control socket ${path} is in use by a running mox instance; stop it first`);
    this.name = 'CtlInUseError';
  }
}
