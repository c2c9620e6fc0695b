import type { Session } from '../session.js';
import { ehlo, helo } from './ehlo.js';
import { starttls } from './starttls.js';
import { auth } from './auth.js';
import { mail } from './mail.js';
import { rcpt } from './rcpt.js';
import { data } from './data.js';
import { bdat } from './bdat.js';
import { rset } from './rset.js';
import { vrfy, expn } from './vrfy.js';
import { help } from './help.js';
import { noop } from './noop.js';
import { quit } from './quit.js';

/** A command handler: gets the session and the argument text (with its leading space). */
export interface CommandSpec {
  run(s: Session, args: string): void | Promise<void>;
}

/** The SMTP commands by lowercase verb (RFC 5321 §4.1.1 and extensions). */
export const commands: ReadonlyMap<string, CommandSpec> = new Map<string, CommandSpec>([
  ['ehlo', { run: ehlo }], // RFC 5321 §4.1.1.1
  ['helo', { run: helo }],
  ['starttls', { run: starttls }], // RFC 3207
  ['auth', { run: auth }], // RFC 4954
  ['mail', { run: mail }], // RFC 5321 §4.1.1.2
  ['rcpt', { run: rcpt }], // RFC 5321 §4.1.1.3
  ['data', { run: data }], // RFC 5321 §4.1.1.4
  ['bdat', { run: bdat }], // RFC 3030
  ['rset', { run: rset }], // RFC 5321 §4.1.1.5
  ['vrfy', { run: vrfy }], // RFC 5321 §4.1.1.6
  ['expn', { run: expn }], // RFC 5321 §4.1.1.7
  ['help', { run: help }], // RFC 5321 §4.1.1.8
  ['noop', { run: noop }], // RFC 5321 §4.1.1.9
  ['quit', { run: quit }], // RFC 5321 §4.1.1.10
]);
