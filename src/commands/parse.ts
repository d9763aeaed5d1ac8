/**
 * Text -> command. The grammar (README, "Commands"): `participant <participantId> [<hostEmail>]`,
 * `help`, and anything else gets the usage reply. A participant id that does not match the
 * documented shape never leaves this module, so nothing can be smuggled into the Webex URL.
 */
export type Command =
  | { kind: 'participant'; participantId: string; hostEmail?: string }
  | { kind: 'help' }
  | { kind: 'usage'; problem: string };

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
  if (word !== 'participant') {
    return usage('I did not understand that.');
  }
  if (args.length === 0) return usage('Please give a participant id.');
  if (args.length > 2) return usage('That is more than a participant id and a host email.');

  const typed = unwrap(args[0] ?? '');
  if (!ANY_CASE_PARTICIPANT_ID.test(typed)) {
    return usage('That does not look like a participant id.');
  }
  // Webex writes the hex digits in lower case and the series marker as `_I_`.
  const participantId = typed.toLowerCase().replace('_i_', '_I_');
  if (args[1] === undefined) return { kind: 'participant', participantId };

  const hostEmail = unwrapEmail(args[1]);
  if (!EMAIL.test(hostEmail)) return usage('The second word should be the host\u2019s email address.');
  return { kind: 'participant', participantId, hostEmail };
}

function usage(problem: string): Command {
  return { kind: 'usage', problem };
}

/** NFKC folds full-width letters and odd spaces; invisible characters go; runs of space become one. */
function normalize(input: string): string {
  return input.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/** A pasted id often comes wrapped in code quotes or brackets: `id`, ```id```, <id>, "id". */
function unwrap(token: string): string {
  return token.replace(/^[`'"<([]+/, '').replace(/[`'">)\].,;:!?]+$/, '');
}

/**
 * Slack turns a typed address into `<mailto:a@b.c|a@b.c>`; Webex markdown may send `mailto:a@b.c`.
 * Both mean the address itself.
 */
function unwrapEmail(token: string): string {
  const slack = /^<mailto:([^|>]+)(?:\|[^>]*)?>$/i.exec(token);
  const bare = slack ? slack[1]! : unwrap(token);
  return bare.replace(/^mailto:/i, '').toLowerCase();
}
