import type { ErrorReply } from './reply.js';

/**
 * Every sentence the bot says, in one place, so that Webex, Slack and the text fallback word things
 * identically. Untrusted values are inserted by the renderers, escaped for their markup; the
 * sentences here contain none.
 */
export const USAGE_LINE = 'participant <participantId> [<hostEmail>]';

export const HELP_INTRO =
  'I look up one participant of a Webex meeting: who they are, whether they are in the lobby, in the meeting, in a breakout session or gone, their devices, and when they joined and left.';

export const HELP_COMMANDS: ReadonlyArray<{ command: string; meaning: string }> = [
  { command: 'participant <participantId>', meaning: 'Details of a participant of a meeting you host.' },
  {
    command: 'participant <participantId> <hostEmail>',
    meaning: 'Admins and compliance officers: name the meeting host.',
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
  state: 'State',
  currentBreakoutSession: 'Breakout session now',
  muted: 'Microphone',
  video: 'Video',
  meetingStart: 'Meeting start',
  joined: 'Joined',
  left: 'Left',
  deviceType: 'Device',
  audio: 'Audio',
  callType: 'Call type',
  duration: 'Duration',
  phoneNumber: 'Phone number',
  breakoutSessionName: 'Session',
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

export function deviceHeading(position: number, total: number): string {
  return `Device ${position} of ${total}`;
}

export function breakoutSessionHeading(position: number, total: number): string {
  return `Breakout session ${position} of ${total}`;
}

export function moreDevices(count: number): string {
  return `And ${count} more device${count === 1 ? '' : 's'}, not listed here.`;
}

export function moreBreakoutSessions(count: number): string {
  return `And ${count} more breakout session${count === 1 ? '' : 's'}, not listed here.`;
}

/** Ends a Webex markdown fallback that had to be cut to fit Webex's message size. */
export const MARKDOWN_CUT_SHORT = 'This text is shortened to fit in one message; the card has the rest.';

export function notFoundMessage(): string {
  return 'No participant with that id was found in the meetings you may see. Check the id, or ask the meeting host or an admin.';
}

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
    case 'internal':
      return 'Please try again in a minute, and tell the bot operator if it keeps happening; the details are in the bot log.';
  }
}

export function trackingLine(error: ErrorReply): string | undefined {
  return error.trackingId ? `Webex tracking id: ${error.trackingId}` : undefined;
}

function formatWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 90) return `${s} second${s === 1 ? '' : 's'}`;
  const m = Math.ceil(s / 60);
  return `${m} minutes`;
}
