/**
 * Byte-level I/O shared by the protocol servers and clients: a buffered socket reader with
 * line and exact-length reads (kept as Buffers, never strings), SMTP dot-(un)stuffing with
 * bare CR/LF detection (RFC 5321 §4.5.2), and durable file writes (write, fsync file, fsync
 * directory). Layer L0.
 */
export { SocketReader, LineTooLongError, ReaderClosedError } from './reader.js';
export { DotUnstuffer, dotStuff, type DotResult } from './dot.js';
export { writeDurable, fsyncDir, fsyncPath, ensureDir } from './durable.js';
export { GroupCommit } from './group-commit.js';
export { writeSynced } from './synced.js';
export { ConnectionServer, listenOn, closeServer, type ConnectionServerOptions } from './server.js';
export { tlsHandshake, serverStartTls, writeDrained, normalizeIp } from './tls-upgrade.js';
export { serveConnection, SessionListener, type ServedSession, type SessionListenerOptions } from './serve.js';
