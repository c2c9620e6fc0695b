/**
 * The ctl protocol between the `mox` command line and a running instance, over the unix
 * socket `<DataDir>/ctl`, framed exactly as Go mox's ctl.go: the server greets with `ctlv0`,
 * a command is a name line followed by parameter lines, replies are `ok` or an error text
 * line, and data streams are `<length>\n<bytes>` chunks each answered with `ok`, ended by
 * `0`. Commands run one after another per connection. The commands themselves come from the
 * engine as handlers; this folder only frames and dispatches them, plus an event stream
 * command for the terminal UI. No RFC applies. Layer L3 (imports io, log, events, clock).
 */
export { CtlConn, streamCanceledText, type CtlConnOptions, type CtlStreamSource } from './conn.js';
export {
  CtlServer,
  unrecognizedCommandText,
  internalErrorText,
  type CtlServerConn,
  type CtlHandler,
  type CtlHandlers,
  type CtlServerOptions,
} from './server.js';
export { CtlClient, ctlVersionLine, type CtlClientOptions } from './client.js';
export { CtlError, CtlRemoteError, CtlProtocolError, CtlClosedError, CtlNotRunningError, CtlInUseError } from './errors.js';
export { decodeJson, zeroJson, JsonShapeError, type JsonShape, type JsonOf } from './json.js';
export {
  eventsCommand,
  eventsHandler,
  eventLines,
  jsonLines,
  readEvents,
  type EventStreamRequest,
  type EventLinesOptions,
} from './events.js';
