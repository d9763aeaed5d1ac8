import type { ErrorReply, NotFoundSubject } from './reply.js';
import type { RosterTotals } from './roster-view.js';

/**
 * Every sentence the bot says, in one place, so that Webex, Slack and the text fallback word things
 * identically. Untrusted values are inserted by the renderers, escaped for their markup; the
 * sentences here contain none.
 */
/** How each command is written, by its first word (README, "Commands"). */
const USAGE_LINES = {
  participant: ['participant <participantId> [<hostEmail>]', 'participant <email> in <meeting> [<hostEmail>]'],
  participants: ['participants <meeting> [<hostEmail>]', 'participants <meeting> csv [<hostEmail>]'],
  watch: [
    'watch <participantId> [<hostEmail>]',
    'watch <email> in <meeting> [<hostEmail>]',
    'watch list',
    'watch stop <participantId>',
    'watch stop all',
  ],
} as const;

/** The usage of the command meant, or of every command when the first word was not one. */
export function usageOf(verb?: keyof typeof USAGE_LINES): readonly string[] {
  return verb === undefined ? Object.values(USAGE_LINES).flat() : USAGE_LINES[verb];
}

export const HELP_INTRO =
  'I find the people in a Webex meeting: who is in the lobby, in the meeting or in a breakout session, who has left, and the details of each one.';

export const HELP_COMMANDS: ReadonlyArray<{ command: string; meaning: string }> = [
  { command: 'participants <meeting>', meaning: 'Who is in a meeting you host, lobby first. The meeting is its number, its link or its id.' },
  { command: 'participants <meeting> csv', meaning: 'The whole roster as a CSV file (an attendance list), sent to you privately.' },
  { command: 'participant <email> in <meeting>', meaning: 'The details of that person in that meeting.' },
  { command: 'participant <participantId>', meaning: 'The details of one participant, by id.' },
  { command: 'watch <participantId>', meaning: 'An alert, privately, each time they join, move or leave (also: watch <email> in <meeting>).' },
  { command: 'watch list, watch stop …', meaning: 'Your watches; stop one by its participant id, or all of them.' },
  {
    command: '… <hostEmail>',
    meaning: 'Admins and compliance officers: name the meeting host at the end of any of these.',
  },
  { command: 'help', meaning: 'This message.' },
];

export const HELP_ID_HINT =
  'A participant id looks like 560d7b784f5143e3be2fc3064a5c4999_3c2e2338-e950-43bf-b588-573773ee43d1 (the meeting id, an underscore, then a UUID).';

export const HELP_PRIVACY =
  'Hosts see their own meetings; admins and compliance officers see any meeting. In a group space the details are sent to you privately.';

/** Labels of a participant's details, shared so that the card, Slack and the text fallback agree. */
export const LABELS = {
  email: 'Email',
  roles: 'Roles',
  muted: 'Microphone',
  video: 'Video',
  meetingStart: 'Meeting start',
  joined: 'Joined',
  left: 'Left',
  phoneNumber: 'Phone number',
  meeting: 'Meeting',
  siteUrl: 'Site',
  meetingId: 'Meeting id',
  hostEmail: 'Host',
  participantId: 'Participant id',
  usage: 'Usage',
} as const;

/** The button that asks the same question again; its answer replaces the card. */
export const REFRESH_LABEL = 'Refresh';

/** What the roles read as for a participant who is neither host, co-host, moderator nor invitee. */
export const NO_ROLE = 'Attendee';

/** Stands in for a name that is empty once control characters are gone. */
export const UNNAMED_PARTICIPANT = 'Participant';

/**
 * Stands for what Webex has not given (yet): a time of the 1970 placeholder, one missing or
 * unreadable, a field left out. NOT_KNOWN_NOTE says why, once per reply, wherever it appears.
 */
export const NOT_KNOWN = '\u2014';
export const NOT_KNOWN_NOTE =
  '\u2014 Not known yet: Webex gives join and leave times once a person leaves or the meeting ends, and leaves out what it does not know.';

/** Where a participant is now, in words: colour and markers only ever repeat these. */
export const STATE_WORDS = {
  lobby: 'Waiting in the lobby',
  inMeeting: 'In the meeting',
  breakoutSession: 'In a breakout session',
  left: 'Left the meeting',
} as const;

/** "for 12 min, since 15:02 CET": how long someone has been where they are now. */
export function forSince(howLong: string, since: string): string {
  return `for ${howLong}, since ${since}`;
}

/** "at 15:20 CET, after 19 min": when someone left, and how long they had stayed. */
export function leftAt(at: string, after: string | undefined): string {
  return after === undefined ? `at ${at}` : `at ${at}, after ${after}`;
}

/** Part of a device's or a session's line: when it began, when that is all that is known. */
export function joinedAt(at: string): string {
  return `joined ${at}`;
}

