import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import type { Requester } from '../src/commands/handle-command.js';
import { createRedisClient } from '../src/redis/connection.js';
import { createCoreServices, limiterIdFor, type CoreServices } from '../src/services.js';
import { startWebexEmulator, type RateLimit, type WebexEmulator } from '../test/support/webex-emulator.js';
import { percentile, timings, pct, mib } from './stats.js';

/** The Redis the benchmark shares between instances; its own database, keys removed afterwards. */
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/8';

const silent = pino({ level: 'silent' });

export const participantId = (index: number): string =>
  `${index.toString(16).padStart(32, '0')}_3c2e2338-e950-43bf-b588-573773ee43d1`;
export const hostOf = (index: number): string => `host${index}@example.com`;

/**
 * N instances of the bot's core (the real pipeline: Webex client, limiter, pause, coalescing and
 * cache, access rules, audit) in front of one Webex emulator, with or without a shared Redis.
 */
export interface Fleet {
  emulator: WebexEmulator;
  cores: CoreServices[];
  close(): Promise<void>;
}

export interface FleetOptions {
  instances: number;
  shared: boolean;
  /** WEBEX_RATE_LIMIT_PER_MINUTE as configured. */
  ratePerMinute: number;
  /** What the emulator enforces, if anything. */
  webexLimit?: RateLimit;
  participants: number;
}

export async function startFleet(options: FleetOptions): Promise<Fleet> {
  // A fresh token per fleet: the shared limiter's id derives from it, so runs never share keys.
  const emulator = await startWebexEmulator({ apiToken: `bench-${randomUUID()}`, ...(options.webexLimit ? { rateLimit: options.webexLimit } : {}) });
  for (let index = 0; index < options.participants; index += 1) {
    emulator.addParticipant({ id: participantId(index), meetingId: 'm1', hostEmail: hostOf(index), state: 'joined' });
  }
  const clients: Redis[] = [];
  const cores: CoreServices[] = [];
  for (let instance = 0; instance < options.instances; instance += 1) {
    const redis = options.shared ? createRedisClient(BENCH_REDIS_URL, silent) : undefined;
    if (redis) {
      clients.push(redis);
      if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
    }
    cores.push(
      await createCoreServices({
        logger: silent,
        webexApi: { baseUrl: emulator.baseUrl, token: emulator.apiToken, ratePerMinute: options.ratePerMinute },
        access: { admins: ['ada.admin@example.com'], complianceOfficers: [], slackUsers: {} },
        ...(redis ? { redis } : {}),
      }),
    );
  }
  // Let every shared limiter join before the burst, as a running fleet would have.
  if (options.shared) await new Promise((resolve) => setTimeout(resolve, 300));
  return {
    emulator,
    cores,
    async close() {
      await Promise.all(cores.map((core) => core.close()));
      const [cleaner] = clients;
      if (cleaner) {
        // This fleet's keys only: other runs (other benchmarks, tests) may share this Redis.
        const keys = await cleaner.keys(`*${limiterIdFor(emulator.apiToken)}*`);
        if (keys.length > 0) await cleaner.del(...keys);
      }
      for (const client of clients) client.disconnect();
      await emulator.close();
    },
  };
}

export interface BurstResult {
  answered: number;
  busy: number;
  other: number;
  latencies: number[];
  elapsedMs: number;
}

/** `count` commands at once, spread round-robin over the fleet's instances, each from its own host. */
export async function burst(fleet: Fleet, count: number, command = (index: number) => `participant ${participantId(index)}`, requester = (index: number): Requester => ({ platform: 'cli', email: hostOf(index) })): Promise<BurstResult> {
  const started = performance.now();
  const replies = await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const core = fleet.cores[index % fleet.cores.length];
      if (core === undefined) throw new Error('no instance');
      const at = performance.now();
      const reply = await core.handle(requester(index), command(index));
      return { reply, latency: performance.now() - at };
    }),
  );
  return {
    answered: replies.filter(({ reply }) => reply.kind === 'participant').length,
    busy: replies.filter(({ reply }) => reply.kind === 'error' && reply.error.code === 'busy').length,
    other: replies.filter(({ reply }) => reply.kind !== 'participant' && !(reply.kind === 'error' && reply.error.code === 'busy')).length,
    latencies: replies.map(({ latency }) => latency),
    elapsedMs: performance.now() - started,
  };
}

/** What reached Webex: accepted and throttled calls, and how much of the allowed rate was used. */
export function upstream(emulator: WebexEmulator, allowedPerMinute: number) {
  const calls = emulator.requests.filter((request) => request.path.includes('/meetingParticipants/'));
  const accepted = calls.filter((request) => request.status === 200);
  const throttled = calls.filter((request) => request.status === 429).length;
  const first = calls[0]?.at ?? 0;
  const last = accepted.at(-1)?.at ?? first;
  // Accepted calls per minute over the span they took, against the rate Webex allows.
  const utilization = accepted.length > 1 && last > first ? ((accepted.length - 1) * 60_000) / (last - first) / allowedPerMinute : Number.NaN;
  return { calls: calls.length, accepted: accepted.length, throttled, throttledShare: calls.length > 0 ? throttled / calls.length : 0, utilization };
}

export function describeBurst(result: BurstResult, count: number, fleet: Fleet, allowedPerMinute: number): string[] {
  const up = upstream(fleet.emulator, allowedPerMinute);
  return [
    `commands answered     ${result.answered}/${count}  (busy ${result.busy}, other ${result.other})  in ${(result.elapsedMs / 1000).toFixed(1)} s`,
    `upstream calls        ${up.calls}: accepted ${up.accepted}, throttled (429) ${up.throttled} = ${pct(up.throttledShare)}`,
    `utilization           ${pct(up.utilization)} of ${allowedPerMinute}/min allowed`,
    `time to answer        ${timings(result.latencies)}`,
    `RSS                   ${mib(process.memoryUsage().rss)}`,
  ];
}

export { percentile };
