// domains.conf `Accounts.<name>`: destinations with delivery rulesets, webhooks, junk
// filtering, limits. Mirrors Go mox v0.0.15 config.Account, key for key. Also Route, which
// accounts, domains and the global config share.

import { bool, duration, float, int, list, map, string, struct } from './schema.js';

/** Events an OutgoingWebhook may subscribe to. */
export const outgoingWebhookEvents: readonly string[] = Object.freeze([
  'delivered',
  'suppressed',
  'delayed',
  'failed',
  'relayed',
  'expanded',
  'canceled',
  'unrecognized',
]);

/** A route: matching rules for outgoing messages and the transport used when they match. */
export const route = struct({
  FromDomain: list(string())
    .optionalKey()
    .withDoc(`Matches when the envelope sender's domain is one of these, or when the list is empty.
      A domain starting with a dot also matches its subdomains.`),
  ToDomain: list(string()).optionalKey().withDoc('Like FromDomain, but for the envelope recipient domain.'),
  MinimumAttempts: int(`Matches once at least this many delivery attempts were made, e.g. to fall
    back to a smarthost after direct delivery failed a few times.`).optionalKey(),
  // Deviation (doc): mox's tag here is malformed, so mox shows no doc; we give one.
  Transport: string('Transport that delivers a message when the fields above match.'),
});

/** Doc text for a Routes key; `order` says where in route evaluation these routes come. */
export const routesDoc = (order: string): string => `Routes for delivering queued outgoing messages. Each attempt
  goes through ${order}; the first matching route's transport is used. Without a match (the
  default, with no routes) the queue delivers directly.`;

/** Account routes. */
export const accountRoutes = list(route).optionalKey().withDoc(routesDoc('these account routes, then domain routes, then the global routes'));

const ruleset = struct({
  SMTPMailFromRegexp: string(`Matches when this regular expression matches (part of) the SMTP MAIL
    FROM address, not the From header. E.g. '^user@example\\.org$'.`).optionalKey(),
  MsgFromRegexp: string(`Matches when this regular expression matches (part of) the one address in
    the message From header.`).optionalKey(),
  VerifiedDomain: string('Matches when this domain equals an SPF- and/or DKIM-verified (sub)domain.').optionalKey(),
  HeadersRegexp: map(string())
    .optionalKey()
    .withDoc(`Matches when all these header-field/value regular expressions match (part of) the
      message header. Fields and values are lowercased before matching, and values are trimmed
      of surrounding whitespace. A field may occur several times; one matching occurrence is
      enough. For a mailing list, match ^list-id$ with the list address in angle brackets with
      @ replaced by a dot, e.g. <name\\.lists\\.example\\.org>.`),
  IsForward: bool(`Only affects spam filtering, not whether the ruleset matches. Allowed only with
    SMTPMailFromRegexp and VerifiedDomain, where SMTPMailFromRegexp matches the forwarding
    address, e.g. '^user(|\\+.*)@forward\\.example$'. Effects: 1. DMARC policy failures do not
    cause rejection, because forwarded messages without intact aligned DKIM signatures would
    otherwise be rejected (SPF only verifies the forwarder). 2. The sending IP, EHLO and MAIL
    FROM domains and the matching DKIM domain are left out of later reputation-based
    classification, as the forwarder says nothing about future messages; other verified DKIM
    domains still count.`).optionalKey(),
  ListAllowDomain: string(`Only affects spam filtering, not whether the ruleset matches. When this
    domain equals an SPF- and/or DKIM-verified (sub)domain, the message is accepted without
    further spam checks (no junk filter, no DMARC reject). Mailing lists that do not rewrite
    the From header of messages lacking a passing DKIM signature of the From domain would
    otherwise be rejected, which could get you unsubscribed. Lists are assumed to filter spam
    themselves.`).optionalKey(),
  AcceptRejectsToMailbox: string(`Only affects spam filtering, not whether the ruleset matches. A
    message classified as spam is accepted in the SMTP transaction instead of rejected, and
    delivered to this mailbox. Unlike the account's Rejects mailbox, this mailbox is not
    cleaned up automatically (unless it is that Rejects mailbox).`).optionalKey(),
  Mailbox: string('Mailbox to deliver to when this ruleset matches.'),
  Comment: string('Free-form comment.').optionalKey(),
});

