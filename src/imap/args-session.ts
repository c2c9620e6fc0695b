// Arguments of the connection-level commands: AUTHENTICATE, LOGIN, ENABLE, ID, COMPRESS, and
// the lines inside AUTHENTICATE and IDLE.
import { ImapParseError } from './errors.js';
import type { Parser } from './parser.js';
import type { CommandArgs } from './types.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodeBase64(s: string): Buffer | undefined {
  return BASE64.test(s) ? Buffer.from(s, 'base64') : undefined;
}

/**
 * AUTHENTICATE mechanism [SP initial-response] (RFC 9051 §6.2.2, SASL-IR RFC 4959 §3): "=" is an
 * empty initial response.
 */
export function parseAuthenticate(p: Parser): CommandArgs {
  p.sp();
  const mechanism = p.atom().toUpperCase();
  if (!p.takeSp()) {
    p.end();
    return { command: 'AUTHENTICATE', mechanism };
  }
  const raw = p.rest().toString('latin1');
  p.end();
  if (raw === '=') return { command: 'AUTHENTICATE', mechanism, initialResponse: Buffer.alloc(0) };
  const initialResponse = decodeBase64(raw);
  if (!initialResponse) throw p.error('bad base64 in initial response');
  return { command: 'AUTHENTICATE', mechanism, initialResponse };
}

/**
 * Parses a client line during an AUTHENTICATE exchange (RFC 9051 §6.2.2): base64 data, or "*"
 * to cancel (returns null). Throws {@link ImapParseError} for bad base64.
 */
export function parseSaslResponse(line: Buffer, tag?: string): Buffer | null {
  const s = line.toString('latin1');
  if (s === '*') return null;
  const b = decodeBase64(s);
  if (!b) throw new ImapParseError('bad base64 in authentication response', { tag, command: 'AUTHENTICATE' });
  return b;
}

/** Whether a line read during IDLE is "DONE" (RFC 2177 §3, case-insensitive). */
export function isIdleDone(line: Buffer): boolean {
  return line.length === 4 && line.toString('latin1').toUpperCase() === 'DONE';
}

/** LOGIN userid SP password (RFC 9051 §6.2.3). */
export function parseLogin(p: Parser): CommandArgs {
  p.sp();
  const username = p.astringText();
  p.sp();
  const password = p.astringText();
  p.end();
  return { command: 'LOGIN', username, password };
}

/** ENABLE 1*(SP capability) (RFC 5161 §3.1); capabilities as sent. */
export function parseEnable(p: Parser): CommandArgs {
  const capabilities: string[] = [];
  do {
    p.sp();
    capabilities.push(p.atom());
  } while (!p.atEnd());
  return { command: 'ENABLE', capabilities };
}

/** ID SP ("(" [string SP nstring *(SP string SP nstring)] ")" / NIL) (RFC 2971 §4). */
export function parseId(p: Parser): CommandArgs {
  p.sp();
  if (p.takeWord(['NIL'])) {
    p.end();
    return { command: 'ID', params: null };
  }
  const params: Array<readonly [string, string | null]> = [];
  p.needChar('(', '"(" or NIL');
  if (!p.takeChar(')')) {
    do {
      const key = p.stringText();
      p.sp();
      const v = p.nstring();
      if (params.some(([k]) => k.toLowerCase() === key.toLowerCase())) throw p.error(`duplicate ID key ${JSON.stringify(key)}`);
      params.push([key, v === null ? null : p.text(v)]);
    } while (p.takeSp());
    p.needChar(')');
  }
  p.end();
  return { command: 'ID', params };
}

/** COMPRESS SP algorithm (RFC 4978 §3). */
export function parseCompress(p: Parser): CommandArgs {
  p.sp();
  const mechanism = p.atom().toUpperCase();
  p.end();
  return { command: 'COMPRESS', mechanism };
}
