import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TLSSocket } from 'node:tls';
import { createClientMechanism } from '../../src/sasl/index.js';
import { channelBindingData } from '../../src/tls/index.js';
import { ImapScript } from '../helpers/imap-script.js';
import { PASS, startServer, USER } from './helpers.js';

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

test('LOGIN with a bad password is NO [AUTHENTICATIONFAILED] and counted; the session goes on', async (t) => {
  const srv = await startServer(t);
  const events: string[] = [];
  srv.deps.bus.on('imap.authFailed', (e) => events.push(`${e.username}/${e.mechanism}`));
  const c = await srv.connect();
  await c.cmd(`a1 LOGIN ${USER} wrong`, /^a1 NO \[AUTHENTICATIONFAILED\] login failed$/);
  await c.cmd('a2 LOGIN nobody@localhost x', /^a2 NO \[AUTHENTICATIONFAILED\] /);
  assert.equal(srv.failures.get('127.0.0.1'), 2);
  assert.deepEqual(events, [`${USER}/LOGIN`, 'nobody@localhost/LOGIN']);
  await c.cmd(`a3 LOGIN ${USER} ${PASS}`, /^a3 OK /);
  assert.equal(srv.failures.get('127.0.0.1'), undefined, 'success resets the count');
  // Authenticated: LOGIN is no longer allowed.
  await c.cmd(`a4 LOGIN ${USER} ${PASS}`, /^a4 BAD already authenticated$/);
});

test('passwords never appear in the transcript events or the trace log', async (t) => {
  const srv = await startServer(t);
  const lines: string[] = [];
  srv.deps.bus.on('imap.line', (e) => lines.push(`${e.dir}: ${e.text}`));
  const c = await srv.connect();
  await c.cmd(`a1 LOGIN ${USER} sekrit1`, /^a1 NO /);
  await c.cmd(`a2 AUTHENTICATE PLAIN ${b64(`\0${USER}\0sekrit2`)}`, /^a2 NO /);
  c.send('a3 LOGIN {13}');
  await c.expect(/^\+ /);
  c.send(`${USER} "sekrit3"`);
  await c.until('a3', /^a3 NO /);
  await c.cmd('a4 NOOP', /^a4 OK /);
  assert.ok(lines.includes('c: a1 LOGIN ***'), lines.join('\n'));
  assert.ok(lines.includes('c: a4 NOOP'));
  const all = lines.join('\n') + srv.deps.sink.records.map((r) => r.msg + JSON.stringify(r.attrs)).join('\n');
  for (const secret of ['sekrit1', 'sekrit2', 'sekrit3', b64(`\0${USER}\0sekrit2`)]) assert.ok(!all.includes(secret), `${secret} leaked`);
});

test('without TLS and with requireTlsForAuth: LOGINDISABLED, LOGIN refused, STARTTLS then LOGIN works', async (t) => {
  const srv = await startServer(t, { requireTlsForAuth: true });
  const c = await srv.connect();
  const caps = await c.cmd('a1 CAPABILITY', /^\* CAPABILITY .* STARTTLS LOGINDISABLED$/);
  assert.ok(!caps[0]!.includes('AUTH=PLAIN'));
  await c.cmd(`a2 LOGIN ${USER} ${PASS}`, /^a2 NO \[PRIVACYREQUIRED\] /);
  await c.cmd(`a3 AUTHENTICATE PLAIN ${b64(`\0${USER}\0${PASS}`)}`, /^a3 NO \[PRIVACYREQUIRED\] /);
  await c.cmd('a4 STARTTLS', /^a4 OK /);
  await c.starttls();
  const after = await c.cmd('a5 CAPABILITY', /^\* CAPABILITY .* AUTH=PLAIN$/);
  assert.ok(!after[0]!.includes('STARTTLS'));
  await c.cmd('a6 STARTTLS', /^a6 BAD tls already active$/);
  await c.cmd(`a7 LOGIN ${USER} ${PASS}`, /^a7 OK /);
});

test('implicit TLS listener (imaps)', async (t) => {
  const srv = await startServer(t, { implicitTls: true, service: 'imaps', requireTlsForAuth: true });
  const c = await srv.connect({ tls: true });
  const caps = await c.cmd('a1 CAPABILITY', /^\* CAPABILITY .* AUTH=PLAIN$/);
  assert.ok(!caps[0]!.includes('STARTTLS'));
  await c.cmd(`a2 LOGIN ${USER} ${PASS}`, /^a2 OK /);
});

test('AUTHENTICATE PLAIN with SASL-IR, with a continuation, and cancelled with "*"', async (t) => {
  const srv = await startServer(t);
  const c = await srv.connect();
  c.send('a1 AUTHENTICATE PLAIN');
  await c.expect(/^\+ $/);
  c.send('*');
  await c.until('a1', /^a1 BAD authenticate aborted by client$/);
  c.send('a2 AUTHENTICATE PLAIN');
  await c.expect(/^\+ $/);
  c.send('not base64!');
  await c.until('a2', /^a2 BAD /);
  await c.cmd(`a3 AUTHENTICATE PLAIN ${b64(`other\0${USER}\0${PASS}`)}`, /^a3 NO \[AUTHORIZATIONFAILED\] /);
  await c.cmd('a4 AUTHENTICATE X-UNKNOWN', /^a4 NO mechanism X-UNKNOWN not supported$/);
  await c.cmd(`a5 AUTHENTICATE PLAIN ${b64(`\0${USER}\0${PASS}`)}`, /^a5 OK \[CAPABILITY .*\] authenticate done$/);
  await c.cmd('a6 SELECT Inbox', /^a6 OK /);
});

