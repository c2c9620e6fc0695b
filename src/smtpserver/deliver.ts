import { headerBytesToString, isGroup, parseAddressList, parseHeader, type Header } from '../message/index.js';
import {
  C250Completed,
  C421ServiceUnavail,
  C451LocalErr,
  C550MailboxUnavail,
  C554TransactionFailed,
  ReplyError,
  SeMailbox2Other0,
  SeNet4Loop6,
  SePol7ExpnProhibited2,
  SeSys3NotAccepting2,
  SeSys3Other0,
  formatReply,
  pathString,
  type Path,
} from '../smtp/index.js';
import type { ReceivedData } from './message.js';
import type { AliasTarget, PolicyReply, RecipientTarget } from './ports.js';
import { addressLiteral, receivedHeader } from './received.js';
import { authResultsHeader } from './authres.js';
import type { Session } from './session.js';
import type { Transaction } from './state.js';

// An address as compared for aliases: "localpart@asciidomain", lowercased.
function pathKey(p: Path): string {
  return `${p.localpart}@${p.ipdomain.domain?.ascii ?? ''}`.toLowerCase();
}

// The From header's single address in the form of pathKey, or "" when absent or unparsable.
function msgFromKey(header: Header): string {
  const v = header.value('From');
  if (!v) return '';
  try {
    const l = parseAddressList(headerBytesToString(v), { lenient: true });
    const m = l.length === 1 && !isGroup(l[0]!) ? l[0] : undefined;
    if (!m || isGroup(m)) return '';
    return `${m.localpart}@${m.domain}`.toLowerCase();
  } catch {
    return '';
  }
}

/**
 * Whether the From address may post to the alias (mox): members may; the alias address
 * itself only with AllowMsgFrom; anyone else only with PostPublic.
 */
export function aliasAllowsFrom(a: AliasTarget, from: string): boolean {
  if (a.members.some((m) => m.address === from)) return true;
  if (from === a.address) return a.allowMsgFrom;
  return a.postPublic;
}

/** mox refuses messages that passed more than 100 hops (RFC 5321 §6.3 loop detection). */
const maxReceivedHeaders = 100;

/**
 * Delivers an incoming message to local accounts. Each recipient gets its own prefix
 * (Received, Return-Path, Delivered-To). When the policy fails some recipients, the reply
 * follows mox: success if any recipient was delivered, otherwise the common failure, or a
 * "multiple errors" reply listing each recipient's.
 */
export async function deliverMessage(s: Session, tx: Transaction, msg: ReceivedData): Promise<void> {
  const header = parseHeader(msg.data);
  if (header.getAll('Received').length > maxReceivedHeaders) {
    throw new ReplyError(C550MailboxUnavail, SeNet4Loop6, `loop detected, more than ${maxReceivedHeaders} Received headers`);
  }
  const ctx = { cid: s.cid, service: s.config.service };
  const helloName = s.phase.kind !== 'connected' ? s.phase.hello.name : '';
  const checks = await s.ports.checkIncoming({ cid: s.cid, remoteIp: s.remoteIp, hello: helloName, from: tx.from, data: msg.data });
  const utf8 = msg.smtputf8 ?? tx.params.smtputf8;
  const host = s.config.hostname;
  const authRes = authResultsHeader(utf8 && host.unicode ? host.unicode : host.ascii, checks.methods, checks.comment);
  const failures: { rcpt: Path; reply: PolicyReply }[] = [];
  const ok: { path: Path; target: RecipientTarget; prefix: Buffer }[] = [];
  const from = `${helloName} (${addressLiteral(s.remoteIp)})`;
  // Alias members that are also explicit recipients, or the sender, get no copy through the
  // alias; each member gets one copy however many aliases include it.
  const regular = new Set(tx.rcpts.filter((r) => r.target && !r.target.alias).map((r) => pathKey(r.path)));
  const fromKey = msgFromKey(header);
  const viaAlias = new Set<string>();
  let aliasesAccepted = 0;
  for (const r of tx.rcpts) {
    const v = s.ports.policy.deliverData(ctx, tx.from, r.path);
    if (v && 'hang' in v) {
      await s.flush();
      const waited = await s.pause(v.hang.ms);
      if (!waited) throw new ReplyError(C421ServiceUnavail, SeSys3NotAccepting2, 'shutting down', { close: true });
      throw new ReplyError(v.hang.then.code, v.hang.then.secode, v.hang.then.text);
    }
    if (v && 'fail' in v) {
      failures.push({ rcpt: r.path, reply: v.fail });
      continue;
    }
    const rcptTo = pathString(r.path, utf8);
    // RFC 5321 §4.4 (Return-Path, Received), RFC 8601 (Authentication-Results), in mox's order.
    // RFC 9228 §4: Delivered-To names the address delivered to: the RCPT TO address (also for a
    // catchall or plus-address), or for an alias each member's address, as mox does.
    const prefixFor = (deliveredTo: string) =>
      Buffer.from(
        `Delivered-To: ${deliveredTo}\r\n` +
          `Return-Path: <${pathString(tx.from, utf8)}>\r\n` +
          authRes +
          receivedHeader(s, { from, rcptTo, utf8, requireTls: tx.params.requireTls }),
      );
    const alias = r.target?.alias;
    if (alias) {
      if (!aliasAllowsFrom(alias, fromKey)) {
        failures.push({ rcpt: r.path, reply: { code: C550MailboxUnavail, secode: SePol7ExpnProhibited2, text: 'not allowed to send to destination' } });
        continue;
      }
      for (const m of alias.members) {
        if (regular.has(m.address) || m.address === fromKey || viaAlias.has(m.address)) continue;
        viaAlias.add(m.address);
        ok.push({ path: r.path, target: m.target, prefix: prefixFor(m.address) });
      }
      aliasesAccepted++;
      continue;
    }
    ok.push({ path: r.path, target: r.target!, prefix: prefixFor(rcptTo) });
  }
  if (ok.length > 0 || aliasesAccepted > 0) {
    if (ok.length > 0) await s.ports.deliver({ cid: s.cid, from: tx.from, rcpts: ok, data: msg.data, remoteIp: s.remoteIp, remotePort: s.socket.remotePort ?? 0 });
    for (const f of failures) s.log.info('recipient failed after data, others delivered', { rcpt: pathString(f.rcpt), code: f.reply.code });
    s.ctx.bus.emit('smtp.accepted', { cid: s.cid, from: pathString(tx.from), to: ok.map((r) => pathString(r.path)), size: msg.data.length, queued: [] });
    s.reply(C250Completed, SeMailbox2Other0, 'it is done');
    return;
  }
  throw combinedFailure(failures);
}

/** The reply when every recipient failed: one code when all agree, else "multiple errors". */
function combinedFailure(failures: { rcpt: Path; reply: PolicyReply }[]): ReplyError {
  const first = failures[0]!.reply;
  if (failures.every((f) => f.reply.code === first.code && f.reply.secode === first.secode)) {
    return new ReplyError(first.code, first.secode, failures.map((f) => f.reply.text).join('\n'));
  }
  const code = failures.some((f) => f.reply.code >= 500) ? C554TransactionFailed : C451LocalErr;
  const lines = failures.map((f) => formatReply(f.reply.code, f.reply.secode, f.reply.text)[0]!);
  return new ReplyError(code, SeSys3Other0, [...lines, 'multiple errors'].join('\n'));
}
