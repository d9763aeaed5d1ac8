import type { Express } from 'express';
import type { Logger } from 'pino';
import type { AccessList } from '../access/access-file.js';
import type { CoreServices } from '../services.js';
import { sandboxBanner } from './banner.js';
import { mountPlayground } from './playground.js';
import { RATE_LIMIT_WINDOW_MS, IDS, MOVE_EVERY_MS, SAMPLE_ACCESS, SAMPLE_MEETINGS, SAMPLE_NOW, SAMPLE_PARTICIPANTS } from './samples.js';
import { startMoving } from './mover.js';
import { createPlaygroundAlerts, type PlaygroundAlerts } from './playground-alerts.js';
import { startWebexEmulator } from './webex-api-emulator.js';

/** What the composition root needs from the sandbox (src/bot.ts). */
export interface Sandbox {
  apiBaseUrl: string;
  apiToken: string;
  access: AccessList;
  /** The moment the samples describe (SAMPLE_NOW): replies read "for 12 min" against it. */
  now: () => Date;
  mountPlayground(app: Express, core: CoreServices): void;
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
export async function startSandbox({ logger, moveEveryMs = MOVE_EVERY_MS }: { logger: Logger; moveEveryMs?: number }): Promise<Sandbox> {
  const emulator = await startWebexEmulator({ maxLoggedRequests: 1000 });
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
    apiToken: emulator.apiToken,
    access: SAMPLE_ACCESS,
    now: () => new Date(SAMPLE_NOW),
    mountPlayground: (app, core) => mountPlayground(app, core, alerts, logger),
    alerts,
    banner: (port) => sandboxBanner(port, emulator.baseUrl),
    close: async () => {
      stopMoving();
      await emulator.close();
    },
  };
}
