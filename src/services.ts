import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { loadAccessFile, type AccessList } from './access/access-file.js';
import { AccessPolicy } from './access/policy.js';
import { openAuditTrail } from './audit/audit-trail.js';
import { createCommandHandler, type CommandHandler } from './commands/handle-command.js';
import { createCoalescingSource } from './participants/coalescing-source.js';
import { createEndedMeetingCache } from './participants/ended-meeting-cache.js';
import { createLocalLimiter, minTimeFor } from './participants/limiter.js';
import { createRateLimitedSource, type RateLimitedSource } from './participants/rate-limited-source.js';
import { createWebexParticipantsClient } from './participants/webex-client.js';
import { InFlight } from './observability/in-flight.js';
import { instrumentSource } from './observability/instrumented-source.js';
import { countLookups, createMetrics, watchInFlight, watchLimiter, type Metrics } from './observability/metrics.js';
import { createRedisPauseGate } from './redis/pause-gate.js';
import { createSharedLimiter } from './redis/shared-limiter.js';

/** Longest one attempt at Webex may take before it counts as a timeout (and is retried). */
const LOOKUP_TIMEOUT_MS = 10_000;
/** Upstream attempts in flight at once: for this instance, or for all of them while they share Redis. */
const MAX_CONCURRENT = 5;

export interface CoreOptions {
  logger: Logger;
  webexApi: { baseUrl: string; token: string; ratePerMinute: number };
  /** The access file's path, or its content already read (the sandbox brings its own). */
  access: string | AccessList;
  /** AUDIT_FILE: each lookup's audit record is also appended there. */
  auditFile?: string;
  /** REDIS_URL's client: instances on the same Webex token then share one budget and one pause. */
  redis?: Redis;
}

export interface CoreServices {
  handle: CommandHandler;
  access: AccessPolicy;
  participants: RateLimitedSource;
  metrics: Metrics;
  /** Commands being handled (and, as the transports report them, their replies): shutdown drains it. */
  inFlight: InFlight;
  /** Flushes and closes the audit file, and leaves the shared limiter. */
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
  // Instances spending the same token share a budget; the id names the token without revealing it.
  const budget = `participant-bot-webex-${createHash('sha256').update(token).digest('hex').slice(0, 12)}`;
  const { redis } = options;
  const limiter = redis
    ? createSharedLimiter({ redis, id: budget, minTime: minTimeFor(ratePerMinute), maxConcurrent: MAX_CONCURRENT, logger: options.logger })
    : createLocalLimiter({ minTime: minTimeFor(ratePerMinute), maxConcurrent: MAX_CONCURRENT });
  const limited = createRateLimitedSource({
    // Beneath the limiter, so each real request to Webex is measured, retries included.
    source: instrumentSource(
      createWebexParticipantsClient({
        baseUrl: options.webexApi.baseUrl,
        token: options.webexApi.token,
        timeoutMs: LOOKUP_TIMEOUT_MS,
      }),
      metrics,
    ),
    ratePerMinute,
    limiter,
    ...(redis ? { gate: createRedisPauseGate(redis, `${budget}:pause`) } : {}),
    logger: options.logger,
  });
  // Above the limiter: a repeated or simultaneous question costs no place in the queue.
  const participants: RateLimitedSource = {
    lookup: createEndedMeetingCache({ source: createCoalescingSource(limited) }).lookup,
    stats: limited.stats,
  };
  watchLimiter(metrics, participants);
  const audit = countLookups(await openAuditTrail({ logger: options.logger, file: options.auditFile }), metrics);
  const handler = createCommandHandler({ access, participants, logger: options.logger, audit });
  const inFlight = new InFlight();
  watchInFlight(metrics, inFlight);
  const handle: CommandHandler = (requester, text) => inFlight.track(() => handler(requester, text));
  const close = async () => {
    await audit.close();
    await limiter.close();
  };
  return { handle, access, participants, metrics, inFlight, close };
}
