import type { Logger } from 'pino';
import { minTimeFor, type Limiter } from './limiter.js';

export interface AdaptivePaceSettings {
  /** The rate is multiplied by this after a throttling episode begins. */
  decreaseFactor?: number;
  /** The rate never goes below this share of the configured one, so the bot never stalls for good. */
  floorFraction?: number;
  /** Successful calls between two steps up. */
  increaseEvery?: number;
  /** One step up, as a share of the configured rate. */
  increaseFraction?: number;
}

export interface AdaptivePaceOptions extends AdaptivePaceSettings {
  limiter: Pick<Limiter, 'minTime' | 'setMinTime'>;
  /** The configured rate: the ceiling the pace climbs back to. */
  ratePerMinute: number;
  logger?: Logger;
}

export interface AdaptivePace {
  /** Webex said 429 and a new pause began: it allows less than the current pace. */
  throttled(): void;
  /** An upstream call got through. */
  succeeded(): void;
}

/**
 * AIMD on the limiter's `minTime`: Webex publishes no number for this API, so when it allows less
 * than configured the pace halves after the first 429 of an episode, then climbs back by small
 * steps while calls succeed. The pace is read back from the limiter before each change because,
 * clustered, it is shared: another instance may have changed it since.
 */
export function createAdaptivePace(options: AdaptivePaceOptions): AdaptivePace {
  const { limiter, ratePerMinute, logger } = options;
  const decreaseFactor = options.decreaseFactor ?? 0.5;
  const floor = ratePerMinute * (options.floorFraction ?? 1 / 16);
  const increaseEvery = options.increaseEvery ?? 10;
  const step = ratePerMinute * (options.increaseFraction ?? 0.05);
  let successes = 0;
  // One change at a time, in order, so a step up cannot overwrite a step down read before it.
  let changing: Promise<void> = Promise.resolve();

  const fastest = minTimeFor(ratePerMinute);
  const slowest = minTimeFor(floor);

  /** Moves the pace at least one ms of `minTime` in `direction` (+1 slower, -1 faster), within the bounds. */
  const change = (direction: 1 | -1, next: (rate: number) => number, reason: string) => {
    changing = changing
      .then(async () => {
        const currentMs = await limiter.minTime();
        // At high rates minTime is a few ms and rounding alone could stall a step: move by 1 ms at least.
        const proposed = Math.min(slowest, Math.max(fastest, minTimeFor(next(60_000 / currentMs))));
        const ms = proposed === currentMs ? Math.min(slowest, Math.max(fastest, currentMs + direction)) : proposed;
        if (ms === currentMs) return;
        await limiter.setMinTime(ms);
        const fields = { ratePerMinute: Math.round(60_000 / ms), configured: ratePerMinute };
        if (direction > 0) logger?.warn(fields, `Webex throttled the participant lookups: pace lowered (${reason})`);
        else logger?.info(fields, 'Webex participant lookups: pace raised');
      })
      .catch((error: unknown) => logger?.warn({ err: error }, 'could not change the lookup pace'));
  };

  return {
    throttled() {
      successes = 0;
      change(1, (rate) => rate * decreaseFactor, '429 from Webex');
    },
    succeeded() {
      successes += 1;
      if (successes < increaseEvery) return;
      successes = 0;
      change(-1, (rate) => rate + step, 'calls succeed');
    },
  };
}
