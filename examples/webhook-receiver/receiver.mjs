// A webhook receiver for mox: an HTTP server that checks the Authorization header and hands
// each webhook (outgoing delivery events and incoming messages) to a callback. Only Node
// built-ins; copy it into your app.
import { createServer } from 'node:http';

/**
 * Starts the receiver on `port` (0: a free port). Outgoing webhooks are POSTed to
 * /outgoing, incoming ones to /incoming; mox sends the configured Authorization header,
 * here HTTP basic auth of `user:password`. Answer 200 quickly: mox retries anything else.
 */
export async function startReceiver({ port = 0, user = 'hook', password = 'secret', onHook }) {
  const expected = 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.headers.authorization !== expected) {
        res.writeHead(req.method !== 'POST' ? 405 : 401).end();
        return;
      }
      let payload;
      try {
        payload = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400).end('bad json\n');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok\n');
      onHook({
        kind: req.url === '/incoming' ? 'incoming' : 'outgoing',
        id: req.headers['x-mox-webhook-id'],
        attempt: req.headers['x-mox-webhook-attempt'],
        payload,
      });
    });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const base = `http://${user}:${password}@127.0.0.1:${server.address().port}`;
  return {
    outgoingUrl: `${base}/outgoing`,
    incomingUrl: `${base}/incoming`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** One line per webhook, the way an app would log it. */
export function describe(h) {
  const p = h.payload;
  if (h.kind === 'incoming') {
    return `incoming  webhook ${h.id}: message from ${p.From?.[0]?.Address} to ${p.To?.map((a) => a.Address).join(', ')} subject ${JSON.stringify(p.Subject)} (mailbox ${p.Meta?.MailboxName})`;
  }
  const code = p.SMTPCode ? ` smtp ${p.SMTPCode} ${p.SMTPEnhancedCode ?? ''}`.trimEnd() : '';
  const err = p.Error ? ` error ${JSON.stringify(p.Error)}` : '';
  return `outgoing  webhook ${h.id}: ${p.Event} queue message ${p.QueueMsgID}${p.FromID ? ` fromid ${p.FromID}` : ''} extra ${JSON.stringify(p.Extra ?? {})}${code}${err}`;
}

/** Sends a message through mox's webapi (JSON body, basic auth of the account). */
export async function send(webapiBase, user, password, request) {
  const res = await fetch(new URL('Send', webapiBase), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64') },
    body: JSON.stringify(request),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`webapi Send: ${res.status} ${body.Code}: ${body.Message}`);
  return body;
}
