import type { SqlDb } from '../store/index.js';
import type { HoldRule } from './types.js';

/**
 * Whether a hold rule matches a message: every non-empty field of the rule must equal the
 * message's (AND); a rule without fields matches everything. (mox used OR for new messages
 * and AND for existing ones; we use AND for both, ../shared/spec/localserve.md decision 2.)
 */
export function holdRuleMatches(rule: Omit<HoldRule, 'id'>, m: { account: string; senderDomainStr: string; recipientDomainStr: string }): boolean {
  return (
    (rule.account === '' || rule.account === m.account) &&
    (rule.senderDomainStr === '' || rule.senderDomainStr === m.senderDomainStr) &&
    (rule.recipientDomainStr === '' || rule.recipientDomainStr === m.recipientDomainStr)
  );
}

/** All hold rules. */
export function listHoldRules(db: SqlDb): HoldRule[] {
  return db.prepare('SELECT * FROM holdrule ORDER BY id').all().map((r) => ({
    id: Number(r.id),
    account: r.account as string,
    senderDomainStr: r.sender_domain_str as string,
    recipientDomainStr: r.recipient_domain_str as string,
  }));
}

/**
 * Adds a rule and puts existing matching messages on hold (in one transaction). Returns the
 * rule and the ids of the messages it put on hold.
 */
export function addHoldRule(db: SqlDb, r: Omit<HoldRule, 'id'>): { rule: HoldRule; held: number[] } {
  return db.tx(() => {
    const row = db
      .prepare('INSERT INTO holdrule (account, sender_domain_str, recipient_domain_str) VALUES (?, ?, ?) RETURNING id')
      .get(r.account, r.senderDomainStr, r.recipientDomainStr)!;
    const where: string[] = ['hold = 0'];
    const params: string[] = [];
    if (r.account) (where.push('sender_account = ?'), params.push(r.account));
    if (r.senderDomainStr) (where.push('sender_domain_str = ?'), params.push(r.senderDomainStr));
    if (r.recipientDomainStr) (where.push('recipient_domain_str = ?'), params.push(r.recipientDomainStr));
    const held = db.prepare(`UPDATE msg SET hold = 1 WHERE ${where.join(' AND ')} RETURNING id`).all(...params).map((x) => Number(x.id));
    return { rule: { id: Number(row.id), ...r }, held };
  });
}

/** Removes a rule (held messages stay held, as mox). Returns whether it existed. */
export function removeHoldRule(db: SqlDb, id: number): boolean {
  return db.tx(() => db.prepare('DELETE FROM holdrule WHERE id = ?').run(id).changes > 0);
}
