import type Bottleneck from 'bottleneck';

/** The parts of Bottleneck 2.19.5 (lib/Bottleneck.js, `_run`) this touches; checked before use. */
interface Job {
  options: { id: string; expiration?: number | null };
  doRun(): void;
  doExecute(chained: unknown, clearGlobalState: () => boolean, run: () => unknown, free: () => unknown): Promise<unknown>;
}
interface Internals {
  _run(index: string, job: Job, wait: number): unknown;
  _clearGlobalState(index: string): boolean;
  _free(index: string, job: Job): unknown;
  _scheduled: Record<string, { timeout?: NodeJS.Timeout; expiration?: NodeJS.Timeout; job: Job }>;
  _limiter: unknown;
}

/**
 * Bottleneck starts every job on a `setTimeout(wait)`, also one whose turn is now (wait 0), and a
 * timer never fires in under 1 ms: the largest part of the shared limiter's overhead per lookup
 * after the Redis round trips (README, "Benchmarks"). This starts such a job at `setImmediate`,
 * right after the I/O that reserved its turn, and leaves every other job to Bottleneck. Bottleneck
 * itself replaces `_run` on the instance when it stops, so this override goes away then too.
 *
 * The job is started only if it is still Bottleneck's to start: `stop()` drops a scheduled job by
 * clearing its timer, which cannot clear an immediate, so the immediate checks it first (a dropped
 * job's `doExecute` would reject, with nobody to hear it).
 */
export function startDueJobsAtOnce(limiter: Bottleneck): void {
  const internals = limiter as unknown as Internals;
  const original = internals._run;
  if (typeof original !== 'function' || typeof internals._clearGlobalState !== 'function' || typeof internals._free !== 'function') return;
  internals._run = function (this: Internals, index, job, wait) {
    if (wait > 0 || job.options.expiration != null) return original.call(this, index, job, wait);
    job.doRun();
    const clearGlobalState = this._clearGlobalState.bind(this, index);
    const run = this._run.bind(this, index, job) as () => unknown;
    const free = this._free.bind(this, index, job) as () => unknown;
    const entry = { job };
    this._scheduled[index] = entry;
    setImmediate(() => {
      if (this._scheduled[index] !== entry || limiter.jobStatus(job.options.id) !== 'RUNNING') return;
      void job.doExecute(this._limiter, clearGlobalState, run, free);
    });
    return entry;
  };
}
