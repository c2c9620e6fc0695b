// Typed arguments of client commands, as returned by parseArguments. Field names follow the
// RFC grammar; mailbox names are decoded (UTF-8 or modified UTF-7) strings.
import type { ImapDate, ImapDateTime } from './datetime.js';
import type { NumSet, SetNumber } from './numset.js';

/** A STATUS data item (RFC 9051 §6.3.11; RECENT RFC 3501; HIGHESTMODSEQ RFC 7162; APPENDLIMIT RFC 7889; DELETED-STORAGE RFC 9208). */
export type StatusAtt =
  | 'MESSAGES'
  | 'UIDNEXT'
  | 'UIDVALIDITY'
  | 'UNSEEN'
  | 'DELETED'
  | 'SIZE'
  | 'RECENT'
  | 'HIGHESTMODSEQ'
  | 'APPENDLIMIT'
  | 'DELETED-STORAGE';

/** A section of a BODY[...] fetch (RFC 9051 §6.4.5). `part` is empty for the whole message. */
export interface Section {
  readonly part: readonly number[];
  readonly text?: 'HEADER' | 'HEADER.FIELDS' | 'HEADER.FIELDS.NOT' | 'TEXT' | 'MIME';
  /** Header field names for HEADER.FIELDS(.NOT), as sent. */
  readonly fields?: readonly string[];
}

/** A partial fetch "<offset.count>". */
export interface Partial {
  readonly offset: number;
  readonly count: number;
}

/** Fetch attributes without arguments. `BODY` here is the non-extensible BODYSTRUCTURE. */
export type SimpleFetchAtt =
  | 'ENVELOPE'
  | 'FLAGS'
  | 'INTERNALDATE'
  | 'RFC822.SIZE'
  | 'BODYSTRUCTURE'
  | 'BODY'
  | 'UID'
  | 'RFC822'
  | 'RFC822.HEADER'
  | 'RFC822.TEXT'
  | 'MODSEQ'
  | 'SAVEDATE'
  | 'EMAILID'
  | 'THREADID';

/** One fetch-att (RFC 9051 §6.4.5; BINARY RFC 3516; MODSEQ RFC 7162; SAVEDATE RFC 8514; PREVIEW RFC 8970). */
export type FetchAtt =
  | { readonly att: SimpleFetchAtt }
  | { readonly att: 'BODY[]'; readonly peek: boolean; readonly section: Section; readonly partial?: Partial }
  | { readonly att: 'BINARY[]'; readonly peek: boolean; readonly part: readonly number[]; readonly partial?: Partial }
  | { readonly att: 'BINARY.SIZE'; readonly part: readonly number[] }
  | { readonly att: 'PREVIEW'; readonly lazy: boolean };

/** A search key (RFC 9051 §6.4.4; MODSEQ RFC 7162 §3.1.5; OLDER/YOUNGER RFC 5032; SAVED* RFC 8514). */
export type SearchKey =
  | { readonly op: 'AND'; readonly keys: readonly SearchKey[] }
  | { readonly op: 'OR'; readonly left: SearchKey; readonly right: SearchKey }
  | { readonly op: 'NOT'; readonly key: SearchKey }
  | { readonly op: 'SEQ'; readonly set: NumSet }
  | { readonly op: 'UID'; readonly set: NumSet }
  | {
      readonly op:
        | 'ALL' | 'ANSWERED' | 'DELETED' | 'DRAFT' | 'FLAGGED' | 'SEEN' | 'NEW' | 'OLD' | 'RECENT'
        | 'UNANSWERED' | 'UNDELETED' | 'UNDRAFT' | 'UNFLAGGED' | 'UNSEEN' | 'SAVEDATESUPPORTED';
    }
  | { readonly op: 'BCC' | 'BODY' | 'CC' | 'FROM' | 'SUBJECT' | 'TEXT' | 'TO'; readonly value: string }
  | { readonly op: 'HEADER'; readonly field: string; readonly value: string }
  | { readonly op: 'KEYWORD' | 'UNKEYWORD'; readonly keyword: string }
  | {
      readonly op: 'BEFORE' | 'ON' | 'SINCE' | 'SENTBEFORE' | 'SENTON' | 'SENTSINCE' | 'SAVEDBEFORE' | 'SAVEDON' | 'SAVEDSINCE';
      readonly date: ImapDate;
    }
  | { readonly op: 'LARGER' | 'SMALLER'; readonly size: number }
  | { readonly op: 'OLDER' | 'YOUNGER'; readonly seconds: number }
  | {
      readonly op: 'MODSEQ';
      readonly modseq: number;
      /** The optional entry name and type (RFC 7162 §3.1.5), e.g. "/flags/\\draft", "all". */
      readonly entry?: { readonly name: string; readonly type: 'PRIV' | 'SHARED' | 'ALL' };
    };

