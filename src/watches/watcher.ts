import type { Logger } from 'pino';
import type { AuditRecord, AuditTrail } from '../audit/audit-trail.js';
import type { Participant } from '../participants/schema.js';
import { WATCH_ACCESS_LOST, watchExpiredText } from '../replies/messages.js';
import type { Reply } from '../replies/reply.js';
import { alertReply, watchNote as note } from '../replies/watch-replies.js';
import type { Notifier } from './notifier.js';
import type { WatchStore } from './store.js';
import { hasLeftForGood, stateOf, stateSince, WATCH_LIMITS, type Watch } from './watch.js';

export interface WatcherDeps {
  store: WatchStore;
  notifier: Pick<Notifier, 'notify'>;
  /** The current access rules: checked again before every alert (README, "Watches"). */
  access: { maySee(email: string, meetingHostEmail: string | undefined): boolean; roleOf(email: string): string };
  audit: AuditTrail;
  logger: Logger;
  now(): number;
  /** Counts each alert and end-of-watch message: `sent`, or `lost` when the platform would not take it. */
  counted?(result: 'sent' | 'lost'): void;
}

export interface Watcher {
  /** A participant's record as Webex has it now (a push event's `data`, or a poll): alerts for each change. */
  observe(participant: Participant): Promise<void>;
  /** Ends the watches whose 12 hours are up, and tells their requesters. */
  sweep(): Promise<void>;
}

/**
 * Turns what Webex says of a participant into alerts (README, "Watches"): one short private
 * message per change of state to each requester watching, after checking again that they may still
 * see the participant. Each change is claimed in the store first, so that a replayed event, or
 * another instance that saw the same change, sends nothing more.
 */
export function createWatcher(deps: WatcherDeps): Watcher {
  const { store, logger } = deps;

  const audit = (watch: Watch, command: AuditRecord['command'], outcome: string) => {
    deps.audit.record({
      platform: watch.platform,
      via: 'watch',
      requester: watch.email,
      role: deps.access.roleOf(watch.email),
      command,
      participantId: watch.participantId,
      decision: 'allowed',
      outcome,
    });
  };

  const send = async (watch: Watch, reply: Reply): Promise<boolean> => {
    const sent = await deps.notifier.notify(watch.platform, watch.userId, reply);
    deps.counted?.(sent ? 'sent' : 'lost');
    return sent;
  };

  /** Ends a watch once, whichever instance gets there first, telling the requester with `reply`. */
  const end = async (watch: Watch, reason: string, reply: Reply | undefined) => {
    if ((await store.remove(watch.email, watch.participantId)) === undefined) return;
    audit(watch, 'watchEnd', reason);
    if (reply !== undefined) await send(watch, reply);
  };

  const alert = async (watch: Watch, participant: Participant, final: boolean) => {
    if (!deps.access.maySee(watch.email, participant.hostEmail)) {
      // Nothing of the participant: the requester may no longer know where they are.
      await end(watch, 'accessLost', note(WATCH_ACCESS_LOST));
      return;
    }
    const sent = await send(watch, alertReply(watch, participant, final, deps.now()));
    audit(watch, 'watchAlert', sent ? 'sent' : 'lost');
    if (final) await end(watch, 'left', undefined);
    else await store.setState(watch.email, watch.participantId, stateOf(participant));
  };

  return {
    async observe(participant) {
      const watches = await store.ofParticipant(participant.id);
      if (watches.length === 0) return;
      const state = stateOf(participant);
      const final = hasLeftForGood(participant);
      const now = deps.now();
      // Those not told of this state yet; once the participant has left for good, every watch ends.
      const due = watches.filter((w) => w.expiresAt > now && (final || w.state !== state));
      if (due.length === 0) return;
      if (!(await store.claimChange(participant.id, state, stateSince(participant)))) return;
      for (const watch of due) {
        try {
          await alert(watch, participant, final);
        } catch (error) {
          logger.error({ err: error, participantId: participant.id, platform: watch.platform }, 'A watch alert could not be sent');
        }
      }
    },
    async sweep() {
      for (const watch of await store.expired(deps.now())) {
        await end(watch, 'expired', note(watchExpiredText(watch.name, WATCH_LIMITS.hours)));
      }
    },
  };
}
