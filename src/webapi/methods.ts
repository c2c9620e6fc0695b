import { bool, int, int64, list, map, pair, ptr, str, struct, time, type JsonType } from './schema.js';
import type { MethodName } from './types.js';

const nameAddress = struct('NameAddress', [
  ['Name', str],
  ['Address', str],
]);

const messageFields: [string, JsonType][] = [
  ['From', list(nameAddress)],
  ['To', list(nameAddress)],
  ['CC', list(nameAddress)],
  ['BCC', list(nameAddress)],
  ['ReplyTo', list(nameAddress)],
  ['MessageID', str],
  ['References', list(str)],
  ['Date', ptr(time)],
  ['Subject', str],
  ['Text', str],
  ['HTML', str],
];

const file = struct('File', [
  ['Name', str],
  ['ContentType', str],
  ['ContentID', str],
  ['Data', str],
]);

/** The MIME structure type (mox's webhook.Structure); it contains itself. */
const structure: JsonType = (() => {
  const fields: [string, JsonType][] = [
    ['ContentType', str],
    ['ContentTypeParams', map(str)],
    ['ContentID', str],
    ['ContentDisposition', str],
    ['Filename', str],
    ['DecodedSize', int64],
  ];
  const s = struct('webhook.Structure', fields);
  fields.push(['Parts', list(s)]);
  return s;
})();

const suppression = struct('Suppression', [
  ['ID', int64],
  ['Created', time],
  ['Account', str],
  ['BaseAddress', str],
  ['OriginalAddress', str],
  ['Manual', bool],
  ['Reason', str],
]);

const empty = (name: string) => struct(name, []);
const msgId = (name: string) => struct(name, [['MsgID', int64]]);

/** One webapi method: its request and result types and its documentation. */
export interface MethodSpec {
  name: MethodName;
  request: JsonType;
  /** The result type, or 'bytes' for methods that return message data. */
  result: JsonType | 'bytes';
  /** What the method does. */
  doc: string;
  /** Method-specific error codes, with when they happen. */
  errors: [string, string][];
}

const notFound: [string, string] = ['messageNotFound', 'the message does not exist'];
const badAddress: [string, string] = ['badAddress', 'the email address is not valid'];

