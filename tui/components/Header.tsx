import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import type { InstanceInfo, ListenerInfo } from '../../src/index.js';
import { ratePerSecond, type Model } from '../state/model.js';
import { viewTitles, views, type View } from '../state/ui.js';
import { cell, fitItems } from './text.js';

const short: Record<string, string> = { submission: 'sub', submissions: 'subs', metrics: 'metr' };

/** Ports as ["smtp:1025", "sub:1587", …] (first port of each service). */
export function portsText(listeners: readonly ListenerInfo[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const l of listeners) {
    if (seen.has(l.service)) continue;
    seen.add(l.service);
    out.push(`${short[l.service] ?? l.service}:${l.port}`);
  }
  return out;
}

/**
 * Counts and rates as items of one line. Narrow terminals get the short form: rates only
 * while something is arriving, so every count fits in 80 columns.
 */
export function countsText(m: Model, counts: { queue?: number; webhooks?: number; inbox?: number }, now: number, narrow = false): string[] {
  const s = m.stats;
  const rate = (t: number[]) => {
    const r = ratePerSecond(t, now);
    return narrow && r === 0 ? '' : ` ${r.toFixed(1)}/s`;
  };
  const q = (n: number | undefined) => (n === undefined ? '…' : String(n));
  return [
    `smtp ${s.smtpOpen} imap ${s.imapOpen} open (${s.sessionsTotal})`,
    `queue ${q(counts.queue)}`,
    `hooks ${q(counts.webhooks)}`,
    `inbox ${q(counts.inbox)}${counts.inbox !== undefined && counts.inbox >= 500 ? '+' : ''}`,
    `fail ${s.failuresFired}`,
    `in ${s.accepted}${rate(s.acceptedTimes)}`,
    `dlv ${s.delivered}${rate(s.deliveredTimes)}`,
  ];
}

/** The two header lines and the view tabs. */
export function Header(p: {
  model: Model;
  info?: InstanceInfo;
  mode: 'inProcess' | 'attached';
  counts: { queue?: number; webhooks?: number; inbox?: number };
  view: View;
  width: number;
  now: number;
}): ReactElement {
  const listeners = p.info?.listeners.length ? p.info.listeners : p.model.listeners;
  const title = `mox ${p.info?.profile ?? ''}${p.mode === 'attached' ? ' (attached)' : ''}`;
  return (
    <Box flexDirection="column" width={p.width}>
      <Text wrap="truncate">
        <Text bold color="magenta">
          {title}
        </Text>
        <Text> {cell(fitItems(portsText(listeners), Math.max(0, p.width - title.length - 1)), Math.max(0, p.width - title.length - 1))}</Text>
      </Text>
      <Text wrap="truncate" dimColor>
        {cell(fitItems(countsText(p.model, p.counts, p.now, p.width < 100), p.width, ' · '), p.width)}
      </Text>
      <Text wrap="truncate">
        {views.map((v, i) => (
          <Text key={v} inverse={v === p.view} bold={v === p.view} color={v === p.view ? 'cyan' : undefined}>
            {` ${i + 1} ${viewTitles[v]} `}
          </Text>
        ))}
      </Text>
    </Box>
  );
}
