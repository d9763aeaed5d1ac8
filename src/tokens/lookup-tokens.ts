/**
 * The token every lookup sends, as the participants client and the core see it: fixed
 * (WEBEX_API_TOKEN alone) or renewed as it nears expiry (with an OAuth client, as in the sandbox)
 * (README, "Tokens that renew themselves").
 */
export interface LookupTokens {
  /** Never changes while the bot runs, so the budget shared in Redis is keyed by (a hash of) it. */
  readonly identity: string;
  /** The access token to send now; undefined while the bot has none. */
  current(): string | undefined;
  /**
   * Webex answered 401 to a lookup sent with `used`. Renews unless that has happened since; true
   * when there is now another token worth one more try.
   */
  refused(used: string | undefined): Promise<boolean>;
  /** Days before the refresh token expires, when Webex said. */
  refreshTokenDaysLeft(): number | undefined;
  /** What the playground shows of the renewals: the age of the token in use (when known) and how many this instance made; never a token. */
  renewalState(): RenewalState;
  close(): Promise<void>;
}

export interface RenewalState {
  ageMs?: number;
  renewals: number;
}

/** One token for as long as the bot runs: a 401 is the operator's to fix. */
export function fixedToken(token: string): LookupTokens {
  return {
    identity: token,
    current: () => token,
    refused: async () => false,
    refreshTokenDaysLeft: () => undefined,
    // It came from outside: how old it is, nobody here knows.
    renewalState: () => ({ renewals: 0 }),
    close: async () => undefined,
  };
}