/** ESEARCH return options (RFC 4731 §3.1, SAVE RFC 5182 §2.1). */
export type SearchReturn = 'MIN' | 'MAX' | 'ALL' | 'COUNT' | 'SAVE';

/** A SORT key (RFC 5256 §3, DISPLAYFROM/DISPLAYTO RFC 5957 §3). */
export type SortKey = 'ARRIVAL' | 'CC' | 'DATE' | 'FROM' | 'SIZE' | 'SUBJECT' | 'TO' | 'DISPLAYFROM' | 'DISPLAYTO';

/** One SORT criterion. */
export interface SortCriterion {
  readonly key: SortKey;
  readonly reverse: boolean;
}

/** A mailbox filter of NOTIFY (RFC 5465 §6) and ESEARCH (RFC 7377 §2). */
export interface MailboxFilter {
  readonly kind: 'SELECTED' | 'SELECTED-DELAYED' | 'INBOXES' | 'PERSONAL' | 'SUBSCRIBED' | 'SUBTREE' | 'SUBTREE-ONE' | 'MAILBOXES';
  /** For SUBTREE, SUBTREE-ONE and MAILBOXES. */
  readonly mailboxes?: readonly string[];
}

/** A NOTIFY event (RFC 5465 §5); `name` is uppercased and may be one the server does not know. */
export interface NotifyEvent {
  readonly name: string;
  /** Fetch attributes of MessageNew. */
  readonly fetch?: readonly FetchAtt[];
}

/** A NOTIFY event group: a mailbox filter and its events; no events means NONE. */
export interface NotifyEventGroup {
  readonly filter: MailboxFilter;
  readonly events: readonly NotifyEvent[];
}

/** One message of APPEND (RFC 9051 §6.3.12, MULTIAPPEND RFC 3502, UTF8 RFC 6855 §4). */
export interface AppendMessage {
  readonly flags: readonly string[];
  readonly date?: ImapDateTime;
  readonly data: Buffer;
  /** Sent as literal8 (RFC 3516 §4.4). */
  readonly binary: boolean;
  /** Sent as `UTF8 (~{n})` (RFC 6855 §4). */
  readonly utf8: boolean;
}

/** QRESYNC parameters of SELECT/EXAMINE (RFC 7162 §3.2.5). */
export interface QresyncParams {
  readonly uidValidity: number;
  readonly modseq: number;
  readonly knownUids?: NumSet;
  readonly seqMatch?: { readonly seqs: NumSet; readonly uids: NumSet };
}

