import type { Bus } from '../../events/index.js';
import { failureStage, simulatedFailure, type SimulatedFailure } from '../../simulate/index.js';
import { SeOther00, SeSys3Other0, pathString, type Path } from '../../smtp/index.js';
import type { IncomingCheckInput, IncomingCheckResult, PolicyContext, PolicyReply, SmtpPolicy, Verdict } from '../../smtpserver/index.js';
import { localserveAccount } from './localserve-config.js';

/** How long a "timeout" localpart holds a command: an hour, as mox. */
export const simulatedTimeoutMs = 3600_000;

type Stage = 'mailfrom' | 'rcptto' | 'data';

/**
 * localserve's SMTP policy: accept everything, except what special localparts ask for
 * (../shared/spec/localserve.md). Submission with MAIL FROM of any address is allowed (we
 * differ from mox, which requires the account's own address). Each simulated failure is also
 * an event, for the terminal UI's failure log.
 */
export function localservePolicy(bus: Bus): SmtpPolicy {
  const verdict = (ctx: PolicyContext, stage: Stage, p: Path, f: SimulatedFailure | undefined, timeoutText: PolicyReply): Verdict => {
    if (!f) return undefined;
    const address = pathString(p);
    if (f.kind === 'timeout') {
      bus.emit('smtp.failureSimulated', { cid: ctx.cid, stage, address, code: 'timeout', enhanced: timeoutText.secode });
      return { hang: { ms: simulatedTimeoutMs, then: timeoutText } };
    }
    bus.emit('smtp.failureSimulated', { cid: ctx.cid, stage, address, code: f.code, enhanced: f.enhanced });
    return { fail: { code: f.code, secode: SeOther00, text: `failure with code ${f.code} due to special localpart` } };
  };
  const atCommand = (prefix: 'mailfrom' | 'rcptto') => (ctx: PolicyContext, p: Path): Verdict =>
    failureStage(p.localpart) === prefix
      ? verdict(ctx, prefix, p, simulatedFailure(p.localpart), { code: 451, secode: SeSys3Other0, text: 'timing out command due to special localpart' })
      : undefined;
  return {
    mailFrom: (ctx, from) => atCommand('mailfrom')(ctx, from),
    rcptTo: (ctx, _from, rcpt) => atCommand('rcptto')(ctx, rcpt),
    submitData(ctx, _from, rcpts) {
      // The "queue" prefix passes submission and fails in the queue. When only some
      // recipients ask for a failure, the message is accepted and those recipients fail
      // when the queue delivers them (decision 6); when all do, the first one decides (mox).
      const failing = rcpts.filter((r) => failureStage(r.localpart) !== 'queue' && simulatedFailure(r.localpart));
      if (failing.length === 0 || failing.length < rcpts.length) return undefined;
      const r = failing[0]!;
      return verdict(ctx, 'data', r, simulatedFailure(r.localpart), { code: 451, secode: SeSys3Other0, text: 'timing out submission due to special localpart' });
    },
    deliverData: (ctx, _from, rcpt) =>
      verdict(ctx, 'data', rcpt, simulatedFailure(rcpt.localpart), { code: 451, secode: SeOther00, text: 'timing out delivery due to special localpart' }),
  };
}

/** Unknown recipients on incoming SMTP go to the mox account's Inbox (catchall). */
export const localserveFallback = { account: localserveAccount.name, destination: localserveAccount.address, mailbox: 'Inbox' };

/**
 * localserve's incoming checks: none are run (no DNS lookups, ../shared/spec/localserve.md),
 * and the Authentication-Results header says so rather than claiming results.
 */
export async function localserveChecks(input: IncomingCheckInput): Promise<IncomingCheckResult> {
  const domain = input.from.ipdomain.domain?.ascii;
  return {
    comment: 'localserve: no dns lookups, checks not run',
    methods: [
      { method: 'spf', result: 'none', props: domain ? [['smtp.mailfrom', domain]] : [['smtp.helo', input.hello || 'unknown']] },
      { method: 'dkim', result: 'none' },
      { method: 'dmarc', result: 'none' },
    ],
  };
}
