// Dispatch from command name to its argument parser.
import { parseAppend, parseReplace } from './args-append.js';
import { parseCopyMove, parseFetch, parseStore, parseUidExpunge } from './args-fetch.js';
import {
  parseCreate,
  parseGetMetadata,
  parseGetQuota,
  parseList,
  parseLsub,
  parseMailboxOnly,
  parseRename,
  parseSelect,
  parseSetMetadata,
  parseStatus,
} from './args-mailbox.js';
import { parseNotify } from './args-notify.js';
import { parseEsearch, parseSearch, parseSort, parseThread } from './args-search.js';
import { parseAuthenticate, parseCompress, parseEnable, parseId, parseLogin } from './args-session.js';
import type { ParseContext, Parser } from './parser.js';
import type { ImapCommand } from './reader.js';
import type { CommandArgs } from './types.js';

type ArgParser = (p: Parser) => CommandArgs;

type NoArgs = 'CAPABILITY' | 'NOOP' | 'LOGOUT' | 'STARTTLS' | 'CHECK' | 'CLOSE' | 'UNSELECT' | 'EXPUNGE' | 'IDLE' | 'NAMESPACE';

function noArgs(command: NoArgs): ArgParser {
  return (p) => {
    p.end();
    return { command };
  };
}

/** The argument parser for a command name, or undefined for commands this layer does not know. */
export function argumentParser(name: string): ArgParser | undefined {
  switch (name) {
    case 'CAPABILITY': // RFC 9051 §6.1.1
    case 'NOOP': // RFC 9051 §6.1.2
    case 'LOGOUT': // RFC 9051 §6.1.3
    case 'STARTTLS': // RFC 9051 §6.2.1
    case 'CHECK': // RFC 3501 §6.4.1
    case 'CLOSE': // RFC 9051 §6.4.1
    case 'UNSELECT': // RFC 9051 §6.4.2
    case 'EXPUNGE': // RFC 9051 §6.4.3
    case 'IDLE': // RFC 9051 §6.3.13
    case 'NAMESPACE': // RFC 9051 §6.3.10
      return noArgs(name);
    case 'AUTHENTICATE':
      return parseAuthenticate;
    case 'LOGIN':
      return parseLogin;
    case 'ENABLE':
      return parseEnable;
    case 'ID':
      return parseId;
    case 'COMPRESS':
      return parseCompress;
    case 'SELECT':
    case 'EXAMINE':
      return parseSelect(name);
    case 'CREATE':
      return parseCreate;
    case 'DELETE':
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE':
    case 'GETQUOTAROOT':
      return parseMailboxOnly(name);
    case 'RENAME':
      return parseRename;
    case 'LIST':
      return parseList;
    case 'LSUB':
      return parseLsub;
    case 'STATUS':
      return parseStatus;
    case 'APPEND':
      return parseAppend;
    case 'UID EXPUNGE':
      return parseUidExpunge;
    case 'SEARCH':
    case 'UID SEARCH':
      return parseSearch(name);
    case 'ESEARCH':
      return parseEsearch;
    case 'SORT':
    case 'UID SORT':
      return parseSort(name);
    case 'THREAD':
    case 'UID THREAD':
      return parseThread(name);
    case 'FETCH':
    case 'UID FETCH':
      return parseFetch(name);
    case 'STORE':
    case 'UID STORE':
      return parseStore(name);
    case 'COPY':
    case 'UID COPY':
    case 'MOVE':
    case 'UID MOVE':
      return parseCopyMove(name);
    case 'REPLACE':
    case 'UID REPLACE':
      return parseReplace(name);
    case 'GETQUOTA':
      return parseGetQuota;
    case 'GETMETADATA':
      return parseGetMetadata;
    case 'SETMETADATA':
      return parseSetMetadata;
    case 'NOTIFY':
      return parseNotify;
    default:
      return undefined;
  }
}

/**
 * Parses the arguments of `cmd` into a typed object. Throws {@link ImapParseError} (BAD, with
 * the tag) for syntax errors and for command names this layer does not know.
 */
export function parseArguments(cmd: ImapCommand, ctx: ParseContext = {}): CommandArgs {
  const p = cmd.parser(ctx);
  const parse = argumentParser(cmd.name);
  if (!parse) throw p.error(`unknown command ${cmd.name}`);
  return parse(p);
}
