// The examples of `mox config example` (config snippets) and `mox example` (webhook bodies).

import { incomingPayload, outgoingPayload } from '../webhook/index.js';

/** A named example; `text` renders it. */
export interface Example {
  readonly name: string;
  readonly text: () => string;
}

const webhandlers = `# Part of a domains.conf that sets up WebDomainRedirects and WebHandlers.

# Send every request for mox.example to https://www.mox.example.
WebDomainRedirects:
	mox.example: www.mox.example

# A request is served by the first handler that matches it.
WebHandlers:
	-
		# Send plain HTTP requests to HTTPS, keeping path and query string. For a request
		# that already uses HTTPS, the target would equal the request URL, so this handler
		# does not match (no redirect loop) and a later handler serves the request.
		LogName: redirhttps
		Domain: www.mox.example
		PathRegexp: ^/
		# Normally left false; set here because this handler is about that redirect.
		DontRedirectPlainHTTP: true
		WebRedirect:
			BaseURL: https://www.mox.example
	-
		# Name of the handler in logs and metrics.
		LogName: staticmjl
		# With ACME set up, each domain gets a TLS certificate on its first request.
		Domain: www.mox.example
		PathRegexp: ^/who/mjl/
		WebStatic:
			StripPrefix: /who/mjl
			# A request for /who/mjl/inferno/ is served from local directory web/mjl/inferno.
			# For a directory with an index.html, that file is served.
			Root: web/mjl
			# Without an index.html, list the files of the directory.
			ListFiles: true
			ResponseHeaders:
				X-Mox: hi
	-
		LogName: redir
		Domain: www.mox.example
		PathRegexp: ^/redir/a/b/c
		# Keep plain HTTP requests on plain HTTP.
		DontRedirectPlainHTTP: true
		WebRedirect:
			# Only the host changes, and a query string and fragment are set; the scheme
			# stays. Without OrigPathRegexp and ReplacePath, the path (/redir/a/b/c and
			# what follows) is kept.
			BaseURL: //moxest.example?q=1#frag
			# The default status is 308, permanent redirect.
			StatusCode: 307
	-
		LogName: oldnew
		Domain: www.mox.example
		PathRegexp: ^/old/
		WebRedirect:
			# Rewrite the path, keep the rest of the URL.
			OrigPathRegexp: ^/old/(.*)
			ReplacePath: /new/$1
	-
		LogName: app
		Domain: www.mox.example
		PathRegexp: ^/app/
		WebForward:
			# Remove the part of the path matched by PathRegexp before forwarding: request
			# /app/api is forwarded as /api.
			StripPath: true
			# Backend URL that requests are forwarded to. Its path is kept, so a request for
			# /app/api goes to path /app-v2/api. The HTTP_PROXY and HTTPS_PROXY environment
			# variables are honoured.
			URL: http://127.0.0.1:8900/app-v2/
			# Headers added to the response.
			ResponseHeaders:
				X-Frame-Options: deny
				X-Content-Type-Options: nosniff
`;

const transportStatic = `# Part of a mox.conf that defines a transport named Example. It connects to the SMTP
# submission port with TLS, 465 ("submissions"), and authenticates with
# SCRAM-SHA-256-PLUS (some providers lack it, but most support the older CRAM-MD5):

# Transports are ways to deliver messages; Routes in accounts, domains and the
# global config refer to them. Without a matching route, the queue delivers directly
# with SMTP to the MX hosts of the recipient domain. Transports are mostly used to
# deliver through another SMTP server (a smarthost). A transport sets at most one
# method. When another party sends email for your domain, its IPs may need to be in
# the SPF record of the domain, and DKIM records may be needed as well. (optional)
Transports:
	Example:
		# SMTP submission over TLS, handing email to a remote queue. (optional)
		Submissions:
			# Host to connect to, also used to verify its TLS certificate.
			Host: smtp.example.com

			# Credentials for the remote server. (optional)
			Auth:
				Username: user@example.com
				Password: test1234
				Mechanisms:
					# Authentication mechanisms to use. Default SCRAM-SHA-256-PLUS,
					# SCRAM-SHA-256, SCRAM-SHA-1-PLUS, SCRAM-SHA-1, CRAM-MD5; PLAIN only when
					# listed. Name the strongest mechanism the server supports, to prevent
					# downgrade attacks. (optional)

					- SCRAM-SHA-256-PLUS
`;

const transportDynamic = `# Part of a domains.conf with a route that delivers through the transport:

# Routes for outgoing messages. Each delivery attempt tries the routes of the account,
# then of the domain, then these; the transport of the first route that matches is
# used. When none matches (as without routes), the queue delivers directly.
# (optional)
Routes:
	-
		Transport: Example
`;

/** The config snippets of `mox config example`, in mox's order. */
export const configExamples: readonly Example[] = Object.freeze([
  { name: 'webhandlers', text: () => webhandlers },
  { name: 'transport', text: () => transportStatic + '\n\n' + transportDynamic },
]);

/** The config snippets as separate parts, for tests that parse them. */
export const configExampleParts = Object.freeze({ webhandlers, transportStatic, transportDynamic });

/** 2024-03-27T00:00:00Z, the time in mox's examples. */
const exampleTime = Date.UTC(2024, 2, 27);
const fromId = Buffer.from('0123456789abcdef').toString('base64url');
const messageId = '<QnxzgulZK51utga6agH_rg@mox.example>';

/** JSON as Go's encoder with SetIndent("\t", "\t") writes it, with the trailing newline. */
function goJson(v: unknown): string {
  return JSON.stringify(v, null, '\t').replace(/\n/g, '\n\t') + '\n';
}

function incomingExample(): string {
  const msg = Buffer.from(
    'From: <mox@localhost>\r\nTo: <mjl@localhost>\r\nSubject: hi\r\n' +
      `Message-Id: ${messageId}\r\nDate: Wed, 27 Mar 2024 00:00:00 +0000\r\n` +
      'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello world \u263a\r\n',
  );
  const v = incomingPayload(msg, {
    msgId: 201,
    mailFrom: 'mox@localhost',
    rcptTo: 'mjl@localhost',
    remoteIp: '127.0.0.1',
    received: exampleTime + 3000,
    mailboxName: 'Inbox',
    dkimVerifiedDomains: ['localhost'],
    msgFromValidated: true,
  });
  return 'Example JSON body for webhooks for incoming delivery of basic message:\n\n\t' + goJson(v);
}

/** The examples of `mox example` (webhook request bodies), in mox's order. */
export function examples(): readonly Example[] {
  return [
    {
      name: 'webhook-outgoing-delivered',
      text: () =>
        'Example webhook HTTP POST JSON body for successful outgoing delivery:\n\n\t' +
        goJson(
          outgoingPayload({ event: 'delivered', queueMsgId: 101, fromId, messageId, subject: 'subject of original message', queued: exampleTime, code: 250 }),
        ),
    },
    {
      name: 'webhook-outgoing-dsn-failed',
      text: () =>
        'Example webhook HTTP POST JSON body for failed delivery based on incoming DSN\n' +
        'message, with custom extra data fields (from original submission), and adding address to the suppression list:\n\n\t' +
        goJson(
          outgoingPayload({
            event: 'failed',
            dsn: true,
            suppressing: true,
            queueMsgId: 102,
            fromId,
            messageId,
            subject: 'subject of original message',
            queued: exampleTime,
            extra: { userid: '456' },
            error: 'timeout connecting to host',
            code: 554,
            secode: '4.0',
          }),
        ),
    },
    { name: 'webhook-incoming-basic', text: incomingExample },
  ];
}
