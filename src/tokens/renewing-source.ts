import type { LookupFailure, LookupOutcome, ParticipantSource } from '../participants/outcome.js';
import type { AttemptOutcome, RateLimitedSource } from '../participants/rate-limited-source.js';
import type { LookupTokens } from './lookup-tokens.js';

/**
 * A call answered 401 renews the token at once and is tried once more with the new one
 * (README, "Upstream"). Above the limiter, so that the second try waits for its turn like any
 * retry. With no token at all it asks for one before spending a turn on Webex.
 */
async function renewingOn401<T extends AttemptOutcome>(tokens: LookupTokens, run: () => Promise<T>): Promise<T | { ok: false; failure: LookupFailure }> {
  if (tokens.current() === undefined && !(await tokens.refused(undefined))) return noToken();
  const used = tokens.current();
  const outcome = await run();
  if (outcome.ok || outcome.failure.kind !== 'unauthorized') return outcome;
  return (await tokens.refused(used)) ? run() : outcome;
}

/** Lookups by participant id, renewing the token on a 401. */
export function createRenewingSource(source: ParticipantSource, tokens: LookupTokens): ParticipantSource {
  return { lookup: (request): Promise<LookupOutcome> => renewingOn401(tokens, () => source.lookup(request)) };
}

/** Any call through the limiter (the meeting calls, each roster page), renewing the token on a 401. */
export function createRenewingCalls(limited: Pick<RateLimitedSource, 'call'>, tokens: LookupTokens): Pick<RateLimitedSource, 'call'> {
  return { call: (key, attempt) => renewingOn401(tokens, () => limited.call(key, attempt)) };
}

function noToken(): { ok: false; failure: LookupFailure } {
  return { ok: false, failure: { kind: 'unauthorized', detail: 'no Webex access token: it could not be renewed (see token_renewal_* in the log)' } };
}
