import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { CtlError, type CtlHandler, type CtlServerConn } from '../../ctl/index.js';
import { readMaildir, readMbox, StoreError, type AppendItem, type ImportMessage } from '../../store/index.js';
import type { Engine } from '../engine.js';
import { check, readParams } from './wire.js';

/** Messages appended per store call during an import. */
const batchSize = 100;

/** A mailbox name as mox's CheckMailboxName allows it for import: NFC, "Inbox" in any case. */
function mailboxName(s: string): string {
  let name = s.normalize('NFC');
  if (name.toLowerCase() === 'inbox') name = 'Inbox';
  else if (name.toLowerCase().startsWith('inbox/')) name = `Inbox/${name.slice(6)}`;
  if (name === '') throw new CtlError('checking mailbox name: empty mailbox name');
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) throw new CtlError('checking mailbox name: bad slashes in mailbox name');
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(name)) throw new CtlError('checking mailbox name: control characters in mailbox name');
  return name;
}

/**
 * Imports an mbox file or maildir into a mailbox of an account (mox's ctl importmbox and
 * importmaildir):
 *   > account, > mailbox, > source path; < "ok" or error;
 *   < "progress <n>" every 1000 messages; < "ok" or error; < total count.
 */
async function importHandler(engine: Engine, conn: CtlServerConn, kind: 'mbox' | 'maildir'): Promise<void> {
  const [account, mailboxParam, src] = (await readParams(conn, 3)) as [string, string, string];
  const log = engine.logs.logger('ctl');
  log.info('importing messages', { kind, account, mailbox: mailboxParam, source: src });
  const mailbox = mailboxName(mailboxParam);
  if (!Object.hasOwn(engine.config.dynamic.Accounts, account)) throw new CtlError('opening account: account not found');
  const acc = await check('opening account', () => engine.store.account(account));
  // Check the source is readable before saying ok, as mox opens its files first.
  if (kind === 'mbox') await check('open mbox file', () => access(src));
  else {
    await check('open subdir new of maildir', () => access(join(src, 'new')));
    await check('open subdir cur of maildir', () => access(join(src, 'cur')));
  }
  await conn.ok();
  const reader: AsyncGenerator<ImportMessage> = kind === 'mbox' ? readMbox(src) : readMaildir(src);
  let n = 0;
  let lastProgress = 0;
  try {
    let mb = acc.mailbox(mailbox);
    if (!mb) {
      try {
        acc.createMailbox(mailbox);
      } catch (e) {
        if (!(e instanceof StoreError && e.code === 'exists')) throw e;
      }
      mb = acc.mailbox(mailbox);
      if (!mb) throw new Error(`mailbox ${mailbox} not created`);
    }
    let batch: AppendItem[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await acc.appendMessages(mb.id, batch);
      n += batch.length;
      batch = [];
      while (n - lastProgress >= 1000) {
        lastProgress += 1000;
        await conn.writeLine(`progress ${lastProgress}`);
      }
    };
    for await (const m of reader) {
      batch.push({ data: m.data, flags: m.flags, keywords: m.keywords, ...(m.received !== undefined ? { received: m.received } : {}) });
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  } catch (e) {
    // Deviation (mox imports in one transaction): messages of batches already added stay.
    log.error('import error', { err: e instanceof Error ? e.message : String(e), imported: n });
    throw new CtlError(`import error: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  log.info('delivered messages through import', { count: n });
  await conn.ok();
  await conn.writeLine(String(n));
}

/** The handlers for importmaildir and importmbox. */
export function importHandlers(engine: Engine): Record<string, CtlHandler> {
  return {
    importmaildir: (conn) => importHandler(engine, conn, 'maildir'),
    importmbox: (conn) => importHandler(engine, conn, 'mbox'),
  };
}
