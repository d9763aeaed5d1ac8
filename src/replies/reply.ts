import type { BusyBecause } from '../participants/outcome.js';
import type { ParticipantView } from './participant-view.js';

/**
 * The platform-neutral answer to one command. Renderers turn it into an Adaptive Card, Block Kit
 * or text; nothing in here knows about any chat platform.
 */
export type Reply =
  | { kind: 'participant'; view: ParticipantView; buttons: CommandButton[] }
  /** Also the refusal: a stranger must not learn whether the participant exists. */
  | { kind: 'notFound'; participantId: string }
  | { kind: 'help' }
  /** The command was not understood; `problem` says what was wrong in the user's words. */
  | { kind: 'usage'; problem: string }
  | { kind: 'error'; error: ErrorReply };

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