/** Part of a session's line: the one the participant is in now. */
export function sinceAt(at: string): string {
  return `since ${at}`;
}

/** How long something still going on has lasted: "25 min so far". */
export function soFar(howLong: string): string {
  return `${howLong} so far`;
}

/** From one time to another when either end is not known: "15:02 CET to —". */
export function fromTo(start: string, end: string): string {
  return `${start} to ${end}`;
}

export const AUDIO_WORDS: Record<string, string> = { pstn: 'phone audio', voip: 'computer audio', inactive: 'no audio' };
export const CALL_TYPE_WORDS: Record<string, string> = { callIn: 'called in', callBack: 'called back' };

export function devicesHeading(total: number): string {
  return total === 1 ? '1 device' : `${total} devices`;
}

export function breakoutSessionsHeading(total: number): string {
  return total === 1 ? '1 breakout session' : `${total} breakout sessions`;
}

export function moreDevices(count: number): string {
  return `And ${count} more device${count === 1 ? '' : 's'}, not listed here.`;
}

export function moreBreakoutSessions(count: number): string {
  return `And ${count} more breakout session${count === 1 ? '' : 's'}, not listed here.`;
}

/** Ends a Webex markdown fallback that had to be cut to fit Webex's message size. */
export const MARKDOWN_CUT_SHORT = 'This text is shortened to fit in one message; the card has the rest.';

/**
 * The same words whether the thing does not exist or the requester may not see it: a stranger
 * learns nothing, not even whether the meeting exists.
 */
export function notFoundMessage(subject: NotFoundSubject): string {
  if ('participantId' in subject) {
    return 'No participant with that id was found in the meetings you may see. Check the id, or ask the meeting host or an admin.';
  }
  if ('email' in subject) {
    return 'No participant with that email was found in that meeting, among the meetings you may see. Check the email and the meeting, or ask the meeting host or an admin.';
  }
  return 'No meeting like that was found among the meetings you may see. Check the number, link or id, or ask the meeting host or an admin.';
}

/** The meeting as a person reads its number: grouped as Webex shows it (2553 123 4567). */
export function meetingLabel(meeting: { meetingNumber: string } | { meetingId: string }): string {
  if ('meetingId' in meeting) return meeting.meetingId;
  const n = meeting.meetingNumber;
  return [n.slice(0, 4), n.slice(4, 7), n.slice(7)].filter((part) => part !== '').join(' ');
}

export function rosterHeading(meeting: string): string {
  return `Participants of meeting ${meeting}`;
}

/** "3 in the lobby · 40 in the meeting · …", with "at least" when the roster was too long to read whole. */
export function rosterTotals(totals: RosterTotals, complete: boolean): string {
  const parts: Array<[number, string]> = [
    [totals.lobby, 'in the lobby'],
    [totals.joined, 'in the meeting'],
    [totals.breakoutSession, 'in breakout sessions'],
    [totals.left, 'left'],
    [totals.other, 'elsewhere'],
  ];
  const shown = parts.filter(([count], i) => count > 0 || i < 2).map(([count, where]) => `${count} ${where}`);
  const all = Object.values(totals).reduce((sum, count) => sum + count, 0);
  const total = complete ? `${all} in all` : `at least ${all.toLocaleString('en-US')} in all`;
  return `${total}: ${shown.join(' · ')}`;
}

export function moreParticipants(count: number): string {
  return `and ${count} more`;
}

/** What goes with the attendance file. */
export function csvNote(meeting: string, count: number, complete: boolean): string {
  const people = `${complete ? '' : 'at least '}${count.toLocaleString('en-US')} ${count === 1 ? 'person' : 'people'}`;
  return `The participants of meeting ${meeting} as a CSV file: ${people}.`;
}

/** Where a file went when it was asked for somewhere else. */
export const FILE_SENT_NOTICE = 'I sent you the file in a direct message.';

/** The button that shows one person of a roster in full. */
export const DETAILS_LABEL = 'Details';

export function errorTitle(error: ErrorReply): string {
  switch (error.code) {
    case 'busy':
      return error.busyBecause === 'webex' ? 'Webex asked us to wait' : 'Many lookups are waiting';
    case 'webexUnavailable':
      return 'Webex did not answer';
    case 'configuration':
      return 'The bot is not set up correctly';
    case 'invalidAnswer':
      return 'Webex sent an answer I could not read';
    case 'rejected':
      return 'Webex refused the request';
    case 'unknownRequester':
      return 'I could not tell who you are';
    case 'missingScope':
      return 'I cannot look meetings up by number or link';
    case 'internal':
      return 'Something went wrong on my side';
  }
}

