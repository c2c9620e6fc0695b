// COMPRESS=DEFLATE (RFC 4978): after the tagged OK both directions are one raw deflate
// stream each (RFC 1951, no zlib or gzip framing). Input: socket → inflateRaw → the session's
// reader. Output: every flush of the session's buffered responses is deflated and ended with
// a sync flush (RFC 4978 §4: the server must flush after each response burst, so the client
// can decode it without waiting for more).
//
// Deviation (interop fixed): mox v0.0.15 has this code but does not announce it, because Go's
// inflate blocked on data the client wrote with a partial flush. Node's zlib hands out what
// it can decode for any input, whichever flush the client used.
import type { Socket } from 'node:net';
import { constants, createDeflateRaw, createInflateRaw, type DeflateRaw } from 'node:zlib';
import { writeDrained } from '../io/index.js';
import type { Session } from './session.js';

/**
 * Switches a session to compression: reading from an inflater fed by the socket (bytes the
 * reader already buffered go in first), writing through {@link deflateWriter}.
 */
export function startCompression(s: Session): void {
  const socket = s.socket;
  const pending = s.reader.detach();
  const inflate = createInflateRaw();
  s.reader.attach(inflate);
  if (pending.length > 0) inflate.write(pending);
  socket.on('data', (chunk: Buffer) => {
    if (!inflate.write(chunk)) {
      socket.pause();
      inflate.once('drain', () => socket.resume());
    }
  });
  socket.on('end', () => inflate.end());
  socket.on('close', () => inflate.destroy());
  socket.resume();
  // A corrupt stream from the client ends the session (the reader sees the error).
  inflate.on('error', (err) => {
    s.log.debug('inflate error', { err });
    socket.destroy();
  });
  s.output = deflateWriter(socket);
}

/**
 * Returns a writer that deflates data and writes it to the socket, ending each write with a
 * sync flush (the 00 00 FF FF marker), and `end` that finishes the stream with its final
 * block (as mox does on a clean close). Writes are serialised: each one's compressed bytes go
 * out before the next starts.
 */
export function deflateWriter(socket: Socket): NonNullable<Session['output']> {
  const deflate: DeflateRaw = createDeflateRaw();
  let out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  deflate.on('error', () => socket.destroy());
  socket.on('close', () => deflate.destroy());
  let chain: Promise<void> = Promise.resolve();
  const send = async (): Promise<void> => {
    const b = Buffer.concat(out);
    out = [];
    await writeDrained(socket, b);
  };
  const serial = (fn: () => Promise<void>): Promise<void> => {
    const p = chain.then(fn);
    chain = p.catch(() => undefined);
    return p;
  };
  return {
    write: (data) =>
      serial(async () => {
        if (socket.destroyed || deflate.destroyed || deflate.writableEnded) return;
        deflate.write(data);
        await new Promise<void>((resolve) => deflate.flush(constants.Z_SYNC_FLUSH, () => resolve()));
        await send();
      }),
    end: () =>
      serial(async () => {
        if (socket.destroyed || deflate.destroyed || deflate.writableEnded) return;
        // The final block is out once the readable side ends (end's callback comes earlier).
        await new Promise<void>((resolve) => {
          deflate.once('end', resolve);
          deflate.once('close', resolve);
          deflate.end();
        });
        await send();
      }),
  };
}
