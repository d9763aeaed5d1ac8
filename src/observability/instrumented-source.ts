import type { WebexMeetingsClient } from '../participants/webex-meetings-client.js';
import type { ParticipantSource } from '../participants/outcome.js';
import { failureOf, type AttemptOutcome } from '../participants/rate-limited-source.js';
import type { Metrics } from './metrics.js';

/**
 * Wraps the Webex clients, beneath the limiter, so every real request to Webex is timed and
 * counted, retries included, without the clients or the limiter knowing about metrics. The limiter
 * hands the same request object to every attempt of one call, so an object seen before is a retry.
 */
export function instrumentSource(source: ParticipantSource, metrics: Metrics): ParticipantSource {
  return { lookup: instrumentCall((request) => source.lookup(request), metrics) };
}

/** The same for the meeting calls: each roster page is its own request, and counted as one. */
export function instrumentMeetingsClient(client: WebexMeetingsClient, metrics: Metrics): WebexMeetingsClient {
  return {
    listMeetings: instrumentCall((request) => client.listMeetings(request), metrics),
    rosterPage: instrumentCall((request) => client.rosterPage(request), metrics),
    queryByEmail: instrumentCall((request) => client.queryByEmail(request), metrics),
  };
}

function instrumentCall<R extends object, T extends AttemptOutcome>(call: (request: R) => Promise<T>, metrics: Metrics): (request: R) => Promise<T> {
  const attempted = new WeakSet<R>();
  return async (request) => {
    if (attempted.has(request)) metrics.retries.inc();
    attempted.add(request);
    const stopTimer = metrics.upstreamSeconds.startTimer();
    const outcome = await call(request);
    const failure = failureOf(outcome);
    stopTimer({ result: failure?.kind ?? 'ok' });
    if (failure?.status === 429) metrics.tooManyRequests.inc();
    return outcome;
  };
}
