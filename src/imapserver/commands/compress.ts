import type { CommandArgs } from '../../imap/index.js';
import { startCompression } from '../deflate.js';
import { no, type Done } from '../responses.js';
import type { Session } from '../session.js';

/**
 * COMPRESS (RFC 4978 §3): DEFLATE is the only mechanism. A second COMPRESS is refused with
 * NO [COMPRESSIONACTIVE] (RFC 4978 §3); an unknown mechanism with NO, as mox does. The tagged
 * OK goes out uncompressed, then both directions switch (RFC 4978 §3). TLS has no
 * compression of its own in Node, so there is no TLS compression to check for.
 */
export async function compress(s: Session, tag: string, a: Extract<CommandArgs, { command: 'COMPRESS' }>): Promise<Done> {
  if (s.output) throw no('compression already active with previous compress command', 'COMPRESSIONACTIVE');
  if (a.mechanism !== 'DEFLATE') throw no('compression algorithm not supported');
  s.status(tag, 'OK', 'COMPRESS done');
  await s.flush();
  startCompression(s);
  s.log.debug('compression enabled');
  return { sent: true };
}
