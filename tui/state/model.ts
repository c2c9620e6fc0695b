import type { BusEvent, Cid, ListenerInfo } from '../../src/index.js';
import { maskSecrets } from './mask.js';
import { pushAllBounded, pushBounded } from './ring.js';

/** Limits that keep the UI's memory bounded whatever the message rate. */
export interface Limits {
  /** Sessions kept (open ones are never dropped while under this). */
  sessions: number;
  /** Transcript lines kept per session. */
  linesPerSession: number;
  failures: number;
  logs: number;
  /** Window for the rates in the header, ms. */
  rateWindowMs: number;
}

/** Default limits. */
export const defaultLimits: Limits = { sessions: 500, linesPerSession: 1000, failures: 500, logs: 1000, rateWindowMs: 10_000 };

/** One line of a session transcript. */
export interface TranscriptLine {
  /** c: from the client, s: from the server. */
  dir: 'c' | 's';
  text: string;
  time: number;
}

/** An SMTP or IMAP connection, live or recent. */
export interface SessionView {
  cid: Cid;
  proto: 'smtp' | 'imap';
  listener: string;
  service: string;
  remote: string;
  tls: boolean;
  user: string;
  state: 'open' | 'closed';
  /** Why it closed. */
  reason: string;
  start: number;
  end?: number;
  /** Bytes in and out: counted from lines while open, the engine's numbers after close. */
  bytesIn: number;
  bytesOut: number;
  lines: TranscriptLine[];
  /** Lines dropped from the front of {@link lines} (ring buffer). */
  droppedLines: number;
  /** The client started an authentication exchange; its answers are secrets. */
  authPending: boolean;
  lastServer: string;
  /** Messages accepted in this session. */
  accepted: number;
  /** Simulated failures that fired in this session. */
  failures: number;
}

/** A simulated failure that fired (localserve special localparts). */
export interface FailureView {
  time: number;
  cid: Cid;
  /** The SMTP command it answered. */
  command: 'MAIL FROM' | 'RCPT TO' | 'DATA';
  address: string;
  /** Which rule of the cheat sheet matched, e.g. `suffix "temperror"`. */
  rule: string;
  code: number | 'timeout';
  enhanced: string;
  /** Listener and remote of the session, when known. */
  session: string;
}

/** A log line shown in the Log view. */
export interface LogLine {
  /** Event sequence number (unique). */
  seq: number;
  time: number;
  level: string;
  pkg: string;
  msg: string;
  attrs: Record<string, unknown>;
}

/** Counters for the header. */
export interface Stats {
  smtpOpen: number;
  imapOpen: number;
  sessionsTotal: number;
  accepted: number;
  delivered: number;
  failuresFired: number;
  /** Event times of accepted messages and deliveries within the rate window. */
  acceptedTimes: number[];
  deliveredTimes: number[];
}

/** Everything the UI derives from the event stream. */
export interface Model {
  sessions: ReadonlyMap<Cid, SessionView>;
  /** Session ids, oldest first. */
  order: readonly Cid[];
  failures: readonly FailureView[];
  logs: readonly LogLine[];
  stats: Stats;
  listeners: readonly ListenerInfo[];
  /** Highest event sequence number applied; replays of older events are skipped. */
  seq: number;
  /** Bumped for each change that should refresh a snapshot. */
  queueVersion: number;
  webhookVersion: number;
  inboxVersion: number;
  /** Set when the engine said it is stopping. */
  stopping?: string;
}

/** The empty model. */
export function emptyModel(): Model {
  return {
    sessions: new Map(),
    order: [],
    failures: [],
    logs: [],
    stats: { smtpOpen: 0, imapOpen: 0, sessionsTotal: 0, accepted: 0, delivered: 0, failuresFired: 0, acceptedTimes: [], deliveredTimes: [] },
    listeners: [],
    seq: 0,
    queueVersion: 0,
    webhookVersion: 0,
    inboxVersion: 0,
  };
}

/**
 * Which cheat-sheet rule a special localpart matched: its suffix, and its prefix when that
 * prefix chose where the failure fired (the stage; "queue" fires at the queue's DATA). As the
 * rules themselves, case-sensitive.
 */
