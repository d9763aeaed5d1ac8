import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { BotError } from '../errors.js';
import { redactFromNowOn } from '../logger.js';
import { systemClock, type Clock } from './clock.js';
import type { LookupTokens } from './lookup-tokens.js';
import type { RenewalResult, TokenPair } from './token-endpoint.js';
import type { TokenStore } from './token-store.js';

/**
 * The lookup token, renewed ahead of expiry and at once after a 401, one renewal at a time across
 * every instance that shares the store (README, "Tokens that renew themselves").
 */

/** A token whose lifetime the bot cannot know (WEBEX_API_TOKEN) counts as Webex's shortest: 12 hours. */
const UNKNOWN_LIFETIME_MS = 12 * 3_600_000;
/** Renew at a random moment between these fractions of the access token's lifetime. */
const RENEW_FROM = 0.8;
const RENEW_JITTER = 0.1;
/** After a renewal that failed (network, 5xx): 1 s, doubling, up to 5 minutes. */
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_MAX_MS = 5 * 60_000;
/** After every refresh token was refused: how often to look for one another instance stored. */
const REFUSED_RECHECK_MS = 10 * 60_000;
/** The timer never sleeps longer, so the expiry warning comes daily and no timer overflows. */
const MAX_SLEEP_MS = 24 * 3_600_000;
const DAY_MS = 24 * 3_600_000;
const EXPIRY_WARNING_DAYS = 14;
/** Waiting for another instance's renewal: how often to look, and for how many looks at most. */
const DEFAULT_LOCK_POLL_MS = 100;
const DEFAULT_LOCK_POLLS = 350;
/** Rounds of "the lock is taken, wait for it" before this round counts as failed. */
const LOCK_ROUNDS = 3;

export interface RenewingTokensOptions {
  /** WEBEX_CLIENT_ID: the identity the shared budget is keyed by. */
  clientId: string;
  /** WEBEX_API_TOKEN, used first when given. */
  accessToken?: string;
  /** WEBEX_REFRESH_TOKEN: tried after a stored one, which is newer. */
  refreshToken: string;
  /** One call to Webex's token endpoint (token-endpoint.ts). */
  renew: (refreshToken: string) => Promise<RenewalResult>;
  store: TokenStore;
  logger: Logger;
  clock?: Clock;
  /** In [0, 1): the jitter. */
  random?: () => number;
  lockPollMs?: number;
  lockPolls?: number;
}

/** The token in use, and when to renew it. `pair` is absent for WEBEX_API_TOKEN, which came with no refresh token. */
interface Held {
  accessToken: string;
  /** When it was issued (a pair) or taken up (WEBEX_API_TOKEN), by `clock`. */
  issuedAt: number;
  /** This instance's own moment to renew, jittered. */
  renewAt: number;
  pair?: TokenPair;
}

type Round = 'renewed' | 'adopted' | 'failed' | 'refused';

