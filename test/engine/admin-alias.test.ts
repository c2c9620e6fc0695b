// Admin changes in-process: aliases and AllowMsgFrom for webapi Send, and a refused change
// that leaves domains.conf as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { accountAdd } from '../../src/engine/admin/accounts.js';
import { aliasAdd, aliasUpdate } from '../../src/engine/admin/aliases.js';
import { parseAddress } from '../../src/smtp/index.js';
import { webapiServer } from '../webapi/harness.js';

test('alias AllowMsgFrom: members may send as the alias only when set (mox AllowMsgFrom)', async (t) => {
  const s = await webapiServer(t);
  const team = parseAddress('team@localhost');
  await accountAdd(s.engine, 'bob', 'bob@localhost');
  await aliasAdd(s.engine, team, { Addresses: ['mox@localhost', 'bob@localhost'], PostPublic: true });
  const to = [{ Name: '', Address: 'someone@example.com' }];
  const from = [{ Name: '', Address: 'team@localhost' }];
  await assert.rejects(s.client.send({ From: from, To: to, Text: 'x' }), (err: Error & { code?: string }) => err.code === 'badFrom');
  await aliasUpdate(s.engine, team, { allowMsgFrom: true });
  assert.equal(s.engine.config.dynamic.Domains.localhost!.Aliases.team!.AllowMsgFrom, true);
  const ok = await s.client.send({ From: from, To: to, Text: 'x' });
  assert.ok(ok.MessageID);

  // A change the config check refuses: error text as mox, file untouched, config unchanged.
  const before = readFileSync(join(s.dir, 'domains.conf'), 'utf8');
  await assert.rejects(aliasAdd(s.engine, parseAddress('x@localhost'), { Addresses: ['nobody@localhost'] }), /^Error: writing domains\.conf: .*references non-existent address "nobody@localhost"/);
  assert.equal(readFileSync(join(s.dir, 'domains.conf'), 'utf8'), before);
  assert.equal(s.engine.config.dynamic.Domains.localhost!.Aliases.x, undefined);
});
