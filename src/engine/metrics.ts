import { STATUS_CODES } from 'node:http';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Bus } from '../events/index.js';

/**
 * Prometheus metrics of one engine (its own registry, no global state), counted from the
 * event bus: connections per service, submissions, incoming deliveries, queue attempts by
 * outcome, messages stored, failed logins, webhook requests (mox's names), and the queue size.
 */
export function engineMetrics(bus: Bus, queueSize: () => number): { registry: Registry; stop: () => void } {
  const registry = new Registry();
  const connections = new Counter({ name: 'mox_connections_total', help: 'Connections accepted, by service.', labelNames: ['service'], registers: [registry] });
  const accepted = new Counter({ name: 'mox_smtp_messages_accepted_total', help: 'Messages accepted by the SMTP server, by kind (submission or incoming).', labelNames: ['kind'], registers: [registry] });
  const attempts = new Counter({ name: 'mox_queue_delivery_attempts_total', help: 'Queue delivery attempts, by outcome.', labelNames: ['outcome'], registers: [registry] });
  const stored = new Counter({ name: 'mox_store_messages_delivered_total', help: 'Messages stored in account mailboxes.', registers: [registry] });
  const authFailed = new Counter({ name: 'mox_auth_failures_total', help: 'Failed logins, by protocol.', labelNames: ['protocol'], registers: [registry] });
  const simulated = new Counter({ name: 'mox_localserve_failures_simulated_total', help: 'Simulated failures fired by special localparts, by stage.', labelNames: ['stage'], registers: [registry] });
  const hookDuration = new Histogram({ name: 'mox_webhook_request_duration_seconds', help: 'HTTP webhook call duration.', buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 20, 30], registers: [registry] });
  // mox: the status code when known, "<class>xx" otherwise, "error" without a response.
  const hookResults = new Counter({ name: 'mox_webhook_results_total', help: 'HTTP webhook call results.', labelNames: ['code'], registers: [registry] });
  const hookCode = (code: number) => (code === 0 ? 'error' : STATUS_CODES[code] ? String(code) : `${Math.floor(code / 100)}xx`);
  new Gauge({ name: 'mox_queue_messages', help: 'Messages in the outgoing queue.', registers: [registry], collect() { this.set(queueSize()); } });
  const offs = [
    bus.on('smtp.connected', (e) => connections.inc({ service: e.service })),
    bus.on('imap.connected', (e) => connections.inc({ service: e.service })),
    bus.on('smtp.accepted', (e) => accepted.inc({ kind: e.queued.length > 0 ? 'submission' : 'incoming' })),
    bus.on('queue.attempted', (e) => attempts.inc({ outcome: e.outcome })),
    bus.on('store.delivered', () => stored.inc()),
    bus.on('smtp.authFailed', () => authFailed.inc({ protocol: 'smtp' })),
    bus.on('imap.authFailed', () => authFailed.inc({ protocol: 'imap' })),
    bus.on('smtp.failureSimulated', (e) => simulated.inc({ stage: e.stage })),
    bus.on('webhook.attempted', (e) => {
      hookDuration.observe(e.ms / 1000);
      hookResults.inc({ code: hookCode(e.code) });
    }),
  ];
  return { registry, stop: () => offs.forEach((f) => f()) };
}
