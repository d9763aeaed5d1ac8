import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createRedisTokenStore } from '../redis/token-store.js';
import type { Clock } from './clock.js';
import { fixedToken, type LookupTokens } from './lookup-tokens.js';
import { startRenewingTokens } from './renewing-tokens.js';
import { createTokenEndpoint } from './token-endpoint.js';
import { createMemoryTokenStore } from './token-store.js';

/** Longest one renewal request may take: well inside the Redis lock's 30 s, so its holder writes in time. */
const RENEWAL_TIMEOUT_MS = 10_000;

/** Knobs tests turn: their own clock and jitter, their own Redis keys, a fetch they can watch. */
export interface TokenTuning {
  clock?: Clock;
  random?: () => number;
  keyPrefix?: string;
  fetch?: typeof fetch;
}

/**
 * The lookup tokens the configuration asks for: renewing ones with WEBEX_CLIENT_ID,
 * WEBEX_CLIENT_SECRET and WEBEX_REFRESH_TOKEN (shared through `redis` when given), else
 * WEBEX_API_TOKEN as it is. The bot and the operator's command line both start them here.
 */
export async function startLookupTokens(options: {
  webexApi: Config['webexApi'];
  redis?: Redis;
  logger: Logger;
  tuning?: TokenTuning;
}): Promise<LookupTokens> {
  const { webexApi, redis, logger } = options;
  const tuning = options.tuning ?? {};
  const renewal = webexApi.renewal;
  if (renewal === undefined) return fixedToken(webexApi.token ?? '');
  return startRenewingTokens({
    clientId: renewal.clientId,
    refreshToken: renewal.refreshToken,
    ...(webexApi.token !== undefined ? { accessToken: webexApi.token } : {}),
    renew: createTokenEndpoint({
      baseUrl: webexApi.baseUrl,
      clientId: renewal.clientId,
      clientSecret: renewal.clientSecret,
      timeoutMs: RENEWAL_TIMEOUT_MS,
      now: tuning.clock?.now ?? Date.now,
      ...(tuning.fetch !== undefined ? { fetch: tuning.fetch } : {}),
    }),
    store: redis
      ? createRedisTokenStore({
          redis,
          clientId: renewal.clientId,
          clientSecret: renewal.clientSecret,
          logger,
          ...(tuning.keyPrefix !== undefined ? { keyPrefix: tuning.keyPrefix } : {}),
        })
      : createMemoryTokenStore(),
    logger,
    ...(tuning.clock !== undefined ? { clock: tuning.clock } : {}),
    ...(tuning.random !== undefined ? { random: tuning.random } : {}),
  });
}
