import type { BusyBecause } from '../participants/outcome.js';
import type { ParticipantView } from './participant-view.js';
import type { CsvFile } from './roster-csv.js';
import type { RosterView } from './roster-view.js';

/**
 * The platform-neutral answer to one command. Renderers turn it into an Adaptive Card, Block Kit
 * or text; nothing in here knows about any chat platform.
 */
export type Reply =
  | { kind: 'participant'; view: ParticipantView; buttons: CommandButton[] }
  /**
   * A meeting's roster, or the several records of one email in a meeting; `details[i]` is the
   * button that shows `roster.lines[i]` in full.
   */
  | { kind: 'roster'; roster: RosterView; details: CommandButton[]; buttons: CommandButton[] }
  /** A file for the requester alone (the attendance CSV), with a line saying what it is. */
  | { kind: 'file'; file: CsvFile; note: string }
  /** Also the refusal: a stranger must not learn whether the participant or the meeting exists. */
  | { kind: 'notFound'; subject: NotFoundSubject }
  /**
   * About watches (README, "Watches"): an alert on a participant's new state, the end of a watch,
   * or what a watch command did. A sentence, a few facts and buttons; never a phone number.
   */
  | { kind: 'watch'; text: string; facts: WatchFact[]; buttons: CommandButton[] }
  | { kind: 'help' }
  /** The command was not understood; `problem` says what was wrong, `usage` how to write it. */
  | { kind: 'usage'; problem: string; usage: readonly string[] }
  | { kind: 'error'; error: ErrorReply };

/** A label and its value under a watch's sentence: when, which participant, until when. */
export interface WatchFact {
  label: string;
  value: string;
}

/** What was not found, named as the requester named it. */
export type NotFoundSubject =
  | { participantId: string }
  | { meeting: string }
  | { email: string; meeting: string };

/**
 * A button is a command typed for the person who clicks it (README, "Buttons"): clicking runs
 * `command` as them, under every rule a typed command follows.
 */
export interface CommandButton {
  label: string;
  /** The command line, exactly as a person would type it. */
  command: string;
  /** The answer replaces the message that carries the button, where the platform allows (Refresh). */
  replaces: boolean;
}

export type ErrorCode =
  /** Webex throttled us longer than a user should wait, or our queue is full. */
  | 'busy'
  /** Webex failed or did not answer, even after retries. */
  | 'webexUnavailable'
  /** The bot's Webex token is missing a scope, expired or revoked: an operator must act. */
  | 'configuration'
  /** Webex answered something we could not read. */
  | 'invalidAnswer'
  /** Webex refused the request for a reason that will not change by retrying. */
  | 'rejected'
  /** The requester's identity is unknown (Slack user without an email). */
  | 'unknownRequester'
  /** The bot's Webex token may not look meetings up by number or link: the meeting id still works. */
  | 'missingScope'
  /** Something broke inside the bot; the details are in the operator log. */
  | 'internal';


interface ErrorReplyFields {
  trackingId?: string;
  retryAfterSeconds?: number;
}

/**
 * A `busy` reply always says who said wait (`busyBecause`, see BusyBecause): Webex ("Webex asked us
 * to wait …") or our own full queue ("Many lookups are waiting …"); messages.ts words them apart
 * for every renderer.
 */
export type ErrorReply =
  | (ErrorReplyFields & { code: 'busy'; busyBecause: BusyBecause })
  | (ErrorReplyFields & { code: Exclude<ErrorCode, 'busy'> });
