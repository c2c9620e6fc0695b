/**
 * The SMTP client the queue delivers with (RFC 5321): greeting, EHLO, opportunistic or
 * required STARTTLS (RFC 3207), PIPELINING (RFC 2920) of MAIL/RCPT/DATA, SIZE (RFC 1870),
 * 8BITMIME, SMTPUTF8, REQUIRETLS (RFC 8689), per-recipient results, and mox's error classes
 * (permanent vs temporary). Layer L1.
 */
export { SmtpClient, type ClientOptions, type DeliverInput, type DeliverResult, type RcptResult } from './client.js';
export { SmtpClientError, type Reply } from './reply.js';
