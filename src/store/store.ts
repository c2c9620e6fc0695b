import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../clock/index.js';
import type { Bus } from '../events/index.js';
import type { Logger } from '../log/index.js';
import { Account } from './account.js';
import { StoreError } from './types.js';
import { AuthDb } from './auth.js';
import { MessageCache } from './message-cache.js';

/** Collaborators of the {@link Store}. */
export interface StoreDeps {
  dataDir: string;
  clock: Clock;
  bus: Bus;
  log: Logger;
}

/** Account names become directory names; only safe names are allowed. */
const accountNameRe = /^[A-Za-z0-9][A-Za-z0-9._+@-]{0,127}$/;

/**
 * The message store of one engine: opens accounts on first use (accounts/<name>/) and keeps
 * them open until close.
 */
export class Store {
  private readonly accounts = new Map<string, Promise<Account>>();
  /** Contents of small messages, for all accounts. */
  private readonly cache = new MessageCache();
  private authDb: AuthDb | undefined;

  constructor(private readonly deps: StoreDeps) {}

  /** The data directory's auth.db (TLS public keys), opened on first use. */
  auth(): AuthDb {
    this.authDb ??= AuthDb.open(this.deps.dataDir);
    return this.authDb;
  }

  /** Opens an account, creating its directory, database and default mailboxes when new. */
  account(name: string): Promise<Account> {
    if (!accountNameRe.test(name) || name.includes('..')) {
      return Promise.reject(new StoreError('invalid', `invalid account name ${JSON.stringify(name)}`));
    }
    let p = this.accounts.get(name);
    if (!p) {
      p = Account.open(name, join(this.deps.dataDir, 'accounts', name), {
        clock: this.deps.clock,
        bus: this.deps.bus,
        log: this.deps.log.with({ account: name }),
        cache: this.cache,
      });
      this.accounts.set(name, p);
      p.catch(() => this.accounts.delete(name));
    }
    return p;
  }

  /**
   * Removes an account's data: closes it when open (after pending deliveries) and deletes its
   * directory. Used after the account left the config (mox: `config account rm`).
   */
  async removeAccount(name: string): Promise<void> {
    if (!accountNameRe.test(name) || name.includes('..')) throw new StoreError('invalid', `invalid account name ${JSON.stringify(name)}`);
    const p = this.accounts.get(name);
    this.accounts.delete(name);
    if (p) await (await p.catch(() => undefined))?.close();
    await rm(join(this.deps.dataDir, 'accounts', name), { recursive: true, force: true });
  }

  /** Closes all open accounts after their pending deliveries. */
  async close(): Promise<void> {
    const all = [...this.accounts.values()];
    this.accounts.clear();
    await Promise.all(all.map(async (p) => (await p.catch(() => undefined))?.close()));
    this.authDb?.close();
    this.authDb = undefined;
  }
}
