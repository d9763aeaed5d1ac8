import type { Logger } from 'pino';
import type { Clock } from '../tokens/clock.js';
import type { PushState } from './push-webhooks.js';

export interface PushCheckOptions {
  /** Checks the meetingParticipants webhooks and makes them right (keepParticipantWebhooks). */
  keep(): Promise<PushState>;
  /** True while anyone watches: only then are the webhooks checked this often. */
  watching(): Promise<boolean>;
  /** The watches rely on push (only the safety net polls), or poll every WATCH_POLL_SECONDS. */
  setPushed(pushed: boolean): void;
  /** WATCH_POLL_SECONDS: polling takes over from a webhook Webex disabled within about this long. */
  intervalMs: number;
  clock: Clock;
  logger: Logger;
}

export interface PushCheck {
  /** Checks now (start-up, and every WEBEX_WEBHOOK_CHECK_SECONDS); one check at a time. */
  check(): Promise<void>;
  /** Starts the checks every `intervalMs` while anyone watches. */
  start(): void;
  /** No further check starts; resolves once the one under way has finished. */
  stop(): Promise<void>;
}

/**
 * Decides whether watches rely on Webex's pushes (README, "Watches"). Webex disables a webhook after
 * repeated failed deliveries, and anyone with the token may delete it: each change it would have
 * pushed meanwhile is lost. So while anyone watches, the webhooks are checked every
 * WATCH_POLL_SECONDS, not only every WEBEX_WEBHOOK_CHECK_SECONDS; and push is relied on only after
 * a check finds them as they should be. A check that had to repair them turns polling on, whose
 * first polls catch up on what was missed, until a later check finds them still active.
 */
export function createPushCheck(options: PushCheckOptions): PushCheck {
  const { clock, logger } = options;
  let last: PushState | undefined;
  let checking: Promise<void> = Promise.resolve();
  let stopped = true;
  let cancel: (() => void) | undefined;
  let tick: Promise<void> = Promise.resolve();

  const once = async () => {
    const found = await options.keep();
    options.setPushed(found === 'intact');
    if (found === 'intact' && last !== 'intact') {
      logger.info('Watches: Webex pushes participants joining and leaving (org-wide meetingParticipants webhooks); a safety net still polls (README, "Watches")');
    }
    if (found === 'repaired' && last === 'intact') {
      logger.warn('Watches poll: a meetingParticipants webhook was missing or inactive (Webex disables one after failed deliveries); it is repaired, and watches poll until a check finds it still active');
    }
    last = found;
  };

  const check = () => {
    const run = checking.then(once);
    // A failed check must not stop the ones to come; its caller hears of the failure.
    checking = run.catch(() => undefined);
    return run;
  };

  const quickCheck = async () => {
    // After Webex refused (403) or could not be reached, the regular check tries again: polling is on meanwhile.
    if (last !== 'failed' && (await options.watching())) await check();
  };

  const schedule = () => {
    if (stopped) return;
    cancel = clock.after(options.intervalMs, () => {
      tick = quickCheck()
        // Redis away, say: the rounds of watches warn of that; the next check tries again.
        .catch((error: unknown) => logger.debug({ err: error }, 'Could not check the meetingParticipants webhooks; trying again at the next check'))
        .finally(schedule);
    });
  };

  return {
    check,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      cancel?.();
      await tick;
      await checking;
    },
  };
}