export async function startRenewingTokens(options: RenewingTokensOptions): Promise<LookupTokens> {
  const { store, logger } = options;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const lockPollMs = options.lockPollMs ?? DEFAULT_LOCK_POLL_MS;
  const lockPolls = options.lockPolls ?? DEFAULT_LOCK_POLLS;
  let held: Held | undefined;
  let running: Promise<Round> | undefined;
  let cancelTimer: (() => void) | undefined;
  /** Consecutive renewals that failed without Webex refusing: the backoff's exponent. */
  let failures = 0;
  /** Every refresh token the bot knows was refused: only a new one (from the store) can help. */
  let stuck = false;
  const refusedTokens = new Set<string>();
  /**
   * The token held was renewed because of a 401. If it is refused too, its age was not the problem
   * and renewing on every 401 would only hammer Webex: the schedule renews next.
   */
  let renewedOnRefusal = false;
  let lastExpiryWarningAt = -Infinity;
  let warnedStoreAway = false;
  let closed = false;
  /** Renewals Webex granted this instance. */
  let renewals = 0;
  /** A pair renewed here that the store did not take (it was away): written back once it returns. */
  let unsaved: TokenPair | undefined;
  let writingBack: Promise<void> | undefined;

  // Every token this instance obtains, renewed or read from the store, is scrubbed from its log from
  // now on: none is ever logged, and this guards a line that would (README, "Operations").
  const learn = <T extends TokenPair | undefined>(pair: T): T => {
    if (pair !== undefined) for (const token of [pair.accessToken, pair.refreshToken]) redactFromNowOn(logger, token);
    return pair;
  };
  for (const token of [options.accessToken, options.refreshToken]) if (token !== undefined) redactFromNowOn(logger, token);
  const read = async (): Promise<TokenPair | undefined> => learn(await store.read());
  const renewWithEndpoint = async (refreshToken: string): Promise<RenewalResult> => {
    const result = await options.renew(refreshToken);
    if (result.ok) learn(result.pair);
    return result;
  };

  const hold = (accessToken: string, issuedAt: number, lifetimeMs: number, pair?: TokenPair) => {
    held = {
      accessToken,
      issuedAt,
      renewAt: issuedAt + lifetimeMs * (RENEW_FROM + RENEW_JITTER * random()),
      ...(pair !== undefined ? { pair } : {}),
    };
  };
  const holdPair = (pair: TokenPair) => hold(pair.accessToken, pair.issuedAt, pair.accessExpiresAt - pair.issuedAt, pair);
  const dueAt = (pair: TokenPair) => pair.issuedAt + (pair.accessExpiresAt - pair.issuedAt) * RENEW_FROM;

  /** Another instance's pair, if it replaces `replacing` and is no older than the one held (whose refresh token may be the newest). */
  const adoptable = (stored: TokenPair | undefined, replacing: string | undefined): stored is TokenPair =>
    stored !== undefined &&
    stored.accessToken !== replacing &&
    clock.now() < dueAt(stored) &&
    (held?.pair === undefined || stored.issuedAt >= held.pair.issuedAt);

  const storeAway = (error: unknown) => {
    if (!warnedStoreAway) {
      logger.warn({ err: error }, 'Redis unavailable for the Webex tokens: this instance renews on its own and stores them once Redis is back');
    }
    warnedStoreAway = true;
  };

  /** Newest first: a pair renewed here or stored by another instance, then WEBEX_REFRESH_TOKEN. */
  const candidates = (stored: TokenPair | undefined): Array<{ refreshToken: string; from: string }> => {
    const pairs = [stored, held?.pair].filter((pair): pair is TokenPair => pair !== undefined).sort((a, b) => b.issuedAt - a.issuedAt);
    const all = [...pairs.map((pair) => ({ refreshToken: pair.refreshToken, from: 'stored' })), { refreshToken: options.refreshToken, from: 'WEBEX_REFRESH_TOKEN' }];
    return all.filter((c, index) => !refusedTokens.has(c.refreshToken) && all.findIndex((o) => o.refreshToken === c.refreshToken) === index);
  };

  /** Tries each refresh token in turn; stores the new pair (under `lock`) before anything else. */
  const renewWith = async (stored: TokenPair | undefined, write: ((pair: TokenPair) => Promise<boolean>) | undefined): Promise<Round> => {
    const tries = candidates(stored);
    if (tries.length === 0) return 'refused';
    const refusals: string[] = [];
    for (const { refreshToken, from } of tries) {
      const result = await renewWithEndpoint(refreshToken);
      if (result.ok) {
        const saved = write === undefined ? false : await write(result.pair).catch(() => false);
        holdPair(result.pair);
        unsaved = saved ? undefined : result.pair;
        renewals += 1;
        failures = 0;
        stuck = false;
        logger.info(
          {
            accessExpiresAt: new Date(result.pair.accessExpiresAt).toISOString(),
            ...(result.pair.refreshExpiresAt !== undefined ? { refreshExpiresAt: new Date(result.pair.refreshExpiresAt).toISOString() } : {}),
            stored: saved,
            refreshTokenFrom: from,
          },
          'Renewed the Webex lookup token',
        );
        return 'renewed';
      }
      const where = { ...(result.status !== undefined ? { status: result.status } : {}), ...(result.trackingId !== undefined ? { trackingId: result.trackingId } : {}) };
      if (!result.refused) {
        failures += 1;
        logger.warn(
          { err: new BotError('token_renewal_unavailable', `Could not renew the Webex lookup token: ${result.detail}`), ...where, failures },
          'Renewing the Webex lookup token failed; trying again with backoff',
        );
        return 'failed';
      }
      refusedTokens.add(refreshToken);
      refusals.push(`${from} (${result.detail}${result.trackingId !== undefined ? `, trackingId ${result.trackingId}` : ''})`);
      logger.warn({ refreshTokenFrom: from, ...where }, 'Webex refused a refresh token; trying the next one the bot has');
    }
    logger.error(
      { err: new BotError('token_renewal_refused', `Webex refused every refresh token the bot has: ${refusals.join('; ')}`) },
      'The Webex lookup token cannot be renewed: lookups fail once it expires, until an operator acts',
    );
    return 'refused';
  };

  /**
   * The store is back: the pair renewed while it was away is stored at once rather than at the next
   * renewal, days off, because with refresh tokens that rotate the one still stored no longer works
   * for the other instances. Under the lock, and never over a newer pair another instance stored
   * meanwhile. Should the store go again, its next return tries again.
   */
  const writeBack = async (): Promise<void> => {
    const pair = unsaved;
    for (let poll = 0; pair !== undefined && poll < lockPolls && !closed; poll += 1) {
      const lock = await store.lock();
      if (lock === undefined) {
        await sleep(lockPollMs);
        continue;
      }
      try {
        const stored = await read();
        if (stored !== undefined && stored.issuedAt >= pair.issuedAt) {
          // Taken at once, as a pair another instance renewed always is: its refresh token may be the only live one.
          const taken = adoptable(stored, held?.accessToken);
          if (taken) {
            holdPair(stored);
            schedule();
          }
          logger.info(
            { taken },
            'Redis is back and holds Webex tokens newer than those this instance renewed while it was away: left as they are, and used from now on',
          );
        } else if (await store.write(pair, lock)) {
          logger.info({ accessExpiresAt: new Date(pair.accessExpiresAt).toISOString() }, 'Redis is back: stored the Webex tokens this instance renewed while it was away');
        } else {
          return;
        }
      } finally {
        await lock.release().catch(() => undefined);
      }
      if (unsaved === pair) unsaved = undefined;
      warnedStoreAway = false;
      return;
    }
  };
  const stopWritingBack = store.onReturn(() => {
    writingBack ??= writeBack()
      .catch((error: unknown) => storeAway(error))
      .finally(() => {
        writingBack = undefined;
      });
  });

  /** Waits for the lock's holder: true once its pair is here (and held), false when the lock went without one. */
  const awaitOther = async (replacing: string | undefined): Promise<boolean> => {
    for (let poll = 0; poll < lockPolls && !closed; poll += 1) {
      await sleep(lockPollMs);
      const stored = await read();
      if (adoptable(stored, replacing)) {
        holdPair(stored);
        return true;
      }
      if (!(await store.locked())) return false;
    }
    return false;
  };

  /** One renewal round: under the lock, unless the store is away; another instance's fresh pair is taken instead. */
  const renewRound = async (replacing: string | undefined): Promise<Round> => {
    for (let round = 0; round < LOCK_ROUNDS; round += 1) {
      if (closed) return 'failed';
      let lock;
      try {
        lock = await store.lock();
      } catch (error) {
        storeAway(error);
        return renewWith(undefined, undefined);
      }
      if (lock === undefined) {
        try {
          if (await awaitOther(replacing)) return 'adopted';
        } catch (error) {
          storeAway(error);
          return renewWith(undefined, undefined);
        }
        continue;
      }
      let stored: TokenPair | undefined;
      try {
        stored = await read();
      } catch (error) {
        await lock.release().catch(() => undefined);
        storeAway(error);
        return renewWith(undefined, undefined);
      }
      warnedStoreAway = false;
      try {
        if (adoptable(stored, replacing)) {
          holdPair(stored);
          return 'adopted';
        }
        const taken = lock;
        // Written before the lock goes: an instance that dies after this loses no refresh token.
        return await renewWith(stored, (pair) => store.write(pair, taken));
      } finally {
        await lock.release().catch(() => undefined);
      }
    }
    failures += 1;
    logger.warn({ failures }, 'Another instance held the Webex token lock too long without renewing; trying again with backoff');
    return 'failed';
  };

  /** One renewal at a time in this instance: callers that come while one runs share its outcome. */
  const renew = (replacing: string | undefined): Promise<Round> =>
    (running ??= renewRound(replacing)
      .then((round) => {
        stuck = round === 'refused';
        if (round === 'adopted') failures = 0;
        return round;
      })
      .finally(() => {
        running = undefined;
      }));

  const warnIfRefreshExpiring = () => {
    const expiresAt = held?.pair?.refreshExpiresAt;
    const now = clock.now();
    if (expiresAt === undefined || expiresAt - now > EXPIRY_WARNING_DAYS * DAY_MS || now - lastExpiryWarningAt < DAY_MS) return;
    lastExpiryWarningAt = now;
    const daysLeft = Math.max(0, Math.floor((expiresAt - now) / DAY_MS));
    logger.warn(
      { err: new BotError('refresh_token_expiring', `The Webex refresh token expires in ${daysLeft} days`), daysLeft },
      'The Webex refresh token expires soon',
    );
  };

  const schedule = () => {
    cancelTimer?.();
    if (closed) return;
    const now = clock.now();
    const at = stuck
      ? now + REFUSED_RECHECK_MS
      : failures > 0
        ? now + Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (failures - 1)) * (0.5 + random() / 2)
        : (held?.renewAt ?? now);
    cancelTimer = clock.after(Math.min(MAX_SLEEP_MS, Math.max(0, at - now)), () => void tick());
  };

  const tick = async () => {
    warnIfRefreshExpiring();
    if (stuck || failures > 0 || held === undefined || clock.now() >= held.renewAt) {
      if ((await renew(held?.accessToken)) !== 'failed') renewedOnRefusal = false;
    }
    warnIfRefreshExpiring();
    schedule();
  };

  // Start: a pair stored by an earlier renewal while it is valid, else WEBEX_API_TOKEN, else a renewal.
  await store.ready();
  let stored: TokenPair | undefined;
  try {
    stored = await read();
  } catch (error) {
    storeAway(error);
  }
  if (stored !== undefined && stored.accessExpiresAt > clock.now()) holdPair(stored);
  else if (options.accessToken !== undefined) hold(options.accessToken, clock.now(), UNKNOWN_LIFETIME_MS);
  else await renew(undefined);
  warnIfRefreshExpiring();
  schedule();

  return {
    identity: options.clientId,
    current: () => held?.accessToken,
    async refused(used) {
      if (held?.accessToken !== used) return held !== undefined;
      if (running !== undefined) {
        await running;
        return held !== undefined && held.accessToken !== used;
      }
      // Renewals failing, or refused, keep to their own schedule; so does a token renewed for a 401 and refused again.
      if (stuck || failures > 0 || renewedOnRefusal) return false;
      const round = await renew(used);
      renewedOnRefusal = round === 'renewed';
      schedule();
      return held !== undefined && held.accessToken !== used;
    },
    refreshTokenDaysLeft: () => {
      const expiresAt = held?.pair?.refreshExpiresAt;
      return expiresAt === undefined ? undefined : (expiresAt - clock.now()) / DAY_MS;
    },
    renewalState: () => ({ ...(held !== undefined ? { ageMs: clock.now() - held.issuedAt } : {}), renewals }),
    async close() {
      closed = true;
      cancelTimer?.();
      stopWritingBack();
      await running;
      await writingBack;
    },
  };
}
