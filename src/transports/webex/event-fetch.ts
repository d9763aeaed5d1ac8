import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { retryWaitMs, type RetryOptions, type SendError } from '../delivery.js';

export interface EventFetchOptions {
  logger: Logger;
  retry: RetryOptions;
  /** What Webex said, from what the SDK threw. */
  classify: (error: unknown) => SendError;
}

/**
 * A webhook or websocket event names its message (or click) by id, and the framework fetches it
 * with the SDK (`GET /messages/{id}`, `GET /attachment/actions/{id}`); when that fails it drops the
 * event without a word (webex-node-bot-framework 2.3.14, lib/process-event.js: `.catch(() =>
 * when(true))`), and Webex does not deliver it again. This wraps such a fetch: a 5xx, 429 or no
 * answer is tried again as a reply would be (README, "Replies": each command gets exactly one
 * answer), each failure is logged, and the last one loudly before the framework drops it.
 */
export function fetchAgainOnFailure<A extends unknown[], T>(fetch: (...args: A) => Promise<T>, options: EventFetchOptions): (...args: A) => Promise<T> {
  const { logger, retry, classify } = options;
  return async (...args) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await fetch(...args);
      } catch (caught) {
        const error = classify(caught);
        const details = { err: error, status: error.status, trackingId: error.trackingId, attempt, of: retry.attempts };
        const waitMs = retryWaitMs(error, attempt, retry);
        if (waitMs === undefined) {
          logger.error(details, 'Webex did not hand over an event; it is lost');
          throw caught;
        }
        logger.warn(details, 'Webex did not hand over an event; trying again');
        await sleep(waitMs);
      }
    }
  };
}
