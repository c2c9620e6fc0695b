import { goJson } from './json.js';
import type { MethodSpec } from './methods.js';
import { exampleValue } from './schema.js';

/** Where mox's documentation of the webapi and webhooks lives (we are compatible with v0.0.15). */
export const webapiDocsUrl = 'https://pkg.go.dev/github.com/mjl-/mox@v0.0.15/webapi/';
const webhookDocsUrl = 'https://pkg.go.dev/github.com/mjl-/mox@v0.0.15/webhook/';

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const style = `body, html { padding: 1em; font-size: 16px; }
* { font-size: inherit; font-family: ubuntu, lato, sans-serif; margin: 0; padding: 0; box-sizing: border-box; }
h1, h2 { margin-bottom: 1ex; } h1 { font-size: 1.2rem; } h2 { font-size: 1.1rem; }
ul { padding-left: 1rem; } p { margin-bottom: 1em; max-width: 50em; } fieldset { border: 0; }
textarea { width: 100%; max-width: 50em; font-family: monospace; }`;

/** The HTML page at /webapi/v0/: what the webapi is, and links to each method's page. */
export function indexPage(methods: readonly MethodSpec[]): string {
  const items = methods.map((m) => `\t\t\t<li><a href="${esc(m.name)}">${esc(m.name)}</a></li>`).join('\n');
  return `<!doctype html>
<html>
	<head>
		<meta charset="utf-8" />
		<meta name="robots" content="noindex,nofollow" />
		<title>Webapi - Mox</title>
		<style>
${style}
		</style>
	</head>
	<body>
		<h1>Webapi and webhooks</h1>
		<p>The webapi is an HTTP/JSON interface to send messages and to work with received messages, without SMTP or IMAP.</p>
		<p>Webhooks, configured per account, tell your application about outgoing deliveries (delivered, delayed, failed, ...) and about incoming messages.</p>
		<p>Reference documentation (this server follows mox v0.0.15):</p>
		<p><a href="${webapiDocsUrl}">${webapiDocsUrl}</a><br/><a href="${webhookDocsUrl}">${webhookDocsUrl}</a></p>
		<p>Call a method with an HTTP POST to /webapi/v0/&lt;method&gt;, HTTP basic authentication with an email address of the account and its password, and a form field "request" holding the JSON request. Successful calls answer 200, failed calls 400 with a JSON object with "Code" and "Message".</p>
		<h2>Methods</h2>
		<p>Each page shows an example request and response and lets you call the method.</p>
		<ul>
${items}
		</ul>
	</body>
</html>
`;
}

/** The HTML page of one method: its doc, example request and response, and a form to call it. */
export function methodPage(m: MethodSpec): string {
  const request = goJson(exampleValue(m.request), true);
  const returnsBytes = m.result === 'bytes';
  const response = m.result === 'bytes' ? '' : goJson(exampleValue(m.result), true);
  const errors = m.errors.map(([c, w]) => `<li><code>${esc(c)}</code>: ${esc(w)}</li>`).join('');
  return `<!doctype html>
<html>
	<head>
		<meta charset="utf-8" />
		<meta name="robots" content="noindex,nofollow" />
		<title>Method ${esc(m.name)} - WebAPI - Mox</title>
		<style>
${style}
		</style>
	</head>
	<body>
		<h1><a href="../">WebAPI</a> - Method ${esc(m.name)}</h1>
		<p>${esc(m.doc)}</p>
		${errors ? `<p>Error codes:</p><ul>${errors}</ul><br/>` : ''}
		<form id="webapicall" method="POST">
			<fieldset id="webapifieldset">
				<h2>Request JSON</h2>
				<div><textarea id="webapirequest" name="request" required rows="20">${esc(request)}</textarea></div>
				<br/>
				<div>
					<button type="reset">Reset</button>
					<button type="submit">Call</button>
				</div>
				<br/>
${returnsBytes ? '\t\t\t\t<p>Method has a non-JSON response.</p>' : `\t\t\t\t<h2>Response JSON</h2>\n\t\t\t\t<div><textarea id="webapiresponse" rows="20">${esc(response)}</textarea></div>`}
			</fieldset>
		</form>
		<script>
const returnsBytes = ${returnsBytes ? 'true' : 'false'};
window.addEventListener('load', () => {
	window.webapicall.addEventListener('submit', async (e) => {
		try {
			JSON.parse(window.webapirequest.value);
		} catch (err) {
			window.alert('Request is not valid JSON: ' + err.message);
			e.preventDefault();
			return;
		}
		// Methods returning message data: let the browser post the form and show the result.
		if (returnsBytes) return;
		e.preventDefault();
		window.webapifieldset.disabled = true;
		const data = new FormData();
		data.append('request', window.webapirequest.value);
		try {
			const resp = await fetch(${JSON.stringify(m.name)}, { method: 'POST', body: data });
			const text = await resp.text();
			try {
				window.webapiresponse.value = JSON.stringify(JSON.parse(text), undefined, '\\t');
			} catch {
				window.webapiresponse.value = text;
			}
		} catch (err) {
			window.alert('Error: ' + err.message);
		} finally {
			window.webapifieldset.disabled = false;
		}
	});
});
		</script>
	</body>
</html>
`;
}
