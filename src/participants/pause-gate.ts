/**
 * "Webex told us to wait": one shared moment before which no lookup may call Webex. Every attempt
 * checks it first, so one 429 holds back every queued lookup, not only the one that got it. An
 * interface because instances sharing a Redis must share the pause too (src/redis/pause-gate.ts).
 */
export interface PauseGate {
  /** Epoch milliseconds until which calls must wait; in the past when there is no pause. */
  pausedUntil(): Promise<number>;
  /**
   * Extends the pause to `epochMs`. Never shortens it: a later, shorter Retry-After does not undo a
   * longer one. True when this began a pause (none was in effect): the first 429 of an episode,
   * which is the one that should slow the pace down, once, for every instance.
   */
  pauseUntil(epochMs: number): Promise<boolean>;
}

/** The pause of a single instance. */
export function createMemoryPauseGate(now: () => number = Date.now): PauseGate {
  let until = 0;
  return {
    pausedUntil: async () => until,
    pauseUntil: async (epochMs) => {
      const began = until <= now() && epochMs > now();
      until = Math.max(until, epochMs);
      return began;
    },
  };
}