export function describeRule(address: string, stage?: 'mailfrom' | 'rcptto' | 'data'): string {
  const at = address.lastIndexOf('@');
  const local = at >= 0 ? address.slice(0, at) : address;
  const suffix = /(temperror|permerror|timeout|[45][0-9][0-9])$/.exec(local)?.[1];
  let prefix = /^(mailfrom|rcptto|queue)/.exec(local)?.[1];
  if (stage && prefix !== (stage === 'data' ? 'queue' : stage)) prefix = undefined;
  const parts: string[] = [];
  if (prefix) parts.push(`prefix "${prefix}"`);
  if (suffix) parts.push(`suffix "${suffix}"`);
  return parts.join(' + ') || 'special localpart';
}

const commandOf = { mailfrom: 'MAIL FROM', rcptto: 'RCPT TO', data: 'DATA' } as const;

/**
 * Applies a batch of events to the model and returns the new model; the input is not
 * changed (copy on write: each touched session is copied once per batch). Events with a
 * sequence number at or below the model's are skipped, so a backlog replay after live
 * events cannot double-count.
 */
export function applyEvents(model: Model, events: readonly BusEvent[], limits: Limits = defaultLimits): Model {
  if (events.length === 0) return model;
  let sessions: Map<Cid, SessionView> | undefined;
  const touched = new Set<Cid>();
  let order = model.order as Cid[];
  let orderCopied = false;
  let failures = model.failures;
  const newLogs: LogLine[] = [];
  let listeners = model.listeners;
  const stats: Stats = { ...model.stats };
  let { seq, queueVersion, webhookVersion, inboxVersion, stopping } = model;
  let acceptedTimes: number[] | undefined;
  let deliveredTimes: number[] | undefined;

  const session = (cid: Cid): SessionView | undefined => {
    const cur = (sessions ?? model.sessions).get(cid);
    if (!cur) return undefined;
    if (touched.has(cid)) return cur;
    sessions ??= new Map(model.sessions);
    const copy = { ...cur, lines: cur.lines.slice() };
    sessions.set(cid, copy);
    touched.add(cid);
    return copy;
  };
  const addSession = (s: SessionView) => {
    sessions ??= new Map(model.sessions);
    sessions.set(s.cid, s);
    touched.add(s.cid);
    if (!orderCopied) {
      order = order.slice();
      orderCopied = true;
    }
    order.push(s.cid);
  };

  for (const ev of events) {
    if (ev.seq <= seq) continue;
    seq = ev.seq;
    switch (ev.type) {
      case 'engine.listening': {
        const d = ev.data;
        if (!listeners.some((l) => l.listener === d.listener && l.service === d.service && l.port === d.port)) listeners = [...listeners, d];
        break;
      }
      case 'engine.stopping':
        stopping = ev.data.reason;
        break;
      case 'smtp.connected':
      case 'imap.connected': {
        const d = ev.data;
        const proto = ev.type === 'smtp.connected' ? 'smtp' : 'imap';
        addSession({
          cid: d.cid,
          proto,
          listener: d.listener,
          service: d.service,
          remote: d.remote,
          tls: d.tls,
          user: '',
          state: 'open',
          reason: '',
          start: ev.time,
          bytesIn: 0,
          bytesOut: 0,
          lines: [],
          droppedLines: 0,
          authPending: false,
          lastServer: '',
          accepted: 0,
          failures: 0,
        });
        stats.sessionsTotal++;
        if (proto === 'smtp') stats.smtpOpen++;
        else stats.imapOpen++;
        break;
      }
      case 'smtp.line':
      case 'imap.line': {
        const s = session(ev.data.cid);
        if (!s) break;
        const proto = s.proto;
        let text = ev.data.text;
        if (ev.data.dir === 'c') {
          if (s.authPending && (proto === 'smtp' ? s.lastServer.startsWith('334') : s.lastServer.startsWith('+'))) text = '***';
          else {
            text = maskSecrets(proto, text);
            if (proto === 'smtp' ? /^AUTH\s/i.test(text) : /^\S+\s+AUTHENTICATE\s/i.test(text)) s.authPending = true;
          }
          s.bytesIn += ev.data.text.length + 2;
        } else {
          s.lastServer = text;
          if (s.authPending && !(proto === 'smtp' ? text.startsWith('334') : text.startsWith('+'))) s.authPending = false;
          s.bytesOut += text.length + 2;
        }
        s.lines.push({ dir: ev.data.dir, text, time: ev.time });
        break;
      }
      case 'smtp.tlsStarted': {
        const s = session(ev.data.cid);
        if (s) s.tls = true;
        break;
      }
      case 'smtp.authenticated':
      case 'imap.authenticated': {
        const s = session(ev.data.cid);
        if (s) s.user = ev.data.username;
        break;
      }
      case 'smtp.accepted': {
        const s = session(ev.data.cid);
        if (s) s.accepted++;
        stats.accepted++;
        (acceptedTimes ??= stats.acceptedTimes.slice()).push(ev.time);
        break;
      }
      case 'smtp.failureSimulated': {
        const d = ev.data;
        const s = session(d.cid);
        if (s) s.failures++;
        stats.failuresFired++;
        failures = pushBounded(
          failures,
          {
            time: ev.time,
            cid: d.cid,
            command: commandOf[d.stage],
            address: d.address,
            rule: describeRule(d.address, d.stage),
            code: d.code,
            enhanced: d.enhanced,
            session: s ? `${s.listener} ${s.remote}` : '',
          },
          limits.failures,
        );
        break;
      }
      case 'smtp.disconnected':
      case 'imap.disconnected': {
        const s = session(ev.data.cid);
        if (!s || s.state === 'closed') break;
        s.state = 'closed';
        s.reason = ev.data.reason;
        s.end = ev.time;
        s.bytesIn = ev.data.bytesIn;
        s.bytesOut = ev.data.bytesOut;
        if (s.proto === 'smtp') stats.smtpOpen = Math.max(0, stats.smtpOpen - 1);
        else stats.imapOpen = Math.max(0, stats.imapOpen - 1);
        break;
      }
      case 'store.delivered':
        stats.delivered++;
        (deliveredTimes ??= stats.deliveredTimes.slice()).push(ev.time);
        inboxVersion++;
        break;
      case 'store.expunged':
        inboxVersion++;
        break;
      case 'queue.added':
      case 'queue.attempted':
      case 'queue.retired':
      case 'queue.changed':
      case 'queue.attemptStarted':
        queueVersion++;
        break;
      case 'log.record':
        newLogs.push({ seq: ev.seq, time: ev.time, ...ev.data });
        break;
      default:
        if (ev.type.startsWith('webhook.')) webhookVersion++;
    }
  }

  // Bound the transcripts of the sessions touched in this batch.
  for (const cid of touched) {
    const s = sessions!.get(cid)!;
    if (s.lines.length > limits.linesPerSession) {
      const drop = s.lines.length - limits.linesPerSession;
      s.lines = s.lines.slice(drop);
      s.droppedLines += drop;
    }
  }
  // Bound the sessions: drop the oldest closed ones first, then the oldest.
  if (sessions && order.length > limits.sessions) {
    let excess = order.length - limits.sessions;
    const drop = new Set<Cid>();
    for (const cid of order) {
      if (excess === 0) break;
      if (sessions.get(cid)?.state === 'closed') {
        drop.add(cid);
        excess--;
      }
    }
    for (const cid of order) {
      if (excess === 0) break;
      if (!drop.has(cid)) {
        drop.add(cid);
        excess--;
      }
    }
    order = order.filter((c) => !drop.has(c));
    for (const c of drop) sessions.delete(c);
  }
  const last = events[events.length - 1]!.time;
  const cut = (times: number[] | undefined, cur: number[]) => {
    const t = times ?? cur;
    const i = t.findIndex((x) => x > last - limits.rateWindowMs);
    if (i === 0) return times ?? cur;
    return i < 0 ? [] : t.slice(i);
  };
  stats.acceptedTimes = cut(acceptedTimes, stats.acceptedTimes);
  stats.deliveredTimes = cut(deliveredTimes, stats.deliveredTimes);
  return {
    sessions: sessions ?? model.sessions,
    order,
    failures,
    logs: newLogs.length ? pushAllBounded(model.logs, newLogs, limits.logs) : model.logs,
    stats,
    listeners,
    seq,
    queueVersion,
    webhookVersion,
    inboxVersion,
    stopping,
  };
}

/** Per-second rate of the times within the window ending at `now`. */
export function ratePerSecond(times: readonly number[], now: number, windowMs = defaultLimits.rateWindowMs): number {
  let n = 0;
  for (let i = times.length - 1; i >= 0 && times[i]! > now - windowMs; i--) n++;
  return n / (windowMs / 1000);
}
