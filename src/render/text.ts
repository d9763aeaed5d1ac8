import {
  HELP_COMMANDS,
  HELP_ID_HINT,
  HELP_INTRO,
  HELP_PRIVACY,
  LABELS,
  MARKDOWN_CUT_SHORT,
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
import type { Reply } from '../replies/reply.js';
import { cleanText, escapeWebexMarkdown } from './escape.js';
import { deviceLine, displayName, type Fact, keyFacts, markedStatus, meetingFacts, notFoundFacts, rosterLineName, statusMarker } from './facts.js';
import type { StatusView } from '../replies/status.js';
import { MAX_LISTED, clipEscaped, firstListed, utf8Bytes } from './limits.js';

/** Webex refuses a message whose `markdown` is longer than this many bytes. */
export const MAX_MARKDOWN_BYTES = 7439;

/** As in the card: no single value needs more, and it keeps one value from crowding out the rest. */
const MAX_VALUE_LENGTH = 500;

/**
 * A reply as text, before any markup: paragraphs separated by blank lines. A titled paragraph is a
 * heading with what it heads right under it: facts (label and value), or lines (a device each).
 * `status` is the line under a participant's name: its state in words, after a marker that stands
 * in for the card's colour.
 */
type Paragraph =
  | { title: string; status?: StatusView; facts?: Fact[]; lines?: string[] }
  | { text: string }
  | { facts: Fact[] };

/** A line of markdown; a heading is not worth keeping as the last line of a shortened text. */
interface Line {
  text: string;
  heading?: boolean;
}

/**
 * The markdown of a Webex message that carries the card: shown by clients that cannot show the
 * card, and in notifications. Devices and breakout sessions are listed as in the card; when even
 * so it does not fit Webex's size, it ends early with a line saying the card has the rest.
 */
export function renderMarkdown(reply: Reply): string {
  const lines = paragraphs(reply, MAX_LISTED).flatMap((paragraph, i) => [
    ...(i > 0 ? [{ text: '' }] : []),
    ...markdownLines(paragraph),
  ]);
  return fitMarkdown(lines);
}

/** For an operator's terminal: every device and breakout session, no markup, no control characters. */
export function renderPlainText(reply: Reply): string {
  return paragraphs(reply, Infinity)
    .map((paragraph) => {
      if ('text' in paragraph) return cleanText(paragraph.text);
      const title = 'title' in paragraph ? [cleanText(paragraph.title)] : [];
      const status = 'status' in paragraph && paragraph.status ? [cleanText(markedStatus(paragraph.status))] : [];
      const facts = (paragraph.facts ?? []).map(({ label, value }) => `${label}: ${cleanText(value)}`);
      const lines = ('lines' in paragraph ? (paragraph.lines ?? []) : []).map((line) => `- ${cleanText(line)}`);
      return [...title, ...status, ...facts, ...lines].join('\n');
    })
    .join('\n\n');
}

function paragraphs(reply: Reply, maxListed: number): Paragraph[] {
  switch (reply.kind) {
    case 'participant':
      return participantParagraphs(reply.view, maxListed);
    case 'roster': {
      const { roster } = reply;
      return [
        { title: rosterHeading(roster.meeting), facts: [] },
        { text: rosterTotals(roster.totals, roster.complete) },
        { facts: roster.lines.map((line) => ({ label: rosterLineName(line), value: markedStatus(line.status) })) },
        ...(roster.notListed > 0 ? [{ text: moreParticipants(roster.notListed) }] : []),
      ];
    }
    case 'file':
      return [{ text: reply.note }];
    case 'watch':
      return [{ text: reply.text }, ...(reply.facts.length > 0 ? [{ facts: reply.facts }] : [])];
    case 'notFound':
      return [{ text: notFoundMessage(reply.subject) }, { facts: notFoundFacts(reply.subject) }];
    case 'help':
      return [
        { text: HELP_INTRO },
        { facts: HELP_COMMANDS.map(({ command, meaning }) => ({ label: command, value: meaning })) },
        { text: HELP_ID_HINT },
        { text: HELP_PRIVACY },
      ];
    case 'usage':
      return [
        { title: reply.problem },
        { facts: reply.usage.map((line) => ({ label: LABELS.usage, value: line })) },
        { text: HELP_ID_HINT },
      ];
    case 'error': {
      const tracking = trackingLine(reply.error);
      return [
        { title: errorTitle(reply.error) },
        { text: errorAction(reply.error) },
        ...(tracking !== undefined ? [{ text: tracking }] : []),
      ];
    }
  }
}

function participantParagraphs(view: ParticipantView, maxListed: number): Paragraph[] {
  const devices = firstListed(view.devices, maxListed);
  const sessions = firstListed(view.breakoutSessions, maxListed);
  return [
    { title: displayName(view), status: view.status, facts: keyFacts(view) },
    ...(view.devices.length > 0 ? [{ title: devicesHeading(view.devices.length), lines: devices.listed.map(deviceLine) }] : []),
    ...(devices.notListed > 0 ? [{ text: moreDevices(devices.notListed) }] : []),
    ...(view.breakoutSessions.length > 0 ? [{ title: breakoutSessionsHeading(view.breakoutSessions.length), lines: sessions.listed }] : []),
    ...(sessions.notListed > 0 ? [{ text: moreBreakoutSessions(sessions.notListed) }] : []),
    ...(view.notKnownNote !== undefined ? [{ text: view.notKnownNote }] : []),
    { title: LABELS.meeting, facts: meetingFacts(view) },
  ];
}

function markdownLines(paragraph: Paragraph): Line[] {
  if ('text' in paragraph) return [{ text: md(paragraph.text) }];
  const title = 'title' in paragraph ? [{ text: `**${md(paragraph.title)}**`, heading: true }] : [];
  const status = 'status' in paragraph && paragraph.status ? [{ text: markdownStatus(paragraph.status) }] : [];
  const facts = (paragraph.facts ?? []).map(({ label, value }) => ({ text: `- **${md(label)}:** ${md(value)}` }));
  const lines = ('lines' in paragraph ? (paragraph.lines ?? []) : []).map((line) => ({ text: `- ${md(line)}` }));
  return [...title, ...status, ...facts, ...lines];
}

/** "● **In the meeting** · for 12 min, since 15:02 CET": the state's words in bold, as the card's label. */
function markdownStatus(status: StatusView): string {
  const label = `${md(statusMarker(status))} **${md(status.label)}**`;
  return status.detail === undefined ? label : `${label} \u00b7 ${md(status.detail)}`;
}

function md(raw: string): string {
  return clipEscaped(raw, MAX_VALUE_LENGTH, escapeWebexMarkdown);
}

/**
 * Whole lines only, so that no escape or `**` is cut in half, and no heading is left without what
 * it heads. Every line is far below the limit (values are clipped), so a cut text keeps its start.
 */
function fitMarkdown(lines: Line[]): string {
  const whole = lines.map((line) => line.text).join('\n');
  if (utf8Bytes(whole) <= MAX_MARKDOWN_BYTES) return whole;

  const ending = `\n\n_${md(MARKDOWN_CUT_SHORT)}_`;
  let budget = MAX_MARKDOWN_BYTES - utf8Bytes(ending);
  const kept: Line[] = [];
  for (const line of lines) {
    const cost = utf8Bytes(line.text) + (kept.length > 0 ? 1 : 0);
    if (cost > budget) break;
    kept.push(line);
    budget -= cost;
  }
  while (kept.length > 0 && (kept.at(-1)?.text === '' || kept.at(-1)?.heading === true)) kept.pop();
  return kept.map((line) => line.text).join('\n') + ending;
}
