import type { LookupOutcome, ParticipantSource } from '../participants/outcome.js';
import type { LookupTokens } from './lookup-tokens.js';

/**
 * A lookup answered 401 renews the token at once and is tried once more with the new one
 * (README, "Upstream"). Above the limiter, so that the second try waits for its turn like any
 * retry. With no token at all it asks for one before spending a turn on Webex.
 */
export function createRenewingSource(source: ParticipantSource, tokens: LookupTokens): ParticipantSource {
  return {
    async lookup(request) {
      let used = tokens.current();
      if (used === undefined && !(await tokens.refused(undefined))) return noToken();
      used = tokens.current();
      const outcome = await source.lookup(request);
      if (outcome.ok || outcome.failure.kind !== 'unauthorized') return outcome;
      return (await tokens.refused(used)) ? source.lookup(request) : outcome;
    },
  };
}

function noToken(): LookupOutcome {
  return { ok: false, failure: { kind: 'unauthorized', detail: 'no Webex access token: it could not be renewed (see token_renewal_* in the log)' } };
}
