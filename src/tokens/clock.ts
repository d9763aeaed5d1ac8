/** Time as the renewal schedule sees it, so that tests can move it on instead of waiting. */
export interface Clock {
  now(): number;
  /** Runs `run` in `ms`; the returned function cancels it. Never keeps the process alive. */
  after(ms: number, run: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, run) {
    const timer = setTimeout(run, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};
