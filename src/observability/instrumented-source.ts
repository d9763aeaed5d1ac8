import type { LookupRequest, ParticipantSource } from '../participants/outcome.js';
import type { Metrics } from './metrics.js';

/**
 * Wraps the Webex client, beneath the limiter, so every real request to Webex is timed and
 * counted, retries included, without the client or the limiter knowing about metrics. The limiter
 * hands the same request object to every attempt of one lookup, so an object seen before is a retry.
 */
export function instrumentSource(source: ParticipantSource, metrics: Metrics): ParticipantSource {
  const attempted = new WeakSet<LookupRequest>();
  return {
    async lookup(request) {
      if (attempted.has(request)) metrics.retries.inc();
      attempted.add(request);
      const stopTimer = metrics.upstreamSeconds.startTimer();
      const outcome = await source.lookup(request);
      stopTimer({ result: outcome.ok ? 'ok' : outcome.failure.kind });
      if (!outcome.ok && outcome.failure.status === 429) metrics.tooManyRequests.inc();
      return outcome;
    },
  };
}
