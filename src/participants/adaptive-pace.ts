import type { Logger } from 'pino';
import { minTimeFor, type Limiter } from './limiter.js';

export interface AdaptivePaceSettings {
  /** The rate is multiplied by this when a throttling episode begins. */
  decreaseFactor?: number;
  /** The rate never goes below this share of the configured one, so the bot never stalls for good. */
  floorFraction?: number;
  /** Seconds after a 429 for the pace to be back at the rate it had when the 429 came. */
  recoverySeconds?: number;
  /**
   * Seconds between two looks at a shared pace this instance did not lower itself (another
   * instance got the 429): it then climbs back too.
   */
  lookEverySeconds?: number;
  /** The clock, in ms: Date.now. */
  now?: () => number;
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

/** A climb back after a cut: rates per minute, times in ms. */
interface Episode {
  start: number;
  /** The rate just after the cut. */
  from: number;
  /** The rate when the 429 came: the climb is back there after `recoverySeconds`. */
  peak: number;
}

/**
 * The pace after Webex throttled (README, "Limits at scale"). Webex publishes no number for this
 * API, so a 429 halves the pace; then, unlike a step per N successes (which at half speed took
 * about a minute to undo one 429 caused by jitter), the pace climbs back with time, along CUBIC's
 * curve as the AWS SDKs' adaptive retry mode uses it: quickly at first, flattening out as it nears
 * the rate that drew the 429, back there after `recoverySeconds`, and probing beyond it, up to the
 * configured rate. A real limit below the configured rate is met again only once per climb.
 *
 * Clustered, the pace is shared: a cut reads the pace in force first, and a climb writes only a
 * faster pace than the one in force. When the pace in force is not the one this instance last
 * wrote or read, another instance changed it, and this one climbs from there.
 */
export function createAdaptivePace(options: AdaptivePaceOptions): AdaptivePace {
  const { limiter, ratePerMinute, logger } = options;
  const decreaseFactor = options.decreaseFactor ?? 0.5;
  const floor = ratePerMinute * (options.floorFraction ?? 1 / 16);
  const recoveryMs = (options.recoverySeconds ?? 8) * 1000;
  const lookEveryMs = (options.lookEverySeconds ?? 1) * 1000;
  const now = options.now ?? Date.now;
  const fastest = minTimeFor(ratePerMinute);
  const slowest = minTimeFor(floor);
  const bounded = (ms: number) => Math.min(slowest, Math.max(fastest, ms));

  let episode: Episode | undefined;
  /** The pace in force as this instance last wrote or read it, to tell another instance's change from its own. */
  let known: number | undefined;
  let nextLook = 0;
  let climbing = false;
  // One change at a time, in order, so that a climb cannot overwrite a cut read before it.
  let changing: Promise<void> = Promise.resolve();

  /** CUBIC: peak + (peak - from) * (t/K - 1)^3, from `from` at t = 0 to `peak` at t = K, then beyond (`bounded` caps it). */
  const rateAt = ({ start, from, peak }: Episode, at: number) => peak + (peak - from) * ((at - start) / recoveryMs - 1) ** 3;

  const change = (step: () => Promise<void>) => {
    changing = changing.then(step).catch((error: unknown) => logger?.warn({ err: error }, 'could not change the lookup pace'));
    return changing;
  };

  const cut = async () => {
    const current = await limiter.minTime();
    const peak = 60_000 / current;
    // At high rates minTime is a few ms and rounding alone could stall a cut: 1 ms slower at least.
    const ms = bounded(Math.max(current + 1, minTimeFor(Math.max(floor, peak * decreaseFactor))));
    if (ms !== current) await limiter.setMinTime(ms);
    known = ms;
    episode = { start: now(), from: 60_000 / ms, peak };
    logger?.warn(
      { ratePerMinute: Math.round(60_000 / ms), configured: ratePerMinute },
      'Webex throttled the participant lookups: pace lowered (429 from Webex)',
    );
  };

  const climb = async () => {
    const current = await limiter.minTime();
    const at = now();
    if (current <= fastest) {
      episode = undefined;
      nextLook = at + lookEveryMs;
      return;
    }
    // Another instance's cut, or its climb: climb on from the pace in force.
    if (episode === undefined || current !== known) {
      episode = { start: at, from: 60_000 / current, peak: ratePerMinute };
      known = current;
    }
    const ms = bounded(minTimeFor(rateAt(episode, at)));
    if (ms >= current) return;
    await limiter.setMinTime(ms);
    known = ms;
    if (ms === fastest) {
      episode = undefined;
      nextLook = at + lookEveryMs;
      logger?.info({ ratePerMinute: Math.round(60_000 / ms), configured: ratePerMinute }, 'Webex participant lookups: pace back at the configured rate');
    }
  };

  return {
    throttled() {
      void change(cut);
    },
    succeeded() {
      // At the configured rate nothing is read, but for a look now and then at a shared pace.
      if (climbing || (episode === undefined && now() < nextLook)) return;
      climbing = true;
      void change(climb).finally(() => {
        climbing = false;
      });
    },
  };
}
