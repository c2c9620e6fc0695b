// `mox tui` attached to a `mox localserve` that runs without the UI (-no-tui, or output to a
// pipe): its Log view gets the server's log records over ctl, and the server keeps writing
// them to stderr as plain text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { BusEvent } from '../../src/index.js';
import { attachClient } from '../../tui/index.js';
import { bannerPorts, runMox, runMoxToEnd } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { until } from './fake-client.js';

test('an attached UI receives the log records of a localserve without UI; stderr keeps plain logs', async (t) => {
  const dir = join(tempDir(t), 'ls');
  const mox = runMox(t, ['localserve', '-dir', dir, '-ports', '0', '-no-tui']);
  await mox.waitStderr(/serving from newly created config dir/);
  const ports = bannerPorts(mox.stderr());

  const client = await attachClient({ socketPath: join(dir, 'ctl') });
  t.after(() => client.close());
  const events: BusEvent[] = [];
  client.subscribe((evs) => events.push(...evs), { backlog: true });
  // SMTP connections that say hello and quit make smtpserver log records; repeated until one
  // arrives, as the events stream may start after the first.
  const hello = () =>
    new Promise<void>((resolve) => {
      const sock = connect(ports.smtp, '127.0.0.1');
      sock.on('data', (d) => {
        if (/^220 /m.test(d.toString())) sock.write('EHLO client.example\r\nQUIT\r\n');
      });
      sock.on('close', () => resolve());
    });
  const seen = () => events.some((e) => e.type === 'log.record' && JSON.stringify(e.data).includes('client.example'));
  for (let i = 0; i < 100 && !seen(); i++) {
    await hello();
    await until(seen, 'log record with the EHLO over ctl', 20).catch(() => undefined);
  }
  assert.ok(seen(), 'a log record of the SMTP session came over ctl');
  await mox.waitStderr(/EHLO client\.example/);

  await client.close();
  const stop = await runMoxToEnd(t, ['-config', join(dir, 'mox.conf'), 'stop']);
  assert.equal(stop.code, 0, stop.stderr);
  assert.equal((await mox.exited).code, 0);
});
