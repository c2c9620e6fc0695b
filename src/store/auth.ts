import { join } from 'node:path';
import { migrate, openLibsql, type SqlDb } from './db/index.js';
import { StoreError } from './types.js';

/** A TLS client certificate's public key registered for an account (mox's TLSPublicKey). */
export interface TlsPublicKey {
  fingerprint: string;
  created: number;
  type: string;
  name: string;
  /** Do not log in automatically on IMAPS connections presenting this key. */
  noImapPreauth: boolean;
  certDer: Buffer;
  account: string;
  /** The address the key logs in as; must belong to the account. */
  loginAddress: string;
}

const migrations = [
  `CREATE TABLE tls_public_key (
    fingerprint TEXT PRIMARY KEY,
    created INTEGER NOT NULL,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    no_imap_preauth INTEGER NOT NULL DEFAULT 0,
    cert_der BLOB NOT NULL,
    account TEXT NOT NULL,
    login_address TEXT NOT NULL
  );
  CREATE INDEX tls_public_key_account ON tls_public_key(account);`,
];

function fromRow(r: Record<string, unknown>): TlsPublicKey {
  return {
    fingerprint: r.fingerprint as string,
    created: Number(r.created),
    type: r.type as string,
    name: r.name as string,
    noImapPreauth: Number(r.no_imap_preauth) === 1,
    certDer: Buffer.from(r.cert_der as Uint8Array),
    account: r.account as string,
    loginAddress: r.login_address as string,
  };
}

/** The data directory's auth.db: credentials that are not per account (TLS public keys). */
export class AuthDb {
  private constructor(private readonly db: SqlDb) {}

  static open(dataDir: string): AuthDb {
    const db = openLibsql(join(dataDir, 'auth.db'));
    migrate(db, migrations);
    return new AuthDb(db);
  }

  /** Registers a key; the fingerprint must be new. */
  async addTlsPublicKey(k: TlsPublicKey): Promise<void> {
    if (this.tlsPublicKey(k.fingerprint)) throw new StoreError('exists', `tls public key ${k.fingerprint} already registered`);
    this.db.tx(() =>
      this.db
        .prepare('INSERT INTO tls_public_key (fingerprint, created, type, name, no_imap_preauth, cert_der, account, login_address) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(k.fingerprint, k.created, k.type, k.name, k.noImapPreauth ? 1 : 0, k.certDer, k.account, k.loginAddress),
    );
    await this.db.durable();
  }

  /** A key by fingerprint. */
  tlsPublicKey(fingerprint: string): TlsPublicKey | undefined {
    const r = this.db.prepare('SELECT * FROM tls_public_key WHERE fingerprint = ?').get(fingerprint);
    return r ? fromRow(r) : undefined;
  }

  /** All keys, or those of one account. */
  tlsPublicKeys(account?: string): TlsPublicKey[] {
    const rows = account
      ? this.db.prepare('SELECT * FROM tls_public_key WHERE account = ? ORDER BY created').all(account)
      : this.db.prepare('SELECT * FROM tls_public_key ORDER BY account, created').all();
    return rows.map(fromRow);
  }

  /** Removes a key; throws notFound when there is none. */
  async removeTlsPublicKey(fingerprint: string): Promise<void> {
    const r = this.db.tx(() => this.db.prepare('DELETE FROM tls_public_key WHERE fingerprint = ?').run(fingerprint));
    if (r.changes === 0) throw new StoreError('notFound', `no tls public key ${fingerprint}`);
    await this.db.durable();
  }

  close(): void {
    this.db.close();
  }
}
