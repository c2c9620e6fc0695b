import type { CommandArgs, CommandName } from '../../imap/index.js';
import type { Done } from '../responses.js';
import type { Session } from '../session.js';
import { append } from './append.js';
import { authenticate } from './authenticate.js';
import { capability } from './capability.js';
import { close, unselect } from './close.js';
import { compress } from './compress.js';
import { copy } from './copy.js';
import { create } from './create.js';
import { del } from './delete.js';
import { enable } from './enable.js';
import { esearch } from './esearch.js';
import { expunge } from './expunge.js';
import { fetch } from './fetch.js';
import { id } from './id.js';
import { idle } from './idle.js';
import { list, lsub } from './list.js';
import { login } from './login.js';
import { getmetadata, setmetadata } from './metadata.js';
import { logout } from './logout.js';
import { namespace } from './namespace.js';
import { noop } from './noop.js';
import { notify } from './notify.js';
import { getquota, getquotaroot } from './quota.js';
import { rename } from './rename.js';
import { replace } from './replace.js';
import { search } from './search.js';
import { select } from './select.js';
import { sort } from './sort.js';
import { starttls } from './starttls.js';
import { status } from './status.js';
import { store } from './store.js';
import { subscribe } from './subscribe.js';
import { thread } from './thread.js';

/** The states a command may run in (RFC 9051 §3); `authenticated` includes selected. */
export type StateReq = 'any' | 'notAuthenticated' | 'authenticated' | 'selected';

/** A command's table entry: where it may run and its handler. */
export interface CommandSpec {
  states: StateReq;
  /**
   * Whether pending EXPUNGE responses may be sent before its tagged response. RFC 9051
   * §7.5.1: not during FETCH, STORE and SEARCH (their UID forms are fine).
   */
  expunges: boolean;
  run(s: Session, tag: string, args: CommandArgs): Done | void | Promise<Done | void>;
}

type Handler<N extends CommandName> = (s: Session, tag: string, args: Extract<CommandArgs, { command: N }>) => Done | void | Promise<Done | void>;

function spec<N extends CommandName>(states: StateReq, run: Handler<N>, expunges = true): CommandSpec {
  return { states, expunges, run: run as CommandSpec['run'] };
}

/** The IMAP commands by name, as the wire layer names them ("UID FETCH"). */
export const commands: ReadonlyMap<string, CommandSpec> = new Map<string, CommandSpec>([
  ['CAPABILITY', spec('any', capability)], // RFC 9051 §6.1.1
  ['NOOP', spec('any', noop)], // RFC 9051 §6.1.2
  ['LOGOUT', spec('any', logout)], // RFC 9051 §6.1.3
  ['ID', spec<'ID'>('any', id)], // RFC 2971
  ['STARTTLS', spec('notAuthenticated', starttls)], // RFC 9051 §6.2.1
  ['AUTHENTICATE', spec<'AUTHENTICATE'>('notAuthenticated', authenticate)], // RFC 9051 §6.2.2
  ['LOGIN', spec<'LOGIN'>('notAuthenticated', login)], // RFC 9051 §6.2.3
  ['ENABLE', spec<'ENABLE'>('authenticated', enable)], // RFC 9051 §6.3.1
  ['SELECT', spec<'SELECT'>('authenticated', select)], // RFC 9051 §6.3.2
  ['EXAMINE', spec<'EXAMINE'>('authenticated', select)], // RFC 9051 §6.3.3
  ['CREATE', spec<'CREATE'>('authenticated', create)], // RFC 9051 §6.3.4
  ['DELETE', spec<'DELETE'>('authenticated', del)], // RFC 9051 §6.3.5
  ['RENAME', spec<'RENAME'>('authenticated', rename)], // RFC 9051 §6.3.6
  ['SUBSCRIBE', spec<'SUBSCRIBE'>('authenticated', subscribe)], // RFC 9051 §6.3.7
  ['UNSUBSCRIBE', spec<'UNSUBSCRIBE'>('authenticated', subscribe)], // RFC 9051 §6.3.8
  ['NAMESPACE', spec('authenticated', namespace)], // RFC 9051 §6.3.10
  ['LIST', spec<'LIST'>('authenticated', list)], // RFC 9051 §6.3.9
  ['LSUB', spec<'LSUB'>('authenticated', lsub)], // RFC 3501 §6.3.9
  ['STATUS', spec<'STATUS'>('authenticated', status)], // RFC 9051 §6.3.11
  ['APPEND', spec<'APPEND'>('authenticated', append)], // RFC 9051 §6.3.12
  ['IDLE', spec('authenticated', idle)], // RFC 9051 §6.3.13
  ['GETQUOTAROOT', spec<'GETQUOTAROOT'>('authenticated', getquotaroot)], // RFC 9208 §4.1.2
  ['GETQUOTA', spec<'GETQUOTA'>('authenticated', getquota)], // RFC 9208 §4.1.1
  ['GETMETADATA', spec<'GETMETADATA'>('authenticated', getmetadata)], // RFC 5464 §4.2
  ['SETMETADATA', spec<'SETMETADATA'>('authenticated', setmetadata)], // RFC 5464 §4.3
  ['CHECK', spec('selected', noop)], // RFC 3501 §6.4.1
  ['CLOSE', spec('selected', close)], // RFC 9051 §6.4.1
  ['UNSELECT', spec('selected', unselect)], // RFC 9051 §6.4.2
  ['EXPUNGE', spec<'EXPUNGE'>('selected', expunge)], // RFC 9051 §6.4.3
  ['UID EXPUNGE', spec<'UID EXPUNGE'>('selected', expunge)], // RFC 9051 §6.4.9
  ['SEARCH', spec<'SEARCH'>('selected', search, false)], // RFC 9051 §6.4.4
  ['UID SEARCH', spec<'UID SEARCH'>('selected', search)],
  ['FETCH', spec<'FETCH'>('selected', fetch, false)], // RFC 9051 §6.4.5
  ['UID FETCH', spec<'UID FETCH'>('selected', fetch)],
  ['STORE', spec<'STORE'>('selected', store, false)], // RFC 9051 §6.4.6
  ['UID STORE', spec<'UID STORE'>('selected', store)],
  ['COPY', spec<'COPY'>('selected', copy)], // RFC 9051 §6.4.7
  ['UID COPY', spec<'UID COPY'>('selected', copy)],
  ['MOVE', spec<'MOVE'>('selected', copy)], // RFC 9051 §6.4.8, RFC 6851
  ['UID MOVE', spec<'UID MOVE'>('selected', copy)],
  ['COMPRESS', spec<'COMPRESS'>('authenticated', compress)], // RFC 4978 §3
  ['ESEARCH', spec<'ESEARCH'>('authenticated', esearch)], // RFC 7377 §2
  ['REPLACE', spec<'REPLACE'>('selected', replace)], // RFC 8508 §3.2
  ['UID REPLACE', spec<'UID REPLACE'>('selected', replace)], // RFC 8508 §3.3
  ['SORT', spec<'SORT'>('selected', sort, false)], // RFC 5256 §3
  ['UID SORT', spec<'UID SORT'>('selected', sort)],
  ['THREAD', spec<'THREAD'>('selected', thread, false)], // RFC 5256 §3
  ['UID THREAD', spec<'UID THREAD'>('selected', thread)],
  ['NOTIFY', spec<'NOTIFY'>('authenticated', notify)], // RFC 5465 §3.1
]);
