import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { readConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createCoreServices, type CoreServices } from '../../src/services.js';
import { startLookupTokens } from '../../src/tokens/from-config.js';
import type { LookupTokens } from '../../src/tokens/lookup-tokens.js';
import { seedExampleBody } from '../support/fixtures.js';
import { until } from '../redis/support.js';
import { ManualClock } from '../support/manual-clock.js';
import type { WebexEmulator } from '../support/webex-emulator.js';

/**
 * One instance of the core with tokens that renew themselves
 * (README, "Tokens that renew themselves"), configured as an operator would (readConfig), against
 * the Webex emulator, on a clock the test moves. Every log line is kept as written, secrets scrubbed as in production.
 */

export const CLIENT = { clientId: 'C-test-client', clientSecret: 'client-secret-of-the-test-app' } as const;
export const ADMIN = 'ada.admin@example.com';
export const PARTICIPANT_ID = seedExampleBody.id;
export const HOUR = 3_600_000;

export interface Instance {
  core: CoreServices;
  tokens: LookupTokens;
  /** The instance's own logger, for a test to plant a careless line in. */
  logger: Logger;
  rawLogs: string[];
  logs(): Array<Record<string, unknown>>;
  ask(participantId?: string): ReturnType<CoreServices['handle']>;
  close(): Promise<void>;
}

export interface InstanceOptions {
  emulator: WebexEmulator;
  clock: ManualClock;
  /** WEBEX_REFRESH_TOKEN. */
  refreshToken: string;
  /** WEBEX_API_TOKEN, when the operator gave one. */
  accessToken?: string;
  redis?: Redis;
  keyPrefix?: string;
  random?: () => number;
}

export async function startInstance(options: InstanceOptions): Promise<Instance> {
  const config = readConfig({
    SLACK_BOT_TOKEN: 'xoxb-unused',
    SLACK_APP_TOKEN: 'xapp-unused',
    WEBEX_API_BASE_URL: options.emulator.baseUrl,
    WEBEX_CLIENT_ID: CLIENT.clientId,
    WEBEX_CLIENT_SECRET: CLIENT.clientSecret,
    WEBEX_REFRESH_TOKEN: options.refreshToken,
    ...(options.accessToken !== undefined ? { WEBEX_API_TOKEN: options.accessToken } : {}),
  });
  const rawLogs: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => rawLogs.push(line) }, [CLIENT.clientSecret, options.refreshToken]);
  const tokens = await startLookupTokens({
    webexApi: config.webexApi,
    logger,
    ...(options.redis ? { redis: options.redis } : {}),
    tuning: {
      clock: options.clock,
      random: options.random ?? (() => 0.5),
      ...(options.keyPrefix !== undefined ? { keyPrefix: options.keyPrefix } : {}),
    },
  });
  const core = await createCoreServices({
    logger,
    webexApi: { ...config.webexApi, token: tokens },
    access: { admins: [ADMIN], complianceOfficers: [], slackUsers: {} },
    tuning: { timeUnitMs: 10, lookupTimeoutMs: 1000, retryBaseDelayMs: 5 },
  });
  return {
    core,
    tokens,
    logger,
    rawLogs,
    logs: () => rawLogs.map((line) => JSON.parse(line) as Record<string, unknown>),
    ask: (participantId = PARTICIPANT_ID) => core.handle({ platform: 'webex', email: ADMIN }, `participant ${participantId}`),
    close: async () => {
      await core.close();
      await tokens.close();
    },
  };
}

/** Waits until `count` instances have finished their rounds: each has its next renewal set. */
export const untilScheduled = (clock: ManualClock, count = 1): Promise<void> =>
  until(() => clock.pending() >= count, 'every instance has set its next renewal');

/** Renewals Webex granted. */
export const renewals = (emulator: WebexEmulator): number =>
  emulator.requests.filter((r) => r.path === '/v1/access_token' && r.status === 200).length;

/** Lookups Webex refused with 401. */
export const refusedLookups = (emulator: WebexEmulator): number =>
  emulator.requests.filter((r) => r.path.startsWith('/v1/meetingParticipants/') && r.status === 401).length;

/** The token the last lookup was sent with. */
export const lastBearer = (emulator: WebexEmulator): string | undefined =>
  emulator.requests.filter((r) => r.path.startsWith('/v1/meetingParticipants/')).at(-1)?.headers.authorization?.slice('Bearer '.length);

/** The refresh token each renewal was asked with, in order. */
export const renewedWith = (emulator: WebexEmulator): Array<string | null> =>
  emulator.requests.filter((r) => r.path === '/v1/access_token').map((r) => new URLSearchParams(r.rawBody ?? '').get('refresh_token'));

/** Log lines (as written) that hold any token Webex issued, or the client secret. */
export function linesWithSecrets(emulator: WebexEmulator, lines: string[]): string[] {
  const secrets = [...emulator.issued, CLIENT.clientSecret];
  return lines.filter((line) => secrets.some((secret) => line.includes(secret)));
}

export { ManualClock };