/** The webapi methods of mox v0.0.15, in Go's order (alphabetical, as reflection lists them). */
export const methods: readonly MethodSpec[] = [
  {
    name: 'MessageDelete',
    request: msgId('MessageDeleteRequest'),
    result: empty('MessageDeleteResult'),
    doc: 'Removes a message from the account for good; it is not moved to a Trash mailbox.',
    errors: [notFound],
  },
  {
    name: 'MessageFlagsAdd',
    request: struct('MessageFlagsAddRequest', [
      ['MsgID', int64],
      ['Flags', list(str)],
    ]),
    result: empty('MessageFlagsAddResult'),
    doc:
      'Sets flags on a message: system flags such as \\Seen, \\Answered or \\Draft, well-known ' +
      'keywords such as $Junk, $NotJunk or $Forwarded, or custom keywords. Flags already set stay.',
    errors: [notFound],
  },
  {
    name: 'MessageFlagsRemove',
    request: struct('MessageFlagsRemoveRequest', [
      ['MsgID', int64],
      ['Flags', list(str)],
    ]),
    result: empty('MessageFlagsRemoveResult'),
    doc: 'Clears flags on a message; other flags stay as they are.',
    errors: [notFound],
  },
  {
    name: 'MessageGet',
    request: msgId('MessageGetRequest'),
    result: struct('MessageGetResult', [
      ['Message', struct('Message', messageFields)],
      ['Structure', structure],
      [
        'Meta',
        struct('MessageMeta', [
          ['Size', int64],
          ['DSN', bool],
          ['Flags', list(str)],
          ['MailFrom', str],
          ['MailFromValidated', bool],
          ['RcptTo', str],
          ['MsgFrom', str],
          ['MsgFromValidated', bool],
          ['DKIMVerifiedDomains', list(str)],
          ['RemoteIP', str],
          ['MailboxName', str],
        ]),
      ],
    ]),
    doc:
      'Returns a stored message in parsed form: addresses, subject, the first text and HTML ' +
      'bodies (each cut at 1 MiB), the MIME structure and delivery details. MessageRawGet ' +
      'returns the message as stored.',
    errors: [notFound],
  },
  {
    name: 'MessageMove',
    request: struct('MessageMoveRequest', [
      ['MsgID', int64],
      ['DestMailboxName', str],
    ]),
    result: empty('MessageMoveResult'),
    doc: 'Moves a message to another mailbox, which must exist already (e.g. "Archive").',
    errors: [notFound],
  },
  {
    name: 'MessagePartGet',
    request: struct('MessagePartGetRequest', [
      ['MsgID', int64],
      ['PartPath', list(int)],
    ]),
    result: 'bytes',
    doc:
      'Returns the decoded content of one MIME part, chosen by a path of indexes into the ' +
      'multipart tree: [] is the body of the message itself, [1, 0] the first part inside ' +
      'the second part.',
    errors: [notFound, ['partNotFound', 'the part path does not lead to a part']],
  },
  {
    name: 'MessageRawGet',
    request: msgId('MessageRawGetRequest'),
    result: 'bytes',
    doc: 'Returns the complete message as stored, headers included.',
    errors: [notFound],
  },
  {
    name: 'Send',
    request: struct('SendRequest', [
      ...messageFields,
      ['Extra', map(str)],
      ['Headers', list(pair)],
      ['AlternativeFiles', list(file)],
      ['InlineFiles', list(file)],
      ['AttachedFiles', list(file)],
      ['RequireTLS', ptr(bool)],
      ['FutureRelease', ptr(time)],
      ['SaveSent', bool],
    ]),
    result: struct('SendResult', [
      ['MessageID', str],
      [
        'Submissions',
        list(
          struct('Submission', [
            ['Address', str],
            ['QueueMsgID', int64],
            ['FromID', str],
          ]),
        ),
      ],
    ]),
    doc:
      'Composes a message and adds it to the delivery queue, once per To, CC and BCC ' +
      'recipient. An empty From is the login address. Text and HTML bodies become ' +
      'multipart/alternative; inline files (referenced from HTML as cid:) multipart/related; ' +
      'attached files multipart/mixed. A multipart/form-data request may also upload files ' +
      'in the fields "alternativefile", "inlinefile" and "attachedfile" (with their ' +
      'Content-Type and Content-ID part headers). Extra is kept with each queued message and ' +
      'returned in webhooks. With a login address listed in FromIDLoginAddresses, each ' +
      'recipient gets a unique SMTP MAIL FROM (a FromID after the catchall separator), so ' +
      'bounces can be matched to the message.',
    errors: [
      badAddress,
      ['missingBody', 'neither Text nor HTML is given'],
      ['multipleFrom', 'more than one From address is given'],
      ['badFrom', 'the From address does not belong to the account'],
      ['domainDisabled', 'the domain of the From address is disabled'],
      ['noRecipients', 'To, CC and BCC are all empty'],
      ['messageLimitReached', 'the account sent its maximum of messages for the day'],
      ['recipientLimitReached', 'the account sent to its maximum of new recipients for the day'],
      ['messageTooLarge', 'the composed message is over the maximum message size'],
      ['malformedMessageID', 'MessageID is given without <>'],
      ['sentOverQuota', 'the message was queued, but the Sent mailbox copy is over quota'],
    ],
  },
  {
    name: 'SuppressionAdd',
    request: struct('SuppressionAddRequest', [
      ['EmailAddress', str],
      ['Manual', bool],
      ['Reason', str],
    ]),
    result: empty('SuppressionAddResult'),
    doc: "Adds an address to the account's suppression list: the queue fails messages to it right away.",
    errors: [badAddress],
  },
  {
    name: 'SuppressionList',
    request: empty('SuppressionListRequest'),
    result: struct('SuppressionListResult', [['Suppressions', list(suppression)]]),
    doc: "Returns the addresses on the account's suppression list.",
    errors: [],
  },
  {
    name: 'SuppressionPresent',
    request: struct('SuppressionPresentRequest', [['EmailAddress', str]]),
    result: struct('SuppressionPresentResult', [['Present', bool]]),
    doc: "Tells whether an address (by its base address) is on the account's suppression list.",
    errors: [badAddress],
  },
  {
    name: 'SuppressionRemove',
    request: struct('SuppressionRemoveRequest', [['EmailAddress', str]]),
    result: empty('SuppressionRemoveResult'),
    doc: "Removes an address from the account's suppression list.",
    errors: [badAddress],
  },
];

/** The method with this exact name, or undefined. */
export function methodSpec(name: string): MethodSpec | undefined {
  return methods.find((m) => m.name === name);
}
