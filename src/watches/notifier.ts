import type { Reply } from '../replies/reply.js';

/** A running chat platform as alerts need it: its name, and a private message to one of its users. */
export interface NotifyingPlatform {
  readonly name: string;
  notify(userId: string, reply: Reply): Promise<boolean>;
}

/**
 * Platform name -> the running platform: a watch's alerts go back to the platform it was set on
 * (README, "Watches"). The composition root adds each platform as it attaches it.
 */
export interface Notifier {
  add(platform: NotifyingPlatform): void;
  canNotify(platform: string): boolean;
  /** Resolves whether the message got through; false also for a platform this instance does not run. */
  notify(platform: string, userId: string, reply: Reply): Promise<boolean>;
}

export function createNotifier(): Notifier {
  const platforms = new Map<string, NotifyingPlatform>();
  return {
    add: (platform) => {
      platforms.set(platform.name, platform);
    },
    canNotify: (platform) => platforms.has(platform),
    notify: async (platform, userId, reply) => (await platforms.get(platform)?.notify(userId, reply)) ?? false,
  };
}