/** Runs a SASL exchange with our client mechanisms. */
async function saslLogin(c: ImapScript, tag: string, mech: string, tlsSock?: TLSSocket): Promise<string[]> {
  const cb = tlsSock ? channelBindingData(tlsSock, 'tls-exporter', 'client') : undefined;
  const client = createClientMechanism(mech, {
    username: USER,
    password: PASS,
    ...(cb ? { channelBinding: { type: 'tls-exporter' as const, data: cb } } : {}),
  });
  const first = await client.next(null);
  c.send(`${tag} AUTHENTICATE ${mech}${first.data ? ` ${first.data.length ? b64(first.data) : '='}` : ''}`);
  for (;;) {
    const l = await c.response();
    if (l.startsWith(`${tag} `)) return [l];
    assert.match(l, /^\+ /);
    const step = await client.next(Buffer.from(l.slice(2), 'base64'));
    c.send(step.data ? b64(step.data) : '');
  }
}

test('AUTHENTICATE CRAM-MD5, SCRAM-SHA-1 and SCRAM-SHA-256', async (t) => {
  const srv = await startServer(t);
  for (const mech of ['CRAM-MD5', 'SCRAM-SHA-1', 'SCRAM-SHA-256']) {
    const c = await srv.connect();
    const [tagged] = await saslLogin(c, 'a1', mech);
    assert.match(tagged!, /^a1 OK \[CAPABILITY /, `${mech}\n${c.transcript.join('\n')}`);
    await c.cmd('a2 NOOP', /^a2 OK/);
    c.close();
  }
});

test('AUTHENTICATE SCRAM-SHA-256-PLUS binds to the TLS channel; -PLUS without TLS is refused', async (t) => {
  const srv = await startServer(t, { implicitTls: true, service: 'imaps' });
  const c = await srv.connect({ tls: true });
  const [tagged] = await saslLogin(c, 'a1', 'SCRAM-SHA-256-PLUS', c.socket as TLSSocket);
  assert.match(tagged!, /^a1 OK /, c.transcript.join('\n'));

  const plain = await startServer(t);
  const p = await plain.connect();
  await p.cmd('b1 AUTHENTICATE SCRAM-SHA-256-PLUS', /^b1 NO \[PRIVACYREQUIRED\] /);
});

test('SCRAM with a wrong password fails with AUTHENTICATIONFAILED', async (t) => {
  const srv = await startServer(t);
  const c = await srv.connect();
  const client = createClientMechanism('SCRAM-SHA-256', { username: USER, password: 'wrong' });
  const first = await client.next(null);
  c.send(`a1 AUTHENTICATE SCRAM-SHA-256 ${b64(first.data!)}`);
  const l = await c.response();
  assert.match(l, /^\+ /);
  const step = await client.next(Buffer.from(l.slice(2), 'base64'));
  c.send(b64(step.data!));
  // The server answers the bad proof with "e=invalid-proof"; the client cancels.
  const l2 = await c.response();
  if (l2.startsWith('+ ')) c.send('*');
  await c.until('a1', /^a1 NO \[AUTHENTICATIONFAILED\] /);
  assert.equal(srv.failures.get('127.0.0.1'), 1);
});

test('a rate-limited IP gets BYE at the greeting and NO at login', async (t) => {
  let allowed = true;
  const srv = await startServer(t, { allowAuth: () => allowed });
  const c = await srv.connect();
  allowed = false;
  await c.cmd(`a1 LOGIN ${USER} ${PASS}`, /^a1 NO \[UNAVAILABLE\] /);
  await c.expect(/^\* BYE /);
  const c2 = await ImapScript.connect(t, srv.port);
  await c2.expect(/^\* BYE too many auth failures$/);
});

test('LOGIN fails cleanly when the credential lookup throws (NO [SERVERBUG]), and the session goes on', async (t) => {
  const srv = await startServer(t);
  const c = await srv.connect();
  await c.cmd('a1 LOGIN boom@localhost x', /^a1 NO \[SERVERBUG\] internal error$/);
  await c.cmd('a2 NOOP', /^a2 OK /);
  assert.ok(srv.deps.sink.records.some((r) => r.level === 'error' && String((r.attrs.err as Error)?.message).includes('simulated lookup failure')));
});

test('when the failure limit is reached the connection is closed after the NO', async (t) => {
  const srv = await startServer(t, { failLimit: 2 });
  const c = await srv.connect();
  await c.cmd(`a1 LOGIN ${USER} bad`, /^a1 NO \[AUTHENTICATIONFAILED\] /);
  await c.cmd(`a2 AUTHENTICATE PLAIN ${b64(`\0${USER}\0bad`)}`, /^a2 NO \[AUTHENTICATIONFAILED\] /);
  await c.expect(/^\* BYE /);
});
