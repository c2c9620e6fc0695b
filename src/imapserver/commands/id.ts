import type { CommandArgs } from '../../imap/index.js';
import type { Session } from '../session.js';

/** ID: RFC 2971. The client's parameters are logged; we only give our name (RFC 2971 §3.3). */
export function id(s: Session, _tag: string, a: Extract<CommandArgs, { command: 'ID' }>): void {
  s.log.info('client id', { params: a.params ? Object.fromEntries(a.params) : null });
  s.line('* ID ("name" "mox")');
}
