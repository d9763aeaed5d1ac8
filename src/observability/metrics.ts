import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AuditRecord, AuditTrail } from '../audit/audit-trail.js';
import type { LimiterStats } from '../participants/rate-limited-source.js';
import type { InFlight } from './in-flight.js';

/**
 * Everything GET /metrics shows. Each instance has its own Registry, not prom-client's global one,
 * so that tests (and anything else in one process) can build several bots without name clashes.
 */
export interface Metrics {
  registry: Registry;
  /** Lookups by how they ended: `found`, `notHost`, a failure kind, or `internal`. */
  lookups: Counter<'outcome'>;
  /** One upstream attempt at Webex, by result (`ok` or a failure kind). */
  upstreamSeconds: Histogram<'result'>;
  tooManyRequests: Counter;
  /** Upstream attempts after the first of one lookup: after a 429, a 5xx, a timeout or a reset. */
  retries: Counter;
  slackAckSeconds: Histogram;
  /** Replies a platform did not accept even after retries: someone got no answer. */
  repliesFailed: Counter<'platform'>;
  /** Access files read again and refused: the previous list stayed in force. */
  accessReloadFailures: Counter;
  /** A watch's alerts and end-of-watch messages, `sent` or `lost` (README, "Watches"). */
  watchNotifications: Counter<'result'>;
  /** Polls of watched participants sent to Webex. */
  watchPolls: Counter;
}

const PREFIX = 'participant_bot_';

const WATCH_RECORDS: ReadonlySet<AuditRecord['command']> = new Set(['watchStart', 'watchEnd', 'watchAlert']);

export function createMetrics(): Metrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    lookups: new Counter({
      name: `${PREFIX}lookups_total`,
      help: 'Participant lookups, by outcome',
      labelNames: ['outcome'] as const,
      registers,
    }),
    upstreamSeconds: new Histogram({
      name: `${PREFIX}webex_request_duration_seconds`,
      help: 'Duration of one request to the Webex participants API, by result',
      labelNames: ['result'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    tooManyRequests: new Counter({
      name: `${PREFIX}webex_429_total`,
      help: 'Answers 429 Too Many Requests from the Webex participants API',
      registers,
    }),
    retries: new Counter({
      name: `${PREFIX}webex_retries_total`,
      help: 'Requests to the Webex participants API that retried a lookup',
      registers,
    }),
    slackAckSeconds: new Histogram({
      name: `${PREFIX}slack_ack_seconds`,
      help: 'Time to acknowledge a Slack slash command (Slack gives up after 3 s)',
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 3],
      registers,
    }),
    repliesFailed: new Counter({
      name: `${PREFIX}replies_failed_total`,
      help: 'Replies the chat platform did not accept, after retries: the user got no answer',
      labelNames: ['platform'] as const,
      registers,
    }),
    accessReloadFailures: new Counter({
      name: `${PREFIX}access_reload_failures_total`,
      help: 'Access files read again while running and refused (not readable or not valid); the previous list stayed in force',
      registers,
    }),
    watchNotifications: new Counter({
      name: `${PREFIX}watch_notifications_total`,
      help: 'Messages of watches (alerts, and watches ending), by result: sent, or lost when the platform did not take them',
      labelNames: ['result'] as const,
      registers,
    }),
    watchPolls: new Counter({
      name: `${PREFIX}watch_polls_total`,
      help: 'Polls of watched participants sent to Webex, on the shared budget',
      registers,
    }),
  };
}

/** Watches in force, read at scrape time; a store that cannot answer (Redis away) keeps the last value. */
export function watchWatches(metrics: Metrics, store: { count(): Promise<number> }): void {
  new Gauge({
    name: `${PREFIX}watches_active`,
    help: 'Watches in force (all instances together when they share Redis)',
    registers: [metrics.registry],
    async collect() {
      const count = await store.count().catch(() => undefined);
      if (count !== undefined) this.set(count);
    },
  });
}

/** 1 while Redis is lost and watches go on from this instance's memory (README, "Watches"), else 0. */
export function watchWatchesRedisLost(metrics: Metrics, store: { redisLost(): boolean }): void {
  new Gauge({
    name: `${PREFIX}watches_redis_lost`,
    help: '1 while Redis is lost and watches go on from this instance\'s memory, to be written back when it returns',
    registers: [metrics.registry],
    collect() {
      this.set(store.redisLost() ? 1 : 0);
    },
  });
}

/**
 * The limiter's state, read at scrape time. One scrape reads every gauge at once, so they share
 * one `stats()` call (a Redis round trip when instances share the limit). If it fails the gauges
 * keep their last values: a broken Redis must not take /metrics down with it.
 */
export function watchLimiter(metrics: Metrics, limiter: { stats(): Promise<LimiterStats> }): void {
  let pending: Promise<LimiterStats | undefined> | undefined;
  const stats = () =>
    (pending ??= limiter
      .stats()
      .catch(() => undefined)
      .finally(() => {
        pending = undefined;
      }));
  const gauge = (name: string, help: string, read: (s: LimiterStats) => number) =>
    new Gauge({
      name: `${PREFIX}${name}`,
      help,
      registers: [metrics.registry],
      async collect() {
        const current = await stats();
        if (current !== undefined) this.set(read(current));
      },
    });
  gauge('lookup_queue_depth', 'Lookups waiting for their turn at Webex, a pause or a retry', (s) => s.queued);
  gauge('webex_requests_in_flight', 'Requests to the Webex participants API in flight', (s) => s.running);
  gauge('webex_paused', '1 while Webex asked to wait (429/423) and every lookup is held back', (s) =>
    s.pausedUntil > Date.now() ? 1 : 0,
  );
}

/** Days before the refresh token expires (README, "Tokens that renew themselves"); NaN until Webex has said. */
export function watchRefreshToken(metrics: Metrics, tokens: { refreshTokenDaysLeft(): number | undefined }): void {
  new Gauge({
    name: `${PREFIX}webex_refresh_token_days_left`,
    help: 'Days before the Webex refresh token expires, as Webex said at the last renewal',
    registers: [metrics.registry],
    collect() {
      this.set(tokens.refreshTokenDaysLeft() ?? Number.NaN);
    },
  });
}

export function watchInFlight(metrics: Metrics, inFlight: InFlight): void {
  new Gauge({
    name: `${PREFIX}work_in_flight`,
    help: 'Commands and replies being worked on; shutdown waits for them',
    registers: [metrics.registry],
    collect() {
      this.set(inFlight.size);
    },
  });
}

/** Counts each audited lookup by outcome: the audit record is the one place every lookup ends. */
export function countLookups(trail: AuditTrail, metrics: Metrics): AuditTrail {
  return {
    record(entry) {
      // A watch's own records are no lookups; its lookups are audited as `participant`.
      if (!WATCH_RECORDS.has(entry.command)) metrics.lookups.inc({ outcome: entry.outcome });
      return trail.record(entry);
    },
    close: () => trail.close(),
  };
}
