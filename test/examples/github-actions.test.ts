// examples/github-actions: the workflow's step runs the app's tests through with-mox.sh; here
// the "tests" are a script that sends a mail and waits for it over HTTP using the MOX_* env.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './project.js';

const dir = join(root, 'examples', 'github-actions');

const check = `
import nodemailer from 'nodemailer';
const e = process.env;
const waiting = fetch(e.MOX_FIXTURE_URL + 'wait?to=gina@example.org&subject=CI&timeout=20s', { headers: { Authorization: e.MOX_AUTHORIZATION } });
await nodemailer.createTransport({ host: e.MOX_HOST, port: Number(e.MOX_SUBMISSION_PORT), auth: { user: e.MOX_USER, pass: e.MOX_PASSWORD }, tls: { rejectUnauthorized: false } })
  .sendMail({ from: 'ci@example.org', to: 'gina@example.org', subject: 'CI', text: 'from ci' });
const res = await waiting;
const m = await res.json();
console.log('status', res.status, 'subject', m.subject, 'dir', e.MOX_DIR);
process.exit(res.status === 200 && m.subject === 'CI' ? 0 : 1);
`;

function run(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, MOX: `${process.execPath} ${join(root, 'bin', 'mox.js')}` };
    const p = spawn('sh', [join(dir, 'with-mox.sh'), ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('close', (code) => resolve({ code, out }));
  });
}

test('with-mox.sh starts mox, gives the command MOX_* and stops mox (its dir removed)', async () => {
  const r = await run([process.execPath, '--input-type=module', '-e', check]);
  assert.equal(r.code, 0, r.out);
  const m = /^status 200 subject CI dir (\S+)$/m.exec(r.out);
  assert.ok(m, r.out);
  assert.equal(existsSync(m[1]!), false, 'ephemeral dir removed once the command finished');
});

test('with-mox.sh passes on the exit code of a failing command', async () => {
  const r = await run(['sh', '-c', 'test -n "$MOX_SUBMISSION_PORT" && exit 3']);
  assert.equal(r.code, 3, r.out);
  assert.match(r.out, /mox localserve log/);
});

test('the workflow runs the tests through with-mox.sh', () => {
  const yml = readFileSync(join(dir, 'mail-tests.yml'), 'utf8');
  assert.match(yml, /^\s+- run: sh \.github\/with-mox\.sh npm test$/m);
  assert.match(yml, /^\s+- run: npm ci$/m);
});
