import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { loadAccessFile, type AccessList } from './access/access-file.js';
import { AccessPolicy } from './access/policy.js';
import { openAuditTrail } from './audit/audit-trail.js';
import { createCommandHandler, type CommandHandler } from './commands/handle-command.js';
import { createCoalescingSource } from './participants/coalescing-source.js';
import { createEndedMeetingCache } from './participants/ended-meeting-cache.js';
import { createMeetingSource } from './participants/meeting-source.js';
import { createLocalLimiter, minTimeFor } from './participants/limiter.js';
import type { MeetingSource } from './participants/meetings.js';
import type { AdaptivePaceSettings } from './participants/adaptive-pace.js';
import { createRateLimitedSource, type RateLimitedSource } from './participants/rate-limited-source.js';
import { createWebexParticipantsClient } from './participants/webex-client.js';
import { createWebexMeetingsClient } from './participants/webex-meetings-client.js';
import { InFlight } from './observability/in-flight.js';
import { instrumentMeetingsClient, instrumentSource } from './observability/instrumented-source.js';
import { countLookups, createMetrics, watchInFlight, watchLimiter, watchRefreshToken, watchWatches, watchWatchesRedisLost, type Metrics } from './observability/metrics.js';
import { createRedisPauseGate } from './redis/pause-gate.js';
import { createSharedLimiter } from './redis/shared-limiter.js';
import { fixedToken, type LookupTokens } from './tokens/lookup-tokens.js';
import { createRenewingCalls, createRenewingSource } from './tokens/renewing-source.js';
import { systemClock, type Clock } from './tokens/clock.js';
import type { AuditTrail } from './audit/audit-trail.js';
import type { Participant } from './participants/schema.js';
import type { Notifier } from './watches/notifier.js';
import { createPoller } from './watches/poller.js';
import { MemoryWatchStore, type WatchStore } from './watches/store.js';
import { ResilientWatchStore } from './watches/resilient-store.js';
import { createWatcher } from './watches/watcher.js';

/** Longest one attempt at Webex may take before it counts as a timeout (and is retried). */
const LOOKUP_TIMEOUT_MS = 10_000;
/** Upstream attempts in flight at once: for this instance, or for all of them while they share Redis. */
const MAX_CONCURRENT = 5;

/**
 * Knobs the bot leaves at their defaults; tests and benchmarks shrink them so that a "minute" or a
 * "Retry-After second" passes in milliseconds. Every one is optional:
 *
 * - `timeUnitMs`: how long one Retry-After second (and one second of `maxWaitSeconds`) lasts: 1000.
 * - `lookupTimeoutMs`: one attempt at Webex, body included, before it counts as a timeout: 10,000.
 * - `retryBaseDelayMs`: the first retry's backoff bound after a 5xx, timeout or reset (doubles each retry): 500.
 * - `maxWaitSeconds`: the longest a lookup waits in all, in time units, before "busy": 60.
 * - `maxQueued`: lookups waiting in the fair queue; one more is answered "busy": 100.
 * - `maxConcurrent`: upstream attempts in flight at once (for all instances while shared): 5.
 * - `adaptive`: the adaptive pace's settings, or `false` to keep the configured pace.
 * - `redisRejoinDelayMs`: after the shared limiter failed, the wait before joining again: 1000.
 * - `fetch`: the HTTP client for Webex lookups: Node's fetch (tests wrap it to see each call leave).
 */
export interface CoreTuning {
  timeUnitMs?: number;
  lookupTimeoutMs?: number;
  retryBaseDelayMs?: number;
  maxWaitSeconds?: number;
  maxQueued?: number;
  maxConcurrent?: number;
  adaptive?: AdaptivePaceSettings | false;
  redisRejoinDelayMs?: number;
  fetch?: typeof fetch;
}

/**
 * Bottleneck's limiter id for a Webex identity (`LookupTokens.identity`: the token itself, or the
 * OAuth client id when the token renews): the same for every instance spending that budget, also
 * across renewals, and naming it without revealing it (README, "Limits at scale"). The shared
 * pause lives at `<id>:pause`.
 */
export function limiterIdFor(identity: string): string {
  return `participant-bot-webex-${createHash('sha256').update(identity).digest('hex').slice(0, 12)}`;
}

