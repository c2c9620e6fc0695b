// The config snippets of `mox config example` parse with the keys they use from our schemas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dynamicSchema, parseSconf, staticSchema, struct } from '../../src/config/index.js';
import { configExampleParts, configExamples, examples } from '../../src/cli/examples.js';

test('config examples parse with the schema keys they use', () => {
  const d = dynamicSchema.root.fields;
  const s = staticSchema.root.fields;
  const web = parseSconf(configExampleParts.webhandlers, struct({ WebDomainRedirects: d.WebDomainRedirects, WebHandlers: d.WebHandlers }).type, 'webhandlers');
  assert.deepEqual(web.problems, []);
  const handlers = (web.value as { WebHandlers: { LogName: string }[] }).WebHandlers;
  assert.deepEqual(handlers.map((h) => h.LogName), ['redirhttps', 'staticmjl', 'redir', 'oldnew', 'app']);
  const tr = parseSconf(configExampleParts.transportStatic, struct({ Transports: s.Transports }).type, 'transport');
  assert.deepEqual(tr.problems, []);
  assert.deepEqual(Object.keys((tr.value as { Transports: object }).Transports), ['Example']);
  const routes = parseSconf(configExampleParts.transportDynamic, struct({ Routes: d.Routes }).type, 'routes');
  assert.deepEqual(routes.problems, []);
  // A broken snippet is caught, so the checks above can fail.
  const broken = parseSconf(configExampleParts.transportDynamic.replace('Transport: Example', 'Transprt: Example'), struct({ Routes: d.Routes }).type, 'routes');
  assert.notDeepEqual(broken.problems, []);
});

test('example names are unique and every example renders', () => {
  for (const list of [configExamples, examples()]) {
    const names = list.map((e) => e.name);
    assert.equal(new Set(names).size, names.length);
    for (const e of list) assert.ok(e.text().length > 100, e.name);
  }
});
