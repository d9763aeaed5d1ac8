import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { AccessPolicy } from '../../access/policy.js';
import type { Identity } from '../platform.js';

export interface SlackIdentityOptions {
  access: AccessPolicy;
  logger: Logger;
  /** How long a looked-up profile is trusted; a changed one shows after at most this long. */
  ttlMs?: number;
  /** Bounds the memory a workspace of many users can take. */
  maxEntries?: number;
  now?: () => number;
}

/** The part of the WebClient this needs, so that callers pass the listener's own client. */
export type UsersInfoClient = Pick<webApi.WebClient, 'users'>;

/** What users.info told of a user that the bot uses. */
interface Profile {
  email: string | undefined;
  /** Slack's `tz`, an IANA name such as `Europe/Berlin`. */
  timeZone: string | undefined;
}

/**
 * Who is asking, in Slack (README, "Who sees what"): the access file's `slackUsers` first, else the
 * profile email from `users.info`; and their time zone, the profile's `tz`, which `users.info`
 * gives with the same call (README, "Replies"). Profiles are cached; failures are not, nor a
 * profile without the email the bot needs, so a scope added by the operator takes effect on the
 * next command.
 */
export class SlackIdentity {
  private readonly access: AccessPolicy;
  private readonly logger: Logger;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly cache = new Map<string, { profile: Profile; expiresAt: number }>();
  /** Lookups under way: a burst of commands from one user makes one users.info call. */
  private readonly pending = new Map<string, Promise<Profile | undefined>>();

  constructor({ access, logger, ttlMs = 10 * 60_000, maxEntries = 5_000, now = Date.now }: SlackIdentityOptions) {
    this.access = access;
    this.logger = logger;
    this.ttlMs = ttlMs;
    this.maxEntries = maxEntries;
    this.now = now;
  }

  async identify(userId: string, client: UsersInfoClient): Promise<Identity> {
    const mapped = this.access.slackUserEmail(userId);
    const profile = await this.profileOf(userId, client, mapped !== undefined);
    return { email: mapped ?? profile?.email, timeZone: profile?.timeZone };
  }

  private async profileOf(userId: string, client: UsersInfoClient, mapped: boolean): Promise<Profile | undefined> {
    const cached = this.cache.get(userId);
    if (cached !== undefined && cached.expiresAt > this.now()) return cached.profile;
    this.cache.delete(userId);

    const underWay = this.pending.get(userId);
    if (underWay !== undefined) return underWay;
    const lookup = this.lookUp(userId, client, mapped).finally(() => this.pending.delete(userId));
    this.pending.set(userId, lookup);
    const profile = await lookup;
    if (profile !== undefined && (profile.email !== undefined || mapped)) this.remember(userId, profile);
    return profile;
  }

  private async lookUp(userId: string, client: UsersInfoClient, mapped: boolean): Promise<Profile | undefined> {
    try {
      const result = await client.users.info({ user: userId });
      const email = result.user?.profile?.email || undefined;
      const timeZone = result.user?.tz || undefined;
      // Without users:read.email, users.info succeeds but leaves the email out.
      if (email === undefined && !mapped) {
        this.logger.warn(
          { slackUser: userId },
          'Slack users.info gave no email for this user: add the bot scope users:read.email and reinstall the app, or map the user in the access file (slackUsers)',
        );
      }
      return { email, timeZone };
    } catch (error) {
      this.logFailure(userId, error);
      return undefined;
    }
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
  private remember(userId: string, profile: Profile): void {
    if (this.cache.size >= this.maxEntries) {
      const oldest = this.cache.keys().next();
      if (oldest.done !== true) this.cache.delete(oldest.value);
    }
    this.cache.set(userId, { profile, expiresAt: this.now() + this.ttlMs });
  }
}
