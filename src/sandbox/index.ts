import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { AccessList } from '../access/access-file.js';
import type { TokenRenewalConfig } from '../config.js';
import type { CoreServices } from '../services.js';
import type { LookupTokens } from '../tokens/lookup-tokens.js';
import { sandboxBanner } from './banner.js';
import { mountPlayground } from './playground.js';
import { ACCESS_TOKEN_SECONDS, RATE_LIMIT_WINDOW_MS, IDS, MOVE_EVERY_MS, SAMPLE_ACCESS, SAMPLE_MEETINGS, SAMPLE_NOW, SAMPLE_PARTICIPANTS } from './samples.js';
import { startMoving } from './mover.js';
import { createPlaygroundAlerts, type PlaygroundAlerts } from './playground-alerts.js';
import { startWebexEmulator } from './webex-api-emulator.js';

/** What the composition root needs from the sandbox (src/bot.ts). */
export interface Sandbox {
  apiBaseUrl: string;
  /**
   * The emulator's OAuth client and a refresh token it issued: the sandbox bot renews its lookup
   * token with them, through the same code as with WEBEX_CLIENT_ID, WEBEX_CLIENT_SECRET and
   * WEBEX_REFRESH_TOKEN.
   */
  renewal: TokenRenewalConfig;
  access: AccessList;
  /** The moment the samples describe (SAMPLE_NOW): replies read "for 12 min" against it. */
  now: () => Date;
  mountPlayground(app: Express, core: CoreServices, tokens: LookupTokens): void;
  /** Where the playground's watches send their alerts, for the page to show. */
  alerts: PlaygroundAlerts;
  banner(port: number): string;
  close(): Promise<void>;
}

/**
 * Runs the bot with no credentials: an in-process Webex API emulator seeded with the samples, and
 * the sample access list. The bot reaches the emulator over real HTTP, so the sandbox exercises the
 * same client, limiter and schema checks as production.
 */
export async function startSandbox(options: {
  logger: Logger;
  moveEveryMs?: number;
  /** The clock the emulator's tokens expire by: a test's, to move a minute on without waiting one. */
  tokensNow?: () => number;
}): Promise<Sandbox> {
  const { logger, moveEveryMs = MOVE_EVERY_MS } = options;
  // A new client each run: nothing of an earlier run (a token in Redis, say) could be taken for this one's.
  const client = { clientId: `sandbox-${randomUUID()}`, clientSecret: randomUUID() };
  const emulator = await startWebexEmulator({
    maxLoggedRequests: 1000,
    // Short-lived, and each renewal replaces the refresh token: the strictest case, shown every minute.
    oauth: { ...client, accessTokenSeconds: ACCESS_TOKEN_SECONDS, rotateRefreshTokens: true },
    ...(options.tokensNow !== undefined ? { now: options.tokensNow } : {}),
  });
  for (const participant of SAMPLE_PARTICIPANTS) emulator.addParticipant(participant);
  for (const meeting of SAMPLE_MEETINGS) {
    emulator.addMeeting(meeting);
    // A roster's people can be looked up one by one too, as in Webex.
    for (const participant of meeting.participants) if (!SAMPLE_PARTICIPANTS.includes(participant)) emulator.addParticipant(participant);
  }
  // One lookup of this id per window; the next ones get 429 with the seconds left as Retry-After.
  emulator.setRateLimit({
    limit: 1,
    windowMs: RATE_LIMIT_WINDOW_MS,
    match: { method: 'GET', path: `/meetingParticipants/${IDS.rateLimited}` },
  });
  // One sample moves on its own, so that a watch set in the playground has something to tell.
  const mover = SAMPLE_PARTICIPANTS.find((p) => p.id === IDS.mover);
  const stopMoving = mover !== undefined ? startMoving(mover, moveEveryMs, (moved) => emulator.addParticipant(moved)) : () => undefined;
  const alerts = createPlaygroundAlerts();
  logger.debug({ apiBaseUrl: emulator.baseUrl }, 'Sandbox Webex API emulator started');
  return {
    apiBaseUrl: emulator.baseUrl,
    renewal: { ...client, refreshToken: emulator.issueRefreshToken() },
    access: SAMPLE_ACCESS,
    now: () => new Date(SAMPLE_NOW),
    mountPlayground: (app, core, tokens) => mountPlayground(app, core, tokens, alerts, logger),
    alerts,
    banner: (port) => sandboxBanner(port, emulator.baseUrl),
    close: async () => {
      stopMoving();
      await emulator.close();
    },
  };
}