const destination = struct({
  Mailbox: string('Mailbox to deliver to when no ruleset matches. Default: Inbox.').optionalKey().withDefault('Inbox'),
  Rulesets: list(ruleset)
    .optionalKey()
    .withDoc(`Delivery rules, based on the message and the SMTP transaction. A common use: match each
      mailing list on SMTP MAIL FROM, VerifiedDomain and/or the List-ID header (usually
      <listname.example.org> for list address listname@example.org) and deliver it to a
      mailbox of its own.`),
  SMTPError: string(`When set, deliveries to this address are refused at SMTP RCPT TO with this
    response line, e.g. to reject some addresses while a catchall exists for the domain. The
    line starts with the code: 421 (temporary local error) or 550 (user unknown); with only a
    code, a fitting text is added. A 4xx code makes the sender retry later; a 5xx code should
    stop further attempts.`).optionalKey(),
  MessageAuthRequiredSMTPError: string(`When set, incoming messages get an extra DMARC-like check of
    the From header domain: without an aligned SPF or aligned DKIM pass, the message is refused
    at SMTP DATA with a permanent error and this text. The From domain is compared in relaxed
    or strict mode per the domain's DMARC policy, or relaxed (organizational domain) without
    one. Useful for autoresponders that should only answer authenticated mail.`).optionalKey(),
  FullName: string('Display name for the From header when composing mail from this address in webmail.').optionalKey(),
});

const junkFilter = struct({
  Threshold: float(`Spam probability between 0 and 1 above which a message is rejected. Each
    delivery attempt adds a bit of noise, making it harder for spammers to find words that
    strongly signal ham and abuse them to get past the filter. E.g. 0.95.`),
  // mox embeds junk.Params; sconf writes an embedded struct as a key named after its type.
  Params: struct({
    Onegrams: bool('Rank single words as ham/spam.').optionalKey(),
    Twograms: bool('Rank each pair of consecutive words as ham/spam.').optionalKey(),
    Threegrams: bool('Rank each three consecutive words as ham/spam.').optionalKey(),
    MaxPower: float(`Cap on how strongly one word (combination) counts. With spaminess 0.99 and
      MaxPower 0.1, the word counts as 0.9. Likewise for ham words.`),
    TopWords: int('How many of the most spammy/hammy words decide the probability. E.g. 10.'),
    IgnoreWords: float(`Ignore words within this distance of 0.5 ham/spam. E.g. 0.1 ignores words
      (combinations) scoring from 0.4 to 0.6.`).optionalKey(),
    RareWords: int(`Words seen fewer times than this in the word database count as rare and weigh
      less in the probability. E.g. 1 or 2.`).optionalKey(),
  }),
});

