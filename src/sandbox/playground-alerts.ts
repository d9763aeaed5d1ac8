import type { Reply } from '../replies/reply.js';
import { renderMarkdown } from '../render/text.js';
import type { NotifyingPlatform } from '../watches/notifier.js';

/** The platform name of the playground: its watches' alerts come back to the page. */
export const PLAYGROUND = 'playground';

/** How many alerts the page is shown per sample person; older ones go. */
const KEPT = 20;

export interface PlaygroundAlerts extends NotifyingPlatform {
  /** The newest alerts to `email` (the sample person, who is the playground's user id), oldest first. */
  of(email: string): Array<{ at: string; markdown: string }>;
}

/**
 * The playground as a platform alerts can go to (README, "The sandbox and the playground"): a
 * sample person's alerts are kept for the page, which asks for them every few seconds.
 */
export function createPlaygroundAlerts(now: () => Date = () => new Date()): PlaygroundAlerts {
  const alerts = new Map<string, Array<{ at: string; markdown: string }>>();
  return {
    name: PLAYGROUND,
    async notify(userId: string, reply: Reply) {
      const mine = [...(alerts.get(userId) ?? []), { at: now().toISOString(), markdown: renderMarkdown(reply) }];
      alerts.set(userId, mine.slice(-KEPT));
      return true;
    },
    of: (email) => alerts.get(email) ?? [],
  };
}
