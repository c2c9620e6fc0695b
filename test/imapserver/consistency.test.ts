// Several sessions change one mailbox in a seeded random order; each session's view (message
// count from EXISTS/EXPUNGE, sequence number to UID mapping) must end up matching the store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ImapScript } from '../helpers/imap-script.js';
import { message, startServer } from './helpers.js';
import { prng } from '../helpers/prng.js';


interface Client {
  c: ImapScript;
  count: number;
  n: number;
}

/** Runs a command and tracks EXISTS/EXPUNGE to keep the client's message count. */
async function run(cl: Client, cmd: string): Promise<string[]> {
  const tag = `t${cl.n++}`;
  const lines = await cl.c.cmd(`${tag} ${cmd}`);
  for (const l of lines) {
    let m = /^\* (\d+) EXISTS$/.exec(l);
    if (m) {
      assert.ok(Number(m[1]) >= cl.count, `EXISTS must not shrink\n${cl.c.transcript.slice(-20).join('\n')}`);
      cl.count = Number(m[1]);
    }
    m = /^\* (\d+) EXPUNGE$/.exec(l);
    if (m) {
      assert.ok(Number(m[1]) >= 1 && Number(m[1]) <= cl.count, `EXPUNGE ${m[1]} out of range ${cl.count}\n${cl.c.transcript.slice(-20).join('\n')}`);
      cl.count--;
    }
  }
  const last = lines[lines.length - 1]!;
  assert.match(last, new RegExp(`^${tag} (OK|NO) `), cl.c.transcript.slice(-20).join('\n'));
  return lines;
}

test('message sequence numbers stay consistent across concurrent sessions', async (t) => {
  const srv = await startServer(t);
  for (let i = 1; i <= 10; i++) await srv.deliver(message(i));
  const rnd = prng(42);
  const clients: Client[] = [];
  for (let i = 0; i < 3; i++) {
    const c = await srv.login();
    const cl: Client = { c, count: 0, n: 0 };
    await run(cl, 'SELECT Inbox');
    clients.push(cl);
  }
  for (let step = 0; step < 200; step++) {
    const cl = clients[Math.floor(rnd() * clients.length)]!;
    const r = rnd();
    const seq = cl.count > 0 ? 1 + Math.floor(rnd() * cl.count) : 0;
    if (r < 0.15) await srv.deliver(message(100 + step));
    else if (r < 0.35 && seq) await run(cl, `STORE ${seq} +FLAGS.SILENT (\\Deleted)`);
    else if (r < 0.45) await run(cl, 'EXPUNGE');
    else if (r < 0.5) await run(cl, 'UID EXPUNGE 1:*');
    else if (r < 0.55 && seq) await run(cl, `MOVE ${seq} Trash`);
    else if (r < 0.6) await run(cl, `APPEND Inbox {${message(step).length}+}\r\n${message(step)}`);
    else if (r < 0.75 && seq) await run(cl, `FETCH ${seq}:* (UID FLAGS)`);
    else if (r < 0.85 && seq) await run(cl, `SEARCH ${seq}:* UNDELETED`);
    else if (r < 0.9 && seq) await run(cl, `COPY ${seq} Archive`);
    else await run(cl, 'NOOP');
  }
  const seen = clients.map((cl) => cl.c.transcript.filter((l) => / EXPUNGE$| EXISTS$/.test(l)).length);
  t.diagnostic(`EXISTS/EXPUNGE responses per session: ${seen.join(' ')}`);
  assert.ok(seen.every((n) => n > 10), 'the sessions saw changes');
  const inbox = srv.account.mailbox('Inbox')!;
  const uids = srv.account.messages(inbox.id).map((m) => m.uid);
  for (const cl of clients) {
    await run(cl, 'NOOP');
    assert.equal(cl.count, uids.length, cl.c.transcript.slice(-20).join('\n'));
    const lines = await run(cl, 'FETCH 1:* (UID)');
    const got = lines.filter((l) => l.startsWith('* ')).map((l) => /^\* (\d+) FETCH \(UID (\d+)\)$/.exec(l)!).map((m) => [Number(m[1]), Number(m[2])]);
    assert.deepEqual(got, uids.map((u, i) => [i + 1, u]));
  }
});