export interface CoreOptions {
  logger: Logger;
  /** `token`: a fixed one, or tokens that renew themselves (the caller starts and closes them). */
  webexApi: { baseUrl: string; token: string | LookupTokens; ratePerMinute: number };
  /** The access file's path, or its content already read (the sandbox brings its own). */
  access: string | AccessList;
  /** AUDIT_FILE: each lookup's audit record is also appended there. */
  auditFile?: string;
  /** REDIS_URL's client: instances on the same Webex token then share one budget and one pause. */
  redis?: Redis;
  /** Defaults for production; see CoreTuning. */
  tuning?: CoreTuning;
  /** What "now" is for replies ("for 12 min"): the system clock, or the sandbox's fixed moment. */
  now?: () => Date;
  /** Watches (README, "Watches"); without them the watch commands say they cannot be used here. */
  watches?: WatchOptions;
}

export interface WatchOptions {
  /** Where alerts go: the platform a watch was set on, as the composition root adds them. */
  notifier: Notifier;
  /** WATCH_POLL_SECONDS and WATCH_POLL_SHARE. */
  pollSeconds: number;
  pollShare: number;
  /** Time for expiry and polling; tests bring a manual one. */
  clock?: Clock;
  /** With Redis: where the watches' keys live (tests keep theirs apart). */
  keyPrefix?: string;
  /** A store of the caller's own (the benchmark fills one with watches); by default memory, or Redis with it. */
  store?: WatchStore;
}

/** The watches of the core: fed by Webex's push events or by the poller. */
export interface CoreWatches {
  /** A participant's record as a push event carries it: alerts for each change. */
  observe(participant: Participant): Promise<void>;
  /** Starts the rounds (expiry, and polls). */
  start(): void;
  /** Webex pushes changes to this bot (its webhooks are kept and active): only the safety net polls while it does. */
  setPushed(pushed: boolean): void;
  /** True while anyone watches (on any instance, when they share Redis). */
  watching(): Promise<boolean>;
  /** Resolves once the round in progress has finished. */
  settled(): Promise<void>;
  /** Stops the rounds; the one in progress finishes. */
  stop(): Promise<void>;
}

/** The lookups as the handler sees them: cached and coalesced above the paced, retrying source. */
export interface CoreParticipants extends Pick<RateLimitedSource, 'lookup' | 'stats' | 'queued'> {
  /** True while this instance paces through the limit shared in Redis; false when alone. */
  isShared(): boolean;
}

export interface CoreServices {
  handle: CommandHandler;
  access: AccessPolicy;
  participants: CoreParticipants;
  /** Meetings by number or link, rosters and queries by email: on the same budget as lookups. */
  meetings: MeetingSource;
  metrics: Metrics;
  /** Commands being handled (and, as the transports report them, their replies): shutdown drains it. */
  inFlight: InFlight;
  /** Present when the core was given WatchOptions. */
  watches: CoreWatches | undefined;
  /** Stops the watches' rounds, flushes and closes the audit file, and leaves the shared limiter. */
  close(): Promise<void>;
}

/**
 * The platform-neutral core, built the same way for the bot, the operator's command line and the
 * playground: there is one code path from a line of text to a reply.
 */
