/**
 * "Webex told us to wait": one shared moment before which no lookup may call Webex. Every attempt
 * checks it first, so one 429 holds back every queued lookup, not only the one that got it. An
 * interface because instances sharing a Redis must share the pause too.
 */
export interface PauseGate {
  /** Epoch milliseconds until which calls must wait; in the past when there is no pause. */
  pausedUntil(): Promise<number>;
  /** Extends the pause to `epochMs`. Never shortens it: a later, shorter Retry-After does not undo a longer one. */
  pauseUntil(epochMs: number): Promise<void>;
}

/** The pause of a single instance. */
export function createMemoryPauseGate(): PauseGate {
  let until = 0;
  return {
    pausedUntil: async () => until,
    pauseUntil: async (epochMs) => {
      until = Math.max(until, epochMs);
    },
  };
}