export function errorAction(error: ErrorReply): string {
  switch (error.code) {
    case 'busy': {
      const why =
        error.busyBecause === 'webex'
          ? 'Webex limits how often the bot may ask, and asked it to hold off.'
          : 'The bot has many lookups waiting for their turn ahead of yours.';
      const when =
        error.retryAfterSeconds !== undefined
          ? `Please try again in about ${formatWait(error.retryAfterSeconds)}.`
          : 'Please try again in a minute.';
      return `${why} ${when}`;
    }
    case 'webexUnavailable':
      return 'Please try again in a few minutes. If it keeps happening, check status.webex.com.';
    case 'configuration':
      return 'Please tell the bot operator; the details are in the bot log.';
    case 'invalidAnswer':
      return 'Please try again later, and tell the bot operator if it keeps happening.';
    case 'rejected':
      return 'Check the participant id. If it is right, tell the bot operator; the details are in the bot log.';
    case 'unknownRequester':
      return 'Your chat profile has no email address I can read. Ask the bot operator to add you to the access file.';
    case 'missingScope':
      return `The bot's Webex token lacks the scope ${MEETINGS_SCOPE}. Use the meeting id instead (32 characters, in the meeting's details), or ask the bot operator to add the scope.`;
    case 'internal':
      return 'Please try again in a minute, and tell the bot operator if it keeps happening; the details are in the bot log.';
  }
}

/** What List Meetings needs, for a token that reads any meeting (the bot's, an admin's). */
export const MEETINGS_SCOPE = 'meeting:admin_schedule_read';

export function trackingLine(error: ErrorReply): string | undefined {
  return error.trackingId ? `Webex tracking id: ${error.trackingId}` : undefined;
}

function formatWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 90) return `${s} second${s === 1 ? '' : 's'}`;
  const m = Math.ceil(s / 60);
  return `${m} minutes`;
}

/* Watches (README, "Watches"): alerts, and what the watch commands say. */

/** The button on a participant card that starts a watch. */
export const WATCH_LABEL = 'Watch';
export const STOP_WATCH_LABEL = 'Stop watching';
export const WATCH_LABELS = { when: 'When', participantId: 'Participant id', until: 'Until' } as const;

/** A name inside our own sentence: a very long one is cut, the card and the Details button have the rest. */
function named(name: string): string {
  const trimmed = name.trim();
  return trimmed.length > 80 ? `${trimmed.slice(0, 79)}\u2026` : trimmed;
}

/** One alert: who, and where they are now. A state Webex added since is shown as it came. */
export function alertText(name: string, state: string | undefined): string {
  switch (state) {
    case 'lobby':
      return `${named(name)} is waiting in the lobby.`;
    case 'joined':
      return `${named(name)} joined the meeting.`;
    case 'breakoutSession':
      return `${named(name)} moved to a breakout session.`;
    case 'end':
      return `${named(name)} left the meeting.`;
    default:
      return `${named(name)} is now: ${state ?? 'not given'}.`;
  }
}

/** Added to the alert that ends a watch because the participant left for good. */
export const WATCH_ENDED_LEFT = 'They left and the meeting is over, so this watch has ended.';

export function watchStartedText(name: string, stateNow: string, hours: number): string {
  return `Watching ${named(name)} (now: ${stateNow}). I will tell you privately each time they join, move or leave, for ${hours} hours.`;
}

export function nothingToWatchText(name: string): string {
  return `${named(name)} has left and the meeting is over: there is nothing to watch.`;
}

export function watchesFullText(perRequester: number): string {
  return `You already watch ${perRequester} participants, the most one person may. Stop one first: watch stop <participantId>, or watch stop all.`;
}

export function allWatchesFullText(total: number): string {
  return `The bot already watches ${total.toLocaleString('en-US')} participants for everyone together, as many as it can. Please try again later.`;
}

export const WATCH_NOT_HERE =
  'Watches send their alerts in Webex or Slack, so they can only be set there: ask the bot in Webex or Slack.';

export function watchListText(count: number): string {
  if (count === 0) return 'You are not watching anyone. Start with watch <participantId>, or the Watch button on a participant.';
  return `You are watching ${count} participant${count === 1 ? '' : 's'}. Stop one with watch stop <participantId>.`;
}

export const NOT_WATCHING = 'You are not watching that participant (watch list shows whom you watch).';

export function watchStoppedText(name: string): string {
  return `Stopped watching ${named(name)}.`;
}

export function watchesStoppedText(count: number): string {
  return count === 0 ? 'You were not watching anyone.' : `Stopped all your watches (${count}).`;
}

export function watchExpiredText(name: string, hours: number): string {
  return `Your watch of ${named(name)} ended after ${hours} hours. Watch them again to go on.`;
}

/** Said without any detail of the participant: the requester may no longer see them. */
export const WATCH_ACCESS_LOST = 'One of your watches has ended: you may no longer see that participant.';