/** The arguments of every command this wire layer knows, by `command` name. */
export type CommandArgs =
  | { readonly command: 'CAPABILITY' | 'NOOP' | 'LOGOUT' | 'STARTTLS' | 'CHECK' | 'CLOSE' | 'UNSELECT' | 'EXPUNGE' | 'IDLE' | 'NAMESPACE' }
  | { readonly command: 'AUTHENTICATE'; readonly mechanism: string; readonly initialResponse?: Buffer }
  | { readonly command: 'LOGIN'; readonly username: string; readonly password: string }
  | { readonly command: 'ENABLE'; readonly capabilities: readonly string[] }
  | { readonly command: 'ID'; readonly params: ReadonlyArray<readonly [string, string | null]> | null }
  | { readonly command: 'COMPRESS'; readonly mechanism: string }
  | { readonly command: 'SELECT' | 'EXAMINE'; readonly mailbox: string; readonly condstore: boolean; readonly qresync?: QresyncParams }
  | { readonly command: 'CREATE'; readonly mailbox: string; readonly specialUse: readonly string[] }
  | { readonly command: 'DELETE' | 'SUBSCRIBE' | 'UNSUBSCRIBE' | 'GETQUOTAROOT'; readonly mailbox: string }
  | { readonly command: 'RENAME'; readonly from: string; readonly to: string }
  | {
      readonly command: 'LIST';
      readonly reference: string;
      readonly patterns: readonly string[];
      /** LIST-EXTENDED syntax was used (RFC 5258 §3). */
      readonly extended: boolean;
      readonly selectSubscribed: boolean;
      readonly selectRemote: boolean;
      readonly selectRecursiveMatch: boolean;
      readonly selectSpecialUse: boolean;
      readonly returnSubscribed: boolean;
      readonly returnChildren: boolean;
      readonly returnSpecialUse: boolean;
      /** RETURN (STATUS (...)) (RFC 5819). */
      readonly returnStatus?: readonly StatusAtt[];
      /** RETURN (METADATA (...)) (RFC 9590). */
      readonly returnMetadata?: readonly string[];
    }
  | { readonly command: 'LSUB'; readonly reference: string; readonly pattern: string }
  | { readonly command: 'STATUS'; readonly mailbox: string; readonly attributes: readonly StatusAtt[] }
  | { readonly command: 'APPEND'; readonly mailbox: string; readonly messages: readonly AppendMessage[] }
  | { readonly command: 'UID EXPUNGE'; readonly uids: NumSet }
  | {
      readonly command: 'SEARCH' | 'UID SEARCH' | 'ESEARCH';
      readonly uid: boolean;
      readonly charset?: string;
      /** RETURN options; undefined when RETURN was absent, [] for "RETURN ()". */
      readonly return?: readonly SearchReturn[];
      /** ESEARCH "IN (...)" mailbox filters (RFC 7377 §2). */
      readonly sources?: readonly MailboxFilter[];
      /** All keys of the search program, as one AND. */
      readonly key: SearchKey & { readonly op: 'AND' };
    }
  | {
      readonly command: 'SORT' | 'UID SORT';
      readonly uid: boolean;
      readonly criteria: readonly SortCriterion[];
      readonly charset: string;
      /** RETURN options of ESORT (RFC 5267 §3.2). */
      readonly return?: readonly SearchReturn[];
      readonly key: SearchKey & { readonly op: 'AND' };
    }
  | {
      readonly command: 'THREAD' | 'UID THREAD';
      readonly uid: boolean;
      readonly algorithm: string;
      readonly charset: string;
      readonly key: SearchKey & { readonly op: 'AND' };
    }
  | {
      readonly command: 'FETCH' | 'UID FETCH';
      readonly uid: boolean;
      readonly set: NumSet;
      /** "ALL", "FAST" or "FULL" when a macro was used; `atts` holds its expansion. */
      readonly macro?: 'ALL' | 'FAST' | 'FULL';
      readonly atts: readonly FetchAtt[];
      readonly changedSince?: number;
      readonly vanished: boolean;
    }
  | {
      readonly command: 'STORE' | 'UID STORE';
      readonly uid: boolean;
      readonly set: NumSet;
      readonly unchangedSince?: number;
      /** "" replaces, "+" adds, "-" removes. */
      readonly mode: '' | '+' | '-';
      readonly silent: boolean;
      readonly flags: readonly string[];
    }
  | { readonly command: 'COPY' | 'UID COPY' | 'MOVE' | 'UID MOVE'; readonly uid: boolean; readonly set: NumSet; readonly mailbox: string }
  | {
      readonly command: 'REPLACE' | 'UID REPLACE';
      readonly uid: boolean;
      readonly target: SetNumber;
      readonly mailbox: string;
      readonly message: AppendMessage;
    }
  | { readonly command: 'GETQUOTA'; readonly root: string }
  | {
      readonly command: 'GETMETADATA';
      readonly mailbox: string;
      readonly maxSize?: number;
      readonly depth?: '0' | '1' | 'INFINITY';
      /** Entry names, lowercased (RFC 5464 §3.2: case-insensitive). */
      readonly entries: readonly string[];
    }
  | {
      readonly command: 'SETMETADATA';
      readonly mailbox: string;
      /** Values: null removes the entry; `binary` when sent as literal8. */
      readonly entries: ReadonlyArray<{ readonly name: string; readonly value: Buffer | null; readonly binary: boolean }>;
    }
  | { readonly command: 'NOTIFY'; readonly none: true }
  | { readonly command: 'NOTIFY'; readonly none: false; readonly status: boolean; readonly groups: readonly NotifyEventGroup[] };

/** The names of all commands {@link CommandArgs} covers. */
export type CommandName = CommandArgs['command'];
