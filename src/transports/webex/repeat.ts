import type { Logger } from 'pino';

export interface Repeating {
  /** No further run starts; resolves once a run under way has finished. */
  stop(): Promise<void>;
}

/**
 * Runs `task` every `intervalMs`, counted from the end of the previous run so that two never
 * overlap. A failure is logged and the next run tries again: a check that fails now (Webex down for
 * a moment) must not stop the checks to come. The timer never keeps the process alive.
 */
export function repeatEvery(intervalMs: number, task: () => Promise<void>, onFailure: { logger: Logger; message: string }): Repeating {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = task().catch((error: unknown) => onFailure.logger.warn({ err: error }, onFailure.message));
      void running.then(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
