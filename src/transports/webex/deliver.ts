import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { WebexSendError } from './framework.js';

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts: number;
  /** The wait before the second attempt; it doubles after each failure. Retry-After wins when longer. */
  baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 4, baseDelayMs: 500 };

/** 4xx other than 429/423 will fail again the same way; everything else may pass next time. */
function isWorthRetrying(error: WebexSendError): boolean {
  const status = error.status;
  return status === undefined || status === 429 || status === 423 || status >= 500;
}

/**
 * The SDK does not retry a refused POST /messages, and the framework would drop it silently. An
 * answer is worth a few tries; each failure is logged, and the last one loudly, so that no reply is
 * lost without a trace.
 */
export async function deliver(
  send: () => Promise<void>,
  context: { logger: Logger; what: string; onLost?: () => void },
  retry: RetryOptions = DEFAULT_RETRY,
): Promise<boolean> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await send();
      return true;
    } catch (caught) {
      const error = caught instanceof WebexSendError ? caught : new WebexSendError(undefined, undefined, undefined);
      const details = { status: error.status, trackingId: error.trackingId, attempt, of: retry.attempts };
      if (attempt >= retry.attempts || !isWorthRetrying(error)) {
        context.logger.error(details, `Webex did not accept ${context.what}; the reply is lost`);
        context.onLost?.();
        return false;
      }
      context.logger.warn(details, `Webex did not accept ${context.what}; trying again`);
      const backoff = retry.baseDelayMs * 2 ** (attempt - 1);
      await sleep(Math.max(backoff, (error.retryAfterSeconds ?? 0) * 1000));
    }
  }
}
