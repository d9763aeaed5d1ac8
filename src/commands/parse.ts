import type { MeetingRef } from '../participants/meetings.js';
import { parseMeeting } from './meeting-ref.js';
import { unwrap, unwrapSlack } from './words.js';

/**
 * Text -> command. The grammar (README, "Commands"): the verb is the first word, then
 * `participant <participantId> [<hostEmail>]`, `participant <email> in <meeting> [<hostEmail>]`,
 * `participants <meeting> [csv] [<hostEmail>]`, the `watch` commands, `help`; anything else gets that
 * command's usage. An id, a
 * meeting or an email that does not match its documented shape never leaves this module, so nothing
 * can be smuggled into a Webex URL.
 */
export type Command =
  | { kind: 'participant'; participantId: string; hostEmail?: string }
  | { kind: 'participantByEmail'; email: string; meeting: MeetingRef; hostEmail?: string }
  | { kind: 'roster'; meeting: MeetingRef; hostEmail?: string }
  | { kind: 'rosterCsv'; meeting: MeetingRef; hostEmail?: string }
  /** README, "Watches": an alert on each change of one participant's state. */
  | { kind: 'watch'; participantId: string; hostEmail?: string }
  | { kind: 'watchByEmail'; email: string; meeting: MeetingRef; hostEmail?: string }
  | { kind: 'watchList' }
  | { kind: 'watchStop'; participantId: string }
  | { kind: 'watchStopAll' }
  | { kind: 'help' }
  | { kind: 'usage'; problem: string; verb?: Verb };

/** The commands' first words; a usage reply shows the lines of the one that was meant. */
export type Verb = 'participant' | 'participants' | 'watch';

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
  if (word === 'watch') return parseWatch(args);
  return usage('I did not understand that.');
}

/** `participant <participantId> [<hostEmail>]`, or `participant <email> in <meeting> [<hostEmail>]`. */
function parseParticipant(args: string[]): Command {
  const found = parseSomeone(args, 'participant');
  if (found.kind !== 'someone') return found;
  return found.participantId !== undefined
    ? { kind: 'participant', participantId: found.participantId, ...hostOf(found) }
    : { kind: 'participantByEmail', email: found.email, meeting: found.meeting, ...hostOf(found) };
}

/** `watch list`, `watch stop all`, `watch stop <participantId>`, or whom to watch, named as for `participant`. */
function parseWatch(args: string[]): Command {
  const problem = (text: string) => usage(text, 'watch');
  const [first = '', second, ...rest] = args;
  if (first.toLowerCase() === 'list') return args.length === 1 ? { kind: 'watchList' } : problem('Nothing may follow watch list.');
  if (first.toLowerCase() === 'stop') {
    if (second === undefined || rest.length > 0) return problem('Say which watch to stop: watch stop <participantId>, or watch stop all.');
    if (second.toLowerCase() === 'all') return { kind: 'watchStopAll' };
    const participantId = participantIdOf(second);
    return participantId === undefined ? problem('That does not look like a participant id.') : { kind: 'watchStop', participantId };
  }
  const found = parseSomeone(args, 'watch');
  if (found.kind !== 'someone') return found;
  return found.participantId !== undefined
    ? { kind: 'watch', participantId: found.participantId, ...hostOf(found) }
    : { kind: 'watchByEmail', email: found.email, meeting: found.meeting, ...hostOf(found) };
}

/** Someone in a meeting, as `participant` and `watch` name them: by id, or by email in a meeting; then maybe the host. */
type Someone =
  | { kind: 'someone'; participantId: string; hostEmail?: string }
  | { kind: 'someone'; participantId?: undefined; email: string; meeting: MeetingRef; hostEmail?: string };

function parseSomeone(args: string[], verb: Verb): Someone | Extract<Command, { kind: 'usage' }> {
  const problem = (text: string) => usage(text, verb);
  if (args.length === 0) return problem('Please give a participant id, or an email and the meeting.');
  const first = args[0] ?? '';
  if (first.includes('@')) return parseByEmail(args, verb);
  if (args.length > 2) return problem('That is more than a participant id and a host email.');

  const participantId = participantIdOf(first);
  if (participantId === undefined) return problem('That does not look like a participant id.');
  if (args[1] === undefined) return { kind: 'someone', participantId };

  const hostEmail = parseEmail(args[1]);
  if (hostEmail === undefined) return problem('The second word should be the host\u2019s email address.');
  return { kind: 'someone', participantId, hostEmail };
}

/** Webex writes the hex digits in lower case and the series marker as `_I_`. */
function participantIdOf(word: string): string | undefined {
  const typed = unwrap(word);
  return ANY_CASE_PARTICIPANT_ID.test(typed) ? typed.toLowerCase().replace('_i_', '_I_') : undefined;
}

const hostOf = (found: { hostEmail?: string }): { hostEmail?: string } => (found.hostEmail !== undefined ? { hostEmail: found.hostEmail } : {});

function parseByEmail([first = '', keyword, ...rest]: string[], verb: Verb): Someone | Extract<Command, { kind: 'usage' }> {
  const problem = (text: string) => usage(text, verb);
  const email = parseEmail(first);
  if (email === undefined) return problem('That does not look like an email address.');
  if (keyword?.toLowerCase() !== 'in') return problem(`Say which meeting: ${verb} <email> in <meeting>.`);
  const meeting = parseMeeting(rest);
  if (!meeting.ok) return problem(meeting.problem);
  const hostEmail = hostAfterMeeting(meeting.rest);
  if (hostEmail === false) return problem('After the meeting, only the host\u2019s email address may follow.');
  return { kind: 'someone', email, meeting: meeting.meeting, ...(hostEmail !== undefined ? { hostEmail } : {}) };
}

/** `participants <meeting> [csv] [<hostEmail>]`. */
function parseRoster(args: string[]): Command {
  const meeting = parseMeeting(args);
  if (!meeting.ok) return usage(meeting.problem, 'participants');
  const [next, ...rest] = meeting.rest;
  if (next?.toLowerCase() === 'csv') return withHostEmail({ kind: 'rosterCsv', meeting: meeting.meeting }, rest);
  return withHostEmail({ kind: 'roster', meeting: meeting.meeting }, meeting.rest);
}

/** What may follow a roster's meeting: nothing, or the host's email. */
function withHostEmail(command: Extract<Command, { kind: 'roster' | 'rosterCsv' }>, rest: string[]): Command {
  const hostEmail = hostAfterMeeting(rest);
  if (hostEmail === false) return usage('After the meeting, only csv and the host\u2019s email address may follow.', 'participants');
  return hostEmail === undefined ? command : { ...command, hostEmail };
}

/** The host's email after a meeting: undefined when nothing follows, false when something else does. */
function hostAfterMeeting(rest: string[]): string | undefined | false {
  if (rest.length === 0) return undefined;
  return (rest.length === 1 ? parseEmail(rest[0] ?? '') : undefined) ?? false;
}

function parseEmail(token: string): string | undefined {
  const email = unwrapEmail(token);
  return EMAIL.test(email) ? email : undefined;
}

function usage(problem: string, verb?: Verb): Extract<Command, { kind: 'usage' }> {
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
