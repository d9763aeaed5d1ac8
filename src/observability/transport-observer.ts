import type { InFlight } from './in-flight.js';
import type { Metrics } from './metrics.js';

/**
 * What the answer pipeline and the platforms report, kept this narrow so they need neither prom-client
 * nor the shutdown logic.
 */
export interface TransportObserver {
  /** Counts a command with its reply as in flight until both are done, so shutdown waits for them. */
  track<T>(work: () => Promise<T>): Promise<T>;
  /** The platform did not accept a reply, even after retries. */
  replyLost(platform: string): void;
  /** How long acknowledging a Slack slash command took. */
  slackAcked(seconds: number): void;
}

export function createTransportObserver(metrics: Metrics, inFlight: InFlight): TransportObserver {
  return {
    track: (work) => inFlight.track(work),
    replyLost: (platform) => metrics.repliesFailed.inc({ platform }),
    slackAcked: (seconds) => metrics.slackAckSeconds.observe(seconds),
  };
}
