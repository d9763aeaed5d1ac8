import type { CommandHandler } from '../../src/commands/handle-command.js';
import { createLogger } from '../../src/logger.js';
import type { Metrics } from '../../src/observability/metrics.js';
import { createCoreServices, type CoreParticipants } from '../../src/services.js';
import { seedExampleBody } from '../support/fixtures.js';
import { startWebexEmulator, type WebexEmulator } from '../support/webex-emulator.js';

/**
 * The core as services.ts composes it (createCoreServices: handler, cache, coalescing, limiter,
 * instrumented client, audit trail), against the Webex emulator over real HTTP, with the waits
 * shrunk: a Retry-After second lasts 10 ms and one attempt times out after 300 ms. Every log line
 * is kept, raw and parsed.
 */

export const PARTICIPANT_ID = seedExampleBody.id;
export const PHONE_NUMBER = seedExampleBody.devices[0].phoneNumber;
export const WEBHOOK_SECRET = 'webhook-secret-that-must-never-be-logged';
export const PEOPLE = {
  admin: 'ada.admin@example.com',
  officer: 'olga.officer@example.com',
  host: seedExampleBody.hostEmail.toLowerCase(),
  stranger: 'sam.stranger@example.com',
} as const;

export const ATTEMPT_TIMEOUT_MS = 300;

export interface World {
  emulator: WebexEmulator;
  handle: CommandHandler;
  /** `participant <id>` as the given person. */
  ask(email: string, text?: string): ReturnType<CommandHandler>;
  participants: CoreParticipants;
  metrics: Metrics;
  rawLogs: string[];
  logs(): Array<Record<string, unknown>>;
  /** The trackingId of the last request the emulator answered. */
  lastTrackingId(): string;
  close(): Promise<void>;
}

export interface WorldOptions {
  /** The token the bot sends; the emulator's own unless given (a revoked token, say). */
  token?: string;
  auditFile?: string;
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const emulator = await startWebexEmulator();
  emulator.addParticipant({ ...seedExampleBody });
  const token = options.token ?? emulator.apiToken;
  const rawLogs: string[] = [];
  const logger = createLogger('trace', { write: (line: string) => rawLogs.push(line) }, [token, WEBHOOK_SECRET]);
  const core = await createCoreServices({
    logger,
    webexApi: { baseUrl: emulator.baseUrl, token, ratePerMinute: 60_000 },
    access: { admins: [PEOPLE.admin], complianceOfficers: [PEOPLE.officer], slackUsers: {} },
    ...(options.auditFile !== undefined ? { auditFile: options.auditFile } : {}),
    tuning: { timeUnitMs: 10, lookupTimeoutMs: ATTEMPT_TIMEOUT_MS, retryBaseDelayMs: 5 },
  });
  const { handle, participants, metrics } = core;
  return {
    emulator,
    handle,
    ask: (email, text = `participant ${PARTICIPANT_ID}`) => handle({ platform: 'webex', email }, text),
    participants,
    metrics,
    rawLogs,
    logs: () => rawLogs.map((line) => JSON.parse(line) as Record<string, unknown>),
    lastTrackingId: () => {
      const last = emulator.requests.at(-1);
      if (last === undefined) throw new Error('the emulator has had no request');
      return last.trackingId;
    },
    close: async () => {
      await core.close();
      await emulator.close();
    },
  };
}

/** The value of one sample in Prometheus text, e.g. `participant_bot_lookups_total{outcome="found"}`. */
export async function sample(metrics: Metrics, series: string): Promise<number | undefined> {
  const text = await metrics.registry.metrics();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
