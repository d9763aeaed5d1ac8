import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { AccessPolicy } from '../../access/policy.js';

export interface SlackIdentityOptions {
  access: AccessPolicy;
  logger: Logger;
  /** How long a looked-up email is trusted; a changed profile shows after at most this long. */
  ttlMs?: number;
  /** Bounds the memory a workspace of many users can take. */
  maxEntries?: number;
  now?: () => number;
}

/** The part of the WebClient this needs, so that callers pass the listener's own client. */
export type UsersInfoClient = Pick<webApi.WebClient, 'users'>;

/**
 * Who is asking, in Slack (README, "Who sees what"): the access file's `slackUsers` first, else the
 * profile email from `users.info`. Found emails are cached; failures are not, so a scope added by
 * the operator takes effect on the next command.
 */
export class SlackIdentity {
  private readonly access: AccessPolicy;
  private readonly logger: Logger;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly cache = new Map<string, { email: string; expiresAt: number }>();
  /** Lookups under way: a burst of commands from one user makes one users.info call. */
  private readonly pending = new Map<string, Promise<string | undefined>>();

  constructor({ access, logger, ttlMs = 10 * 60_000, maxEntries = 5_000, now = Date.now }: SlackIdentityOptions) {
    this.access = access;
    this.logger = logger;
    this.ttlMs = ttlMs;
    this.maxEntries = maxEntries;
    this.now = now;
  }

  async emailOf(userId: string, client: UsersInfoClient): Promise<string | undefined> {
    const mapped = this.access.slackUserEmail(userId);
    if (mapped !== undefined) return mapped;

    const cached = this.cache.get(userId);
    if (cached !== undefined && cached.expiresAt > this.now()) return cached.email;
    this.cache.delete(userId);

    const underWay = this.pending.get(userId);
    if (underWay !== undefined) return underWay;
    const lookup = this.lookUp(userId, client).finally(() => this.pending.delete(userId));
    this.pending.set(userId, lookup);
    const email = await lookup;
    if (email !== undefined) this.remember(userId, email);
    return email;
  }

  private async lookUp(userId: string, client: UsersInfoClient): Promise<string | undefined> {
    try {
      const result = await client.users.info({ user: userId });
      const email = result.user?.profile?.email;
      if (email !== undefined && email !== '') return email;
      // Without users:read.email, users.info succeeds but leaves the email out.
      this.logger.warn(
        { slackUser: userId },
        'Slack users.info gave no email for this user: add the bot scope users:read.email and reinstall the app, or map the user in the access file (slackUsers)',
      );
    } catch (error) {
      this.logFailure(userId, error);
    }
    return undefined;
  }

  private logFailure(userId: string, error: unknown): void {
    if (error instanceof webApi.WebAPIPlatformError && error.data.error === 'missing_scope') {
      // Slack names the missing scope in `needed`, which the SDK's result type leaves out.
      const { needed } = error.data as { needed?: unknown };
      const scope = typeof needed === 'string' ? needed : 'users:read';
      this.logger.error(
        { slackUser: userId, slackError: 'missing_scope', needed: scope },
        `Slack refused users.info for lack of the scope ${scope}: add the bot scopes users:read and users:read.email (see slack/manifest.json) and reinstall the app`,
      );
      return;
    }
    if (error instanceof webApi.WebAPIPlatformError) {
      this.logger.warn({ slackUser: userId, slackError: error.data.error }, 'Slack users.info refused this user');
      return;
    }
    this.logger.error({ slackUser: userId, err: error }, 'Slack users.info failed');
  }

  /** Map keeps insertion order, so the first key is the oldest entry. */
  private remember(userId: string, email: string): void {
    if (this.cache.size >= this.maxEntries) {
      const oldest = this.cache.keys().next();
      if (oldest.done !== true) this.cache.delete(oldest.value);
    }
    this.cache.set(userId, { email, expiresAt: this.now() + this.ttlMs });
  }
}
