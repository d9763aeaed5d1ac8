import type { Logger } from 'pino';
import type { MeetingSource } from '../participants/meetings.js';
import type { ParticipantSource } from '../participants/outcome.js';
import type { Participant } from '../participants/schema.js';
import {
  DETAILS_LABEL,
  NOT_KNOWN,
  NOT_WATCHING,
  STOP_WATCH_LABEL,
  WATCH_LABEL,
  WATCH_LABELS,
  WATCH_NOT_HERE,
  allWatchesFullText,
  nothingToWatchText,
  watchListText,
  watchStartedText,
  watchStoppedText,
  watchesFullText,
  watchesStoppedText,
} from '../replies/messages.js';
import { stateLabel } from '../replies/status.js';
import { clockTime } from '../replies/times.js';
import type { Reply } from '../replies/reply.js';
import { watchNote as note } from '../replies/watch-replies.js';
import type { WatchStore } from '../watches/store.js';
import { hasLeftForGood, stateOf, WATCH_LIMITS, WATCH_TTL_MS, type Watch } from '../watches/watch.js';
import type { Asker } from './asker.js';
import { findByEmail } from './by-email.js';
import type { Command } from './parse.js';
import { findParticipant, participantCommand } from './participant.js';

/** What the watch commands need beyond the lookups: where watches live, and where alerts can go. */
export interface WatchCommandDeps {
  store: WatchStore;
  /** Whether alerts can be sent on this platform: the chat platforms can, the CLI and the playground cannot. */
  canNotify(platform: string): boolean;
  now(): number;
}

export type WatchCommand = Extract<Command, { kind: 'watch' | 'watchByEmail' | 'watchList' | 'watchStop' | 'watchStopAll' }>;

/** Who asks, and where an alert would reach them. */
export interface Watcher {
  asker: Asker;
  platform: string;
  userId: string | undefined;
}

/**
 * The watch commands (README, "Watches"). A watch starts only from a lookup the requester was
 * allowed to make, the same one `participant` makes: whatever that lookup would answer other than
 * a participant (not found, busy, …) is the answer here too.
 */
export async function answerWatch(
  command: WatchCommand,
  who: Watcher,
  deps: { participants: ParticipantSource; meetings: MeetingSource; logger: Logger; watches: WatchCommandDeps | undefined },
): Promise<Reply> {
  const { watches } = deps;
  if (watches === undefined || who.userId === undefined || !watches.canNotify(who.platform)) return note(WATCH_NOT_HERE);
  const email = who.asker.requesterKey;
  switch (command.kind) {
    case 'watchList': {
      const mine = (await watches.store.ofRequester(email)).sort((a, b) => a.createdAt - b.createdAt);
      return {
        kind: 'watch',
        text: watchListText(mine.length),
        facts: mine.map((w) => ({ label: w.name, value: `${stateLabel(w.state) ?? NOT_KNOWN} \u00b7 ${WATCH_LABELS.until} ${clockTime(w.expiresAt, who.asker.reading())} \u00b7 ${w.participantId}` })),
        buttons: [],
      };
    }
    case 'watchStop': {
      const stopped = await watches.store.remove(email, command.participantId);
      if (stopped === undefined) return note(NOT_WATCHING);
      who.asker.audit({ command: 'watchEnd', participantId: command.participantId, decision: 'allowed', outcome: 'stopped' });
      return note(watchStoppedText(stopped.name));
    }
    case 'watchStopAll': {
      let count = 0;
      for (const watch of await watches.store.ofRequester(email)) {
        if ((await watches.store.remove(email, watch.participantId)) === undefined) continue;
        count += 1;
        who.asker.audit({ command: 'watchEnd', participantId: watch.participantId, decision: 'allowed', outcome: 'stopped' });
      }
      return note(watchesStoppedText(count));
    }
    case 'watch': {
      const found = await findParticipant(command, who.asker, deps);
      return found.ok ? start(found.participant, command.hostEmail, who, watches) : found.reply;
    }
    case 'watchByEmail': {
      const found = await findByEmail(command, who.asker, deps);
      if (found.one !== undefined) return start(found.one, command.hostEmail, who, watches);
      const { reply } = found;
      if (reply.kind !== 'roster') return reply;
      // The same person joined more than once: each record is its own participant, so they choose,
      // with a Watch button where the list has Details.
      const watchButtons = reply.details.map((button) => ({ ...button, label: WATCH_LABEL, command: button.command.replace(/^participant /, 'watch ') }));
      return { ...reply, details: watchButtons };
    }
  }
}

async function start(participant: Participant, namedHost: string | undefined, who: Watcher, watches: WatchCommandDeps): Promise<Reply> {
  const { asker } = who;
  const name = participant.displayName ?? participant.email ?? participant.id;
  if (hasLeftForGood(participant)) return note(nothingToWatchText(name));
  const now = watches.now();
  const host = asker.namedHost(namedHost);
  const filter = asker.hostFilter(namedHost);
  const watch: Watch = {
    platform: who.platform,
    userId: who.userId ?? '',
    email: asker.requesterKey,
    participantId: participant.id,
    ...(host !== undefined ? { hostEmail: host } : {}),
    ...(filter !== undefined ? { hostFilter: filter } : {}),
    name,
    state: stateOf(participant),
    timeZone: asker.reading().zone,
    createdAt: now,
    expiresAt: now + WATCH_TTL_MS,
  };
  const outcome = await watches.store.add(watch, WATCH_LIMITS);
  asker.audit({ command: 'watchStart', participantId: participant.id, decision: 'allowed', outcome });
  if (outcome === 'requesterFull') return note(watchesFullText(WATCH_LIMITS.perRequester));
  if (outcome === 'full') return note(allWatchesFullText(WATCH_LIMITS.total));
  return {
    kind: 'watch',
    text: watchStartedText(name, stateLabel(participant.state) ?? NOT_KNOWN, WATCH_LIMITS.hours),
    facts: [{ label: WATCH_LABELS.participantId, value: participant.id }],
    buttons: [
      { label: DETAILS_LABEL, command: participantCommand(participant.id, asker, namedHost), replaces: false },
      { label: STOP_WATCH_LABEL, command: `watch stop ${participant.id}`, replaces: false },
    ],
  };
}
