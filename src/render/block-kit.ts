import type { types } from '@slack/bolt';
import {
  HELP_COMMANDS,
  HELP_ID_HINT,
  HELP_INTRO,
  HELP_PRIVACY,
  LABELS,
  NOT_KNOWN,
  breakoutSessionsHeading,
  devicesHeading,
  errorAction,
  errorTitle,
  moreBreakoutSessions,
  moreDevices,
  moreParticipants,
  notFoundMessage,
  rosterHeading,
  rosterTotals,
  trackingLine,
} from '../replies/messages.js';
import type { ParticipantView } from '../replies/participant-view.js';
import type { CommandButton, Reply } from '../replies/reply.js';
import type { RosterView } from '../replies/roster-view.js';
import { cleanText, escapeSlackMrkdwn, escapeSlackPlainText } from './escape.js';
import { deviceLine, displayName, type Fact, keyFacts, markedStatus, meetingFacts, notFoundFacts, rosterLineName, statusWords } from './facts.js';
import { MAX_LISTED, clipEscaped, firstListed } from './limits.js';

export type SlackBlock = types.KnownBlock;

export interface SlackMessage {
  /** Slack shows it in notifications and where blocks cannot be shown; it is read as mrkdwn. */
  text: string;
  blocks: SlackBlock[];
}

// Slack's limits (Block Kit reference), in characters.
const MAX_HEADER = 150;
const MAX_TEXT = 3000;
const MAX_FIELD = 2000;
/** Slack's limit on the fields of a section. */
const MAX_SECTION_FIELDS = 10;
/** Fallback text only needs to identify the reply; the details are in the blocks. */
const MAX_FALLBACK_PART = 150;

/**
 * Untrusted values only ever go into `plain_text`, which Slack does not parse for formatting,
 * mentions or links; `mrkdwn` is used for our own headings and the fallback text, escaped all the
 * same. A participant takes at most 16 blocks (of Slack's 50): 10 devices and 10 breakout sessions
 * are listed, one line each, the rest counted in one line.
 */
export function renderBlockKit(reply: Reply): SlackMessage {
  switch (reply.kind) {
    case 'participant':
      return withButtons(participantMessage(reply.view), reply.buttons);
    case 'roster':
      return withButtons(rosterMessage(reply.roster, reply.details), reply.buttons);
    case 'file':
      return { text: mrkdwn(reply.note), blocks: [{ type: 'section', text: plain(reply.note) }] };
    case 'watch':
      return withButtons(
        {
          text: mrkdwn(reply.text),
          blocks: [
            { type: 'section', text: plain(reply.text) },
            // `watch list` has up to 20: ten fields a section, Slack's most.
            ...chunks(reply.facts, MAX_SECTION_FIELDS).map((facts): types.SectionBlock => ({ type: 'section', fields: facts.map(field) })),
          ],
        },
        reply.buttons,
      );
    case 'notFound':
      return {
        text: mrkdwn(notFoundMessage(reply.subject)),
        blocks: [
          { type: 'section', text: plain(notFoundMessage(reply.subject)) },
          { type: 'context', elements: notFoundFacts(reply.subject).map(field) },
        ],
      };
    case 'help':
      return {
        text: mrkdwn(HELP_INTRO),
        blocks: [
          { type: 'section', text: plain(HELP_INTRO) },
          {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text: HELP_COMMANDS.map(({ command, meaning }) => `• *${mrkdwn(command)}* \u2013 ${mrkdwn(meaning)}`)
                .join('\n'),
            },
          },
          { type: 'context', elements: [plain(HELP_ID_HINT), plain(HELP_PRIVACY)] },
        ],
      };
    case 'usage':
      return {
        text: mrkdwn(`${reply.problem} ${LABELS.usage}: ${reply.usage.join(' \u00b7 ')}`),
        blocks: [
          { type: 'section', text: plain(reply.problem) },
          { type: 'section', fields: reply.usage.map((line) => field({ label: LABELS.usage, value: line })) },
          { type: 'context', elements: [plain(HELP_ID_HINT)] },
        ],
      };
    case 'error': {
      const title = errorTitle(reply.error);
      const action = errorAction(reply.error);
      const tracking = trackingLine(reply.error);
      return {
        text: mrkdwn([title, action, tracking].filter((part) => part !== undefined).join(' ')),
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: `*${mrkdwn(title)}*` } },
          { type: 'section', text: plain(action) },
          ...(tracking !== undefined ? [{ type: 'context' as const, elements: [plain(tracking)] }] : []),
        ],
      };
    }
  }
}

/**
 * Slack sends a click as `block_actions` (README, "Buttons"): `action_id` starts with `command`, and
 * `command_refresh` marks the button whose answer replaces the message; `value` is the command line.
 */
export const COMMAND_ACTION_PREFIX = 'command';
export const REFRESH_ACTION_ID = `${COMMAND_ACTION_PREFIX}_refresh`;
/** Slack's limit on a button's value. */
const MAX_BUTTON_VALUE = 2000;

