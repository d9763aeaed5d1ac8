/**
 * The token every lookup sends, as the participants client and the core see it: fixed
 * (WEBEX_API_TOKEN alone, the sandbox) or renewed as it nears expiry
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
  close(): Promise<void>;
}

/** One token for as long as the bot runs: a 401 is the operator's to fix. */
export function fixedToken(token: string): LookupTokens {
  return {
    identity: token,
    current: () => token,
    refused: async () => false,
    refreshTokenDaysLeft: () => undefined,
    close: async () => undefined,
  };
}