export async function createCoreServices(options: CoreOptions): Promise<CoreServices> {
  const list = typeof options.access === 'string' ? await loadAccessFile(options.access) : options.access;
  const access = new AccessPolicy(list);
  const metrics = createMetrics();
  const { ratePerMinute, token } = options.webexApi;
  const tokens = typeof token === 'string' ? fixedToken(token) : token;
  const tuning = options.tuning ?? {};
  const maxConcurrent = tuning.maxConcurrent ?? MAX_CONCURRENT;
  // Instances spending the same budget share it; the id names the token or client without revealing it.
  const budget = limiterIdFor(tokens.identity);
  const { redis } = options;
  const shared = redis
    ? createSharedLimiter({
        redis,
        id: budget,
        minTime: minTimeFor(ratePerMinute),
        maxConcurrent,
        logger: options.logger,
        ...(tuning.redisRejoinDelayMs !== undefined ? { rejoinDelayMs: tuning.redisRejoinDelayMs } : {}),
      })
    : undefined;
  const limiter = shared ?? createLocalLimiter({ minTime: minTimeFor(ratePerMinute), maxConcurrent });
  const http = {
    baseUrl: options.webexApi.baseUrl,
    // The current one, renewed or not, on every call.
    token: () => tokens.current(),
    timeoutMs: tuning.lookupTimeoutMs ?? LOOKUP_TIMEOUT_MS,
    ...definedOnly({ fetch: tuning.fetch }),
  };
  const gate = redis ? createRedisPauseGate(redis, `${budget}:pause`) : undefined;
  const limited = createRateLimitedSource({
    // Beneath the limiter, so each real request to Webex is measured, retries included.
    source: instrumentSource(createWebexParticipantsClient(http), metrics),
    ratePerMinute,
    limiter,
    maxConcurrent,
    ...(gate ? { gate } : {}),
    logger: options.logger,
    ...definedOnly({
      timeUnitMs: tuning.timeUnitMs,
      baseDelayMs: tuning.retryBaseDelayMs,
      maxWaitSeconds: tuning.maxWaitSeconds,
      maxQueued: tuning.maxQueued,
      adaptive: tuning.adaptive,
    }),
  });
  // Above the limiter: a repeated or simultaneous question costs no place in the queue, and the
  // one more try after a renewal waits for its turn.
  const participants: CoreParticipants = {
    lookup: createEndedMeetingCache({ source: createCoalescingSource(createRenewingSource(limited, tokens)) }).lookup,
    stats: limited.stats,
    queued: limited.queued,
    isShared: () => shared?.isShared() ?? false,
  };
  // Through the same limiter: one budget, one pause and one fair queue for every call to Webex.
  const meetings = createMeetingSource({
    client: instrumentMeetingsClient(createWebexMeetingsClient(http), metrics),
    limited: createRenewingCalls(limited, tokens),
  });
  watchLimiter(metrics, participants);
  if (typeof token !== 'string') watchRefreshToken(metrics, tokens);
  const audit = countLookups(await openAuditTrail({ logger: options.logger, file: options.auditFile }), metrics);
  const watching =
    options.watches !== undefined
      ? createWatches(options.watches, { access, participants, audit, metrics, logger: options.logger, ratePerMinute, ...(redis ? { redis } : {}) })
      : undefined;
  const handler = createCommandHandler({
    access,
    participants,
    meetings,
    logger: options.logger,
    audit,
    ...definedOnly({ now: options.now }),
    ...(watching !== undefined ? { watches: watching.commands } : {}),
  });
  const inFlight = new InFlight();
  watchInFlight(metrics, inFlight);
  const handle: CommandHandler = (requester, text) => inFlight.track(() => handler(requester, text));
  const close = async () => {
    await watching?.poller.stop();
    await audit.close();
    await limiter.close();
    gate?.close();
  };
  return { handle, access, participants, meetings, metrics, inFlight, watches: watching?.core, close };
}

/**
 * The watches (README, "Watches"): the store, what reacts to a participant's new record, and the
 * poller, which spends its share of the budget through the same lookups people make.
 */
function createWatches(
  options: WatchOptions,
  core: { access: AccessPolicy; participants: CoreParticipants; audit: AuditTrail; metrics: Metrics; logger: Logger; ratePerMinute: number; redis?: Redis },
) {
  const clock = options.clock ?? systemClock;
  // With REDIS_URL, watches survive a restart and every instance shares them, and they go on
  // through a Redis outage (README, "Watches").
  const inRedis =
    options.store === undefined && core.redis
      ? new ResilientWatchStore(core.redis, { prefix: options.keyPrefix, logger: core.logger, now: clock.now })
      : undefined;
  const store: WatchStore = options.store ?? inRedis ?? new MemoryWatchStore(clock.now);
  const { metrics } = core;
  watchWatches(metrics, store);
  if (inRedis) watchWatchesRedisLost(metrics, inRedis);
  const watcher = createWatcher({
    store,
    notifier: options.notifier,
    access: core.access,
    audit: core.audit,
    logger: core.logger,
    now: clock.now,
    counted: (result) => metrics.watchNotifications.inc({ result }),
  });
  const poller = createPoller({
    store,
    watcher,
    lookup: core.participants.lookup,
    // Every round, so from memory: stats() would ask Redis for the shared pace and pause too.
    idle: async () => core.participants.queued() === 0,
    ratePerMinute: core.ratePerMinute,
    pollSeconds: options.pollSeconds,
    pollShare: options.pollShare,
    clock,
    logger: core.logger,
    ...(inRedis ? { fullRate: () => inRedis.redisLost() } : {}),
    polled: () => metrics.watchPolls.inc(),
  });
  const watches: CoreWatches = {
    observe: (participant) => watcher.observe(participant),
    start: () => poller.start(),
    setPushed: (pushed) => poller.setPushed(pushed),
    watching: async () => (await store.count()) > 0,
    settled: () => poller.settled(),
    stop: () => poller.stop(),
  };
  return { core: watches, poller, commands: { store, canNotify: (platform: string) => options.notifier.canNotify(platform), now: clock.now } };
}

/** The entries whose value is given: optional options stay absent rather than `undefined`. */
function definedOnly<T extends Record<string, unknown>>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
