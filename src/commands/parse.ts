import type { MeetingRef } from '../participants/meetings.js';
import { parseMeeting } from './meeting-ref.js';
import { unwrap, unwrapSlack } from './words.js';

/**
 * Text -> command. The grammar (README, "Commands"): the verb is the first word, then
 * `participant <participantId> [<hostEmail>]`, `participant <email> in <meeting> [<hostEmail>]`,
 * `participants <meeting> [csv] [<hostEmail>]`, `help`; anything else gets that command's usage. An id, a
 * meeting or an email that does not match its documented shape never leaves this module, so nothing
 * can be smuggled into a Webex URL.
 */
export type Command =
  | { kind: 'participant'; participantId: string; hostEmail?: string }
  | { kind: 'participantByEmail'; email: string; meeting: MeetingRef; hostEmail?: string }
  | { kind: 'roster'; meeting: MeetingRef; hostEmail?: string }
  | { kind: 'rosterCsv'; meeting: MeetingRef; hostEmail?: string }
  | { kind: 'help' }
  | { kind: 'usage'; problem: string; verb?: Verb };

/** The commands' first words; a usage reply shows the lines of the one that was meant. */
export type Verb = 'participant' | 'participants';

/** Longer lines are not commands anyone typed; they are refused before any regex runs on them. */
export const MAX_COMMAND_LENGTH = 1000;

const MEETING_ID = '[0-9a-f]{32}(?:_I_[0-9]{1,30})?';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const PARTICIPANT_ID = new RegExp(`^${MEETING_ID}_${UUID}$`);
const ANY_CASE_PARTICIPANT_ID = new RegExp(PARTICIPANT_ID.source, 'i');

// Pragmatic address check: one @, no spaces or markup, a dot in the domain. Webex decides the rest.
const EMAIL = /^[^\s@<>()[\]\\,;:"`'/?#&=%]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i;

/** Zero-width characters, bidi controls, soft hyphen and BOM: invisible, and often pasted along. */
const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

export function isParticipantId(value: string): boolean {
  return PARTICIPANT_ID.test(value);
}

export function parseCommand(input: string): Command {
  if (input.length > MAX_COMMAND_LENGTH * 4) return usage('That message is too long to be a command.');
  const line = normalize(input);
  if (line.length > MAX_COMMAND_LENGTH) return usage('That message is too long to be a command.');
  if (line === '') return { kind: 'help' };

  const [verb = '', ...args] = line.split(' ');
  const word = verb.toLowerCase().replace(/^\//, '');
  if (word === 'help' || word === '?') return { kind: 'help' };
  if (word === 'participant') return parseParticipant(args);
  if (word === 'participants') return parseRoster(args);
  return usage('I did not understand that.');
}

/** `participant <participantId> [<hostEmail>]`, or `participant <email> in <meeting> [<hostEmail>]`. */
function parseParticipant(args: string[]): Command {
  const problem = (text: string) => usage(text, 'participant');
  if (args.length === 0) return problem('Please give a participant id, or an email and the meeting.');
  const first = args[0] ?? '';
  if (first.includes('@')) return parseByEmail(args);
  if (args.length > 2) return problem('That is more than a participant id and a host email.');

  const typed = unwrap(first);
  if (!ANY_CASE_PARTICIPANT_ID.test(typed)) {
    return problem('That does not look like a participant id.');
  }
  // Webex writes the hex digits in lower case and the series marker as `_I_`.
  const participantId = typed.toLowerCase().replace('_i_', '_I_');
  if (args[1] === undefined) return { kind: 'participant', participantId };

  const hostEmail = parseEmail(args[1]);
  if (hostEmail === undefined) return problem('The second word should be the host\u2019s email address.');
  return { kind: 'participant', participantId, hostEmail };
}

function parseByEmail([first = '', keyword, ...rest]: string[]): Command {
  const problem = (text: string) => usage(text, 'participant');
  const email = parseEmail(first);
  if (email === undefined) return problem('That does not look like an email address.');
  if (keyword?.toLowerCase() !== 'in') return problem('Say which meeting: participant <email> in <meeting>.');
  const meeting = parseMeeting(rest);
  if (!meeting.ok) return problem(meeting.problem);
  return withHostEmail({ kind: 'participantByEmail', email, meeting: meeting.meeting }, meeting.rest, 'participant');
}

/** `participants <meeting> [csv] [<hostEmail>]`. */
function parseRoster(args: string[]): Command {
  const meeting = parseMeeting(args);
  if (!meeting.ok) return usage(meeting.problem, 'participants');
  const [next, ...rest] = meeting.rest;
  if (next?.toLowerCase() === 'csv') return withHostEmail({ kind: 'rosterCsv', meeting: meeting.meeting }, rest, 'participants');
  return withHostEmail({ kind: 'roster', meeting: meeting.meeting }, meeting.rest, 'participants');
}

/** What may follow a meeting: nothing, or the host's email. */
function withHostEmail(command: Extract<Command, { meeting: MeetingRef }>, rest: string[], verb: Verb): Command {
  if (rest.length === 0) return command;
  const hostEmail = rest.length === 1 ? parseEmail(rest[0] ?? '') : undefined;
  if (hostEmail === undefined) {
    return usage(verb === 'participants' ? 'After the meeting, only csv and the host\u2019s email address may follow.' : 'After the meeting, only the host\u2019s email address may follow.', verb);
  }
  return { ...command, hostEmail };
}

function parseEmail(token: string): string | undefined {
  const email = unwrapEmail(token);
  return EMAIL.test(email) ? email : undefined;
}

function usage(problem: string, verb?: Verb): Command {
  return verb === undefined ? { kind: 'usage', problem } : { kind: 'usage', problem, verb };
}

/** NFKC folds full-width letters and odd spaces; invisible characters go; runs of space become one. */
function normalize(input: string): string {
  return input.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/**
 * Slack turns a typed address into `<mailto:a@b.c|a@b.c>`; Webex markdown may send `mailto:a@b.c`.
 * Both mean the address itself.
 */
function unwrapEmail(token: string): string {
  return unwrapSlack(token).replace(/^mailto:/i, '').toLowerCase();
}
