import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { BotError } from '../errors.js';

/**
 * What a platform said when it refused a message, without the request itself (it holds the
 * token). Platforms throw it, or a subclass, from the sends they hand to `deliver`.
 */
export class SendError extends BotError {
  override readonly name: string = 'SendError';
  constructor(
    /** The HTTP status, when the platform answered at all. */
    readonly status: number | undefined,
    readonly trackingId: string | undefined,
    readonly retryAfterSeconds: number | undefined,
    /** Another try may pass: no answer, 429/423, 5xx. Other refusals would fail the same way again. */
    readonly retryable: boolean = status === undefined || status === 429 || status === 423 || status >= 500,
    /** What the platform's client threw, for the log. */
    options?: ErrorOptions,
  ) {
    super('send_failed', status === undefined ? 'The platform could not be reached' : `The platform answered ${status}`, options);
  }
}

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts: number;
  /** The wait before the second attempt; it doubles after each failure. Retry-After wins when longer. */
  baseDelayMs: number;
  /** A reply held longer than this is no longer an answer: a longer Retry-After gives up at once. */
  maxWaitMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 4, baseDelayMs: 500, maxWaitMs: 30_000 };

/**
 * How long to wait before attempt `attempt + 1` after `attempt` failed with `error` (undefined: a
 * fault of ours, not the platform's), or undefined when there is no point: the refusal would come
 * again, the attempts are spent, or the platform asks for a longer wait than is worth it.
 */
export function retryWaitMs(error: SendError | undefined, attempt: number, retry: RetryOptions): number | undefined {
  const waitMs = Math.max(retry.baseDelayMs * 2 ** (attempt - 1), (error?.retryAfterSeconds ?? 0) * 1000);
  if (error === undefined || !error.retryable || attempt >= retry.attempts || waitMs > retry.maxWaitMs) return undefined;
  return waitMs;
}

/**
 * Sends one message: `what` names it in the log ("the reply", "the notice in the space"). Resolves
 * true once it got through, false when it is lost; never throws.
 */
export type Deliver = (what: string, send: () => Promise<unknown>) => Promise<boolean>;

export interface DeliverOptions {
  logger: Logger;
  retry?: RetryOptions;
  /** Counted as a lost reply (GET /metrics) when a message cannot get through. */
  onLost: () => void;
}

/**
 * The pipeline's one way of sending: a few tries with backoff, each failure logged, the last one
 * loudly and counted, so that no answer is lost without a trace.
 */
export function createDeliver({ logger, retry = DEFAULT_RETRY, onLost }: DeliverOptions): Deliver {
  return async (what, send) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await send();
        return true;
      } catch (caught) {
        // Anything but a SendError is a fault of ours, which another try would not mend.
        const error = caught instanceof SendError ? caught : undefined;
        const details = { err: caught, status: error?.status, trackingId: error?.trackingId, attempt, of: retry.attempts };
        const waitMs = retryWaitMs(error, attempt, retry);
        if (waitMs === undefined) {
          logger.error(details, `The platform did not accept ${what}; the reply is lost`);
          onLost();
          return false;
        }
        logger.warn(details, `The platform did not accept ${what}; trying again`);
        await sleep(waitMs);
      }
    }
  };
}
