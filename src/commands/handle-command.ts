import type { Logger } from 'pino';
import type { AccessPolicy } from '../access/policy.js';
import { logAuditTrail, type AuditRecord, type AuditTrail } from '../audit/audit-trail.js';
import type { MeetingSource } from '../participants/meetings.js';
import type { ParticipantSource } from '../participants/outcome.js';
import { usageOf } from '../replies/messages.js';
import type { Reply } from '../replies/reply.js';
import { askerFor } from './asker.js';
import { answerByEmail } from './by-email.js';
import { parseCommand, type Command } from './parse.js';
import { answerParticipant } from './participant.js';
import { answerRoster, answerRosterCsv } from './roster.js';
import { answerWatch, type WatchCommandDeps } from './watch.js';

export interface Requester {
  /** Where the command came from: a chat platform's name, `cli` or `playground`; recorded in the audit trail. */
  platform: string;
  /** The requester's email; undefined when the platform could not tell (a Slack user without one). */
  email: string | undefined;
  /** Typed by the requester (the default), or a button they clicked: the same rules, noted in the audit trail. */
  via?: Via;
  /**
   * The requester's time zone as their chat profile gives it (an IANA name): every time in the
   * reply is read there, or in UTC without one or with one the runtime does not know.
   */
  timeZone?: string | undefined;
  /** The requester's id on a chat platform, where a watch's alerts are sent; absent for the CLI and the playground. */
  userId?: string;
}

export type Via = 'typed' | 'button';

export interface CommandHandlerDeps {
  access: AccessPolicy;
  participants: ParticipantSource;
  meetings: MeetingSource;
  logger: Logger;
  /** Gets one record per lookup; by default they go to the log only (see services.ts for AUDIT_FILE). */
  audit?: AuditTrail;
  /** What "now" is: dates the attendance file's name, and "for 12 min" reads against it. */
  now?: () => Date;
  /** Where watches live and whether alerts can be sent; without it the watch commands say they cannot be used here. */
  watches?: WatchCommandDeps;
}

export type CommandHandler = (requester: Requester, text: string) => Promise<Reply>;

/**
 * A watch command that failed inside the bot is audited as the watch's start or end it was meant to
 * be; `watch list` shows nobody anything new, so it has no record.
 */
function auditedAs(kind: Exclude<Command['kind'], 'help' | 'usage'>): AuditRecord['command'] | undefined {
  if (kind === 'watch' || kind === 'watchByEmail') return 'watchStart';
  if (kind === 'watchStop' || kind === 'watchStopAll') return 'watchEnd';
  if (kind === 'watchList') return undefined;
  return kind;
}

/**
 * The whole use case, platform-neutral: a line of text from a requester becomes a reply. Each
 * command asks Webex as the requester and shows only what they may see (README, "Who sees what").
 * It never throws: a broken dependency becomes the plain "something went wrong" reply.
 */
export function createCommandHandler({
  access,
  participants,
  meetings,
  logger,
  audit = logAuditTrail(logger),
  now = () => new Date(),
  watches,
}: CommandHandlerDeps): CommandHandler {
  return async (requester, text) => {
    const command = parseCommand(text);
    if (command.kind === 'help') return { kind: 'help' };
    if (command.kind === 'usage') return { kind: 'usage', problem: command.problem, usage: usageOf(command.verb) };
    if (requester.email === undefined) return { kind: 'error', error: { code: 'unknownRequester' } };

    const asker = askerFor({ ...requester, email: requester.email }, access, audit, now);
    try {
      switch (command.kind) {
        case 'participant':
          return await answerParticipant(command, asker, { participants, logger });
        case 'participantByEmail':
          return await answerByEmail(command, asker, { meetings, logger });
        case 'roster':
          return await answerRoster(command, asker, { meetings, logger });
        case 'rosterCsv':
          return await answerRosterCsv(command, asker, { meetings, logger });
        case 'watch':
        case 'watchByEmail':
        case 'watchList':
        case 'watchStop':
        case 'watchStopAll':
          return await answerWatch(command, { asker, platform: requester.platform, userId: requester.userId }, { participants, meetings, logger, watches });
      }
    } catch (error) {
      // Sources answer with outcomes; a throw is a bug or a broken dependency (Redis), never the user's.
      logger.error({ err: error, command: command.kind }, 'Lookup failed unexpectedly');
      const audited = auditedAs(command.kind);
      if (audited !== undefined) asker.audit({ command: audited, decision: 'allowed', outcome: 'internal' });
      return { kind: 'error', error: { code: 'internal' } };
    }
  };
}
