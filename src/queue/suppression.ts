import { type SqlDb } from '../store/index.js';

/** An address an account does not send to anymore (mox's webapi.Suppression). */
export interface Suppression {
  id: number;
  created: number;
  account: string;
  /** See {@link baseAddress}. */
  baseAddress: string;
  originalAddress: string;
  manual: boolean;
  reason: string;
}

/**
 * The address a suppression is keyed by, as mox: the localpart cut at the first "+" and
 * then at the first "-", dots removed, lowercased; the domain lowercased. So
 * "John.Doe+x@Example.org" and "johndoe-y@example.org" are the same.
 */
export function baseAddress(localpart: string, domain: string): string {
  let lp = localpart;
  const plus = lp.indexOf('+');
  if (plus >= 0) lp = lp.slice(0, plus);
  const dash = lp.indexOf('-');
  if (dash >= 0) lp = lp.slice(0, dash);
  return `${lp.replace(/\./g, '').toLowerCase()}@${domain.toLowerCase()}`;
}

/** Splits an address at its last "@" (the localpart may contain quoted "@"). */
export function splitAddress(addr: string): { localpart: string; domain: string } {
  const at = addr.lastIndexOf('@');
  if (at <= 0) throw new Error(`invalid address ${JSON.stringify(addr)}`);
  return { localpart: addr.slice(0, at), domain: addr.slice(at + 1) };
}

function fromRow(r: Record<string, unknown>): Suppression {
  return {
    id: Number(r.id),
    created: Number(r.created),
    account: r.account as string,
    baseAddress: r.base_address as string,
    originalAddress: r.original_address as string,
    manual: Number(r.manual) === 1,
    reason: r.reason as string,
  };
}

/** The suppression list of one queue database. Callers run these inside their transactions. */
export class Suppressions {
  constructor(private readonly db: SqlDb) {}

  list(account?: string): Suppression[] {
    const rows = account
      ? this.db.prepare('SELECT * FROM suppression WHERE account = ? ORDER BY id').all(account)
      : this.db.prepare('SELECT * FROM suppression ORDER BY id').all();
    return rows.map(fromRow);
  }

  /** The entry for an address (by base address), if any. */
  lookup(account: string, address: string): Suppression | undefined {
    const { localpart, domain } = splitAddress(address);
    const r = this.db.prepare('SELECT * FROM suppression WHERE account = ? AND base_address = ?').get(account, baseAddress(localpart, domain));
    return r ? fromRow(r) : undefined;
  }

  /** Adds an entry; returns undefined when the base address is already listed. */
  add(s: Omit<Suppression, 'id' | 'baseAddress'>): Suppression | undefined {
    const { localpart, domain } = splitAddress(s.originalAddress);
    const base = baseAddress(localpart, domain);
    const r = this.db
      .prepare('INSERT INTO suppression (created, account, base_address, original_address, manual, reason) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING *')
      .get(s.created, s.account, base, s.originalAddress, s.manual ? 1 : 0, s.reason);
    return r ? fromRow(r) : undefined;
  }

  /** Removes an entry by address; returns whether there was one. */
  remove(account: string, address: string): boolean {
    const { localpart, domain } = splitAddress(address);
    return this.db.prepare('DELETE FROM suppression WHERE account = ? AND base_address = ?').run(account, baseAddress(localpart, domain)).changes > 0;
  }
}

/** mox's codes that suppress an address at once (RFC 5321 §4.2.3, RFC 3463). */
const immediateCodes = new Set([521, 550, 551, 553, 556]);
const immediateSecodes = new Set(['1.1', '1.2', '1.3', '1.6', '2.1', '7.1']);

/** Whether a permanent failure with this code suppresses the address right away (mox). */
export function suppressesAtOnce(code: number, secode: string): boolean {
  return immediateCodes.has(code) || (code >= 500 && code < 600 && immediateSecodes.has(secode));
}
