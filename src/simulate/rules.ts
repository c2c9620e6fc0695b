/**
 * The special-localpart rules as text, for the startup banner and the terminal UI's cheat
 * sheet (same meaning as mox's banner, in our words, with the queue prefix working).
 */
export const failureRules = `all incoming email to any address is accepted, unless the recipient localpart ends with:

- "temperror": fail with a temporary error code (451).
- "permerror": fail with a permanent error code (550).
- [45][0-9][0-9]: fail with that specific error code.
- "timeout": no response (for an hour).

if the localpart begins with "mailfrom" or "rcptto", the error is returned
during those commands instead of after "data". if the localpart begins with
"queue", the submission is accepted but delivery from the queue will fail.`;
