// The aliasadd ctl command with the JSON line Go mox's CLI writes (all config.Alias fields).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CtlClient, CtlRemoteError } from '../../src/ctl/index.js';
import { startLocalserve } from '../helpers/localserve.js';

test('aliasadd accepts Go mox CLI JSON; unknown fields and bad lines are refused as mox', async (t) => {
  const s = await startLocalserve(t);
  const c = await CtlClient.connect(join(s.dir, 'ctl'));
  t.after(() => c.close());
  const goJson = '{"Addresses":["mox@localhost"],"PostPublic":true,"ListMembers":false,"AllowMsgFrom":false,"LocalpartStr":"","Domain":{"ASCII":"","Unicode":""},"ParsedAddresses":null}';
  await c.call('aliasadd', ['list@localhost', goJson]);
  assert.deepEqual(s.engine.config.raw.dynamic.Domains.localhost!.Aliases, { list: { Addresses: ['mox@localhost'], PostPublic: true } });
  await assert.rejects(c.call('aliasadd', ['x@localhost', '{"Addresses":["mox@localhost"],"Bogus":1}']), (e: Error) => e instanceof CtlRemoteError && /^parsing from ctl as json: /.test(e.message));
  await assert.rejects(c.call('aliasadd', ['list@localhost', '{"Addresses":["mox@localhost"]}']), (e: Error) => e instanceof CtlRemoteError && e.message === 'adding alias: bad request: alias already present');
});

test('a change refused with several config problems: one ctl error line, problems separated by "; " as mox', async (t) => {
  const s = await startLocalserve(t);
  const c = await CtlClient.connect(join(s.dir, 'ctl'));
  t.after(() => c.close());
  await c.call('accountadd', ['bob', 'bob@localhost']);
  // The new domain's DMARC and TLSRPT reports go to bob: removing bob breaks both.
  await c.call('domainadd', ['false', 'example.org', 'bob', '']);
  await assert.rejects(c.call('accountrm', ['bob']), (e: Error) => {
    assert.ok(e instanceof CtlRemoteError);
    assert.match(e.message, /^removing account: writing domains\.conf: \S+:\d+: domain example\.org: DMARC account "bob" does not exist; \S+:\d+: domain example\.org: TLSRPT account "bob" does not exist$/);
    return true;
  });
});