function withButtons(message: SlackMessage, buttons: readonly CommandButton[]): SlackMessage {
  // A value Slack would refuse makes the whole message fail; such a command cannot come from the parser.
  const fitting = buttons.filter(({ command }) => command.length <= MAX_BUTTON_VALUE);
  if (fitting.length === 0) return message;
  const actions: types.ActionsBlock = { type: 'actions', elements: fitting.map((b, i) => button(b, `${i}`)) };
  return { ...message, blocks: [...message.blocks, actions] };
}

/** `key` keeps action ids unique within a message, as Slack requires. */
function button({ label, command, replaces }: CommandButton, key: string): types.Button {
  return {
    type: 'button',
    action_id: replaces ? REFRESH_ACTION_ID : `${COMMAND_ACTION_PREFIX}_${key}`,
    text: plain(label, 75),
    value: command,
  };
}

/**
 * Totals first, then one section per person (25 at most) with their Details button beside it:
 * at most 29 blocks of Slack's 50.
 */
function rosterMessage(roster: RosterView, details: readonly CommandButton[]): SlackMessage {
  const totals = rosterTotals(roster.totals, roster.complete);
  const blocks: SlackBlock[] = [
    { type: 'header', text: plain(rosterHeading(roster.meeting), MAX_HEADER) },
    { type: 'section', text: plain(totals) },
    { type: 'divider' },
    ...roster.lines.map((line, i): types.SectionBlock => {
      const detail = details[i];
      return {
        type: 'section',
        // Two fields side by side: the name (untrusted, so plain text), then where they are and since when.
        fields: [plain(rosterLineName(line), MAX_FIELD), plain(markedStatus(line.status), MAX_FIELD)],
        ...(detail !== undefined && detail.command.length <= MAX_BUTTON_VALUE ? { accessory: button(detail, `line_${i}`) } : {}),
      };
    }),
  ];
  if (roster.notListed > 0) blocks.push({ type: 'context', elements: [plain(moreParticipants(roster.notListed))] });
  const heading = clipEscaped(rosterHeading(roster.meeting), MAX_FALLBACK_PART, escapeSlackMrkdwn);
  return { text: `${heading}: ${mrkdwn(totals)}`, blocks };
}

/**
 * The card's hierarchy without colour: the name as the header, the status with its marker right
 * under it, the facts that matter, then one line per device and per breakout session (plain text,
 * one section each list), the note on "—", and the meeting in small print.
 */
function participantMessage(view: ParticipantView): SlackMessage {
  const blocks: SlackBlock[] = [
    { type: 'header', text: plain(displayName(view), MAX_HEADER) },
    { type: 'section', text: plain(markedStatus(view.status)) },
    { type: 'section', fields: keyFacts(view).map(field) },
  ];
  if (view.devices.length > 0) {
    blocks.push({ type: 'divider' }, ...listSections(devicesHeading(view.devices.length), view.devices.map(deviceLine), moreDevices));
  }
  if (view.breakoutSessions.length > 0) {
    const heading = breakoutSessionsHeading(view.breakoutSessions.length);
    blocks.push({ type: 'divider' }, ...listSections(heading, view.breakoutSessions, moreBreakoutSessions));
  }
  if (view.notKnownNote !== undefined && cleanText(view.notKnownNote) !== '') blocks.push({ type: 'context', elements: [plain(view.notKnownNote)] });
  blocks.push({ type: 'divider' }, { type: 'context', elements: meetingFacts(view).map(field) });

  const [name, email, state] = [displayName(view), view.email, statusWords(view.status)].map((part) =>
    clipEscaped(part, MAX_FALLBACK_PART, escapeSlackMrkdwn),
  );
  return { text: `${name} (${email}): ${state}`, blocks };
}

/**
 * A bold heading of our own words, then the first lines of a list in one plain-text section, one
 * per line; each line is clipped so that ten of them stay within a text object's 3,000.
 */
function listSections(heading: string, lines: readonly string[], more: (count: number) => string): SlackBlock[] {
  const { listed, notListed } = firstListed(lines);
  const perLine = Math.floor(MAX_TEXT / MAX_LISTED) - 1;
  // A line with nothing left to show once cleaned would leave Slack an empty text, which it refuses.
  const text = listed.map((line) => clipEscaped(line, perLine, escapeSlackPlainText) || NOT_KNOWN).join('\n');
  return [
    { type: 'section', text: { type: 'mrkdwn', text: `*${mrkdwn(heading)}*` } },
    { type: 'section', text: { type: 'plain_text', text } },
    ...(notListed > 0 ? [{ type: 'context' as const, elements: [plain(more(notListed))] }] : []),
  ];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

function field({ label, value }: Fact): types.PlainTextElement {
  return plain(`${label}: ${value}`, MAX_FIELD);
}

function plain(raw: string, max = MAX_TEXT): types.PlainTextElement {
  return { type: 'plain_text', text: clipEscaped(raw, max, escapeSlackPlainText) };
}

function mrkdwn(raw: string): string {
  return clipEscaped(raw, MAX_TEXT, escapeSlackMrkdwn);
}