/** An account: a mox user with password and addresses. */
export const account = struct({
  OutgoingWebhook: struct(
    {
      URL: string('URL the webhooks are POSTed to.'),
      Authorization: string('Value for the Authorization header of the HTTP requests, when not empty.').optionalKey(),
      Events: list(string())
        .optionalKey()
        .withDoc(`Outgoing delivery events to send. All events when absent. Possible: delivered,
          suppressed, delayed, failed, relayed, expanded, canceled, unrecognized.`),
    },
    'Send webhooks about what happens to messages this account sends.',
  ).nilableKey(),
  IncomingWebhook: struct(
    {
      URL: string('URL the webhooks for incoming SMTP deliveries are POSTed to.'),
      Authorization: string('Value for the Authorization header of the HTTP requests, when not empty.').optionalKey(),
    },
    'Send a webhook for each message delivered to this account over SMTP.',
  ).nilableKey(),
  FromIDLoginAddresses: list(string())
    .optionalKey()
    .withDoc(`Login addresses that make outgoing messages use an SMTP MAIL FROM address with a
      unique id after the localpart catchall separator (the domain must have one). Delivery
      status notifications (e.g. bounces) can then be matched to the original message and
      recipient. Logging in works with any valid address of the account, including variants
      with the separator, so messages can be sent both with and without unique id for the same
      address. The webapi and webmail generate an id; submission uses the id from SMTP MAIL
      FROM when present, and generates one otherwise.`),
  KeepRetiredMessagePeriod: duration(`How long to keep messages that left the queue (delivered or
    failed). Keeping them helps maintain the suppression list for transactional email, match
    incoming DSNs to sent messages, and debug. The removal time is set when a message is
    retired. E.g. 168h (1 week).`).optionalKey(),
  KeepRetiredWebhookPeriod: duration(`How long to keep webhooks that left the queue (delivered or
    failed), for debugging. The removal time is set when a webhook is retired. E.g. 168h (1
    week).`).optionalKey(),
  LoginDisabled: string(`When not empty, logins over every protocol (SMTP/IMAP, web interfaces,
    ...) are refused with this message, e.g. during a migration. Incoming mail for the
    account's addresses is still accepted.`).optionalKey(),
  Domain: string(`Default domain of the account. Deprecated behaviour: a destination given as only
    a localpart gets this domain added to make a full address.`),
  Description: string('Free-form description, e.g. a full name or other contact details.').optionalKey(),
  FullName: string(`Display name for the From header when composing mail in webmail. Destinations
    can override it.`).optionalKey(),
  Destinations: map(destination)
    .optionalKey()
    .withDoc(`Destinations: email addresses (IDNA domains) as keys. Every destination can be used to
      log in over IMAP/SMTP/webmail; an account without destinations cannot log in. A key of
      the form '@domain' (no localpart) is a catchall for the domain, receiving all mail not
      explicitly configured. Deprecated behaviour: a key that is only a localpart is combined
      with Domain into a full address.`),
  SubjectPass: struct(
    { Period: duration('How long a generated token stays valid, e.g. 12h.') },
    `Lets borderline messages through on a second try: instead of a plain rejection, the sender
    is told to resend with a signed token in the subject, and a resent message carrying a
    valid token skips the spam filter. Mail that is clearly spam (e.g. from a sender with a bad
    reputation) is still rejected or delayed, without a token.`,
  ).optionalKey(),
  QuotaMessageSize: int(`Limit on the total size of the account's messages in bytes, overriding the
    global default when not zero. A negative value means no limit, even when there is a global
    default. Adding a message beyond the limit fails. Keeps one account from filling the
    disk.`).optionalKey(),
  RejectsMailbox: string(`Mailbox where a copy of messages rejected as spam is kept for a while,
    e.g. Rejects. Look here when expected mail does not arrive. The message was still refused,
    so the sender may retry (hopefully when legitimate) or give up (hopefully when spam). mox
    removes messages from this mailbox automatically, so do not point it at a mailbox with
    messages you want to keep.`).optionalKey(),
  KeepRejects: bool(`Do not automatically remove messages from the RejectsMailbox above, e.g. to keep
    them for spam training. Beware that this can fill the disk.`).optionalKey(),
  AutomaticJunkFlags: struct(
    {
      Enabled: bool(`Set junk/nonjunk flags automatically when the mailbox matches one of the regular
        expressions. When two of the three expressions are set, the third one matches everything
        else. Matching goes in order junk, neutral, not junk, and stops at the first match.
        Mailbox names are lowercased before matching.`),
      JunkMailboxRegexp: string('Example: ^(junk|spam).').optionalKey(),
      NeutralMailboxRegexp: string(`For instance ^(inbox|neutral|postmaster|dmarc|tlsrpt|rejects).
        Whether trash belongs in it depends on how you use trash; empty is fine too.`).optionalKey(),
      NotJunkMailboxRegexp: string('For instance .*, or leave it empty.').optionalKey(),
    },
    `Set the $Junk and $NotJunk flags from the mailbox a message is delivered, moved or copied to.
    Email applications rarely make setting these flags easy (especially $NonJunk), but they
    can all move messages between mailboxes, so this helps.`,
  ).optionalKey(),
  JunkFilter: junkFilter.nilableKey().withDoc(`Content-based spam filter: the junk/nonjunk flags of
    messages rank the words in them as spam or ham. Always set the (non)junk status on messages
    where it applies, and keep your Trash: its messages are valuable ham/spam training data.`),
  MaxOutgoingMessagesPerDay: int(`Most outgoing messages the account may send in any 24 hours. Limits
    the harm to recipients and to the server's reputation when the account is compromised.
    Default 1000.`)
    .optionalKey()
    .withDefault(1000),
  MaxFirstTimeRecipientsPerDay: int(`Most first-time recipients the account may send to in any 24
    hours. Limits the harm to recipients and to the server's reputation when the account is
    compromised. Default 200.`)
    .optionalKey()
    .withDefault(200),
  NoFirstTimeSenderDelay: bool(`Do not delay SMTP connections before accepting a message from a
    first-time sender. Useful for accounts that send automated replies and want them out
    immediately.`).optionalKey(),
  NoCustomPassword: bool(`The account cannot choose its own password, only get a new random one;
    prevents reuse of passwords and weak passwords. The admin can still set any password.`).optionalKey(),
  Routes: accountRoutes,
});

