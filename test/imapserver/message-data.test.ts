import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageData } from '../../src/imapserver/message-data.js';
import { sectionBytes } from '../../src/imapserver/sections.js';
import { parseMessage, partToJSON } from '../../src/message/index.js';
import type { Account, MessageInfo } from '../../src/store/index.js';

const data = Buffer.from('Subject: hi\r\nFrom: a@example.org\r\n\r\nhello\r\n');

function fake(parsed: string | null): { md: MessageData; reads: string[] } {
  const reads: string[] = [];
  const account = {
    async readMessage() {
      reads.push('all');
      return data;
    },
    async readRange(_id: number, s: number, e: number) {
      reads.push(`range ${s}-${e}`);
      return data.subarray(s, e);
    },
  } as unknown as Account;
  const info = { id: 1, uid: 1, parsed } as MessageInfo;
  return { md: new MessageData(account, info), reads };
}

test('without a stored part tree (or with a damaged one) the file is parsed', async () => {
  for (const parsed of [null, '{"broken"']) {
    const { md, reads } = fake(parsed);
    const p = await md.part();
    assert.equal(p.envelope?.subject, 'hi');
    assert.deepEqual(reads, ['all']);
    assert.equal((await sectionBytes(md, { part: [], text: 'TEXT' }))!.toString(), 'hello\r\n');
  }
});

test('header-only sections read just the header when the tree is stored', async () => {
  const { md, reads } = fake(partToJSON(parseMessage(data)));
  const h = await sectionBytes(md, { part: [], text: 'HEADER.FIELDS', fields: ['subject'] });
  assert.equal(h!.toString(), 'Subject: hi\r\n\r\n');
  assert.deepEqual(reads, ['range 0-36']);
});
