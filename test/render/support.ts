import * as AC from 'adaptivecards';
import type { types } from '@slack/bolt';
import { participantSchema } from '../../src/participants/schema.js';
import { renderAdaptiveCard, type AdaptiveCard } from '../../src/render/adaptive-card.js';
import { renderBlockKit, type SlackMessage } from '../../src/render/block-kit.js';
import { renderMarkdown, renderPlainText } from '../../src/render/text.js';
import { type ParticipantView, toParticipantView } from '../../src/replies/participant-view.js';
import type { ErrorReply, Reply } from '../../src/replies/reply.js';
import type { Reading } from '../../src/replies/times.js';
import { seedExampleBody } from '../support/fixtures.js';

export const SEED_ID = seedExampleBody.id;

/** Every kind of error reply: each code, and `busy` once for each of who said wait. */
export const ERROR_KINDS: ReadonlyArray<{ name: string; error: ErrorReply }> = [
  { name: 'busy (Webex asked to wait)', error: { code: 'busy', busyBecause: 'webex' } },
  { name: 'busy (our queue is full)', error: { code: 'busy', busyBecause: 'queue' } },
  ...(['webexUnavailable', 'configuration', 'invalidAnswer', 'rejected', 'unknownRequester', 'internal'] as const).map(
    (code) => ({ name: code, error: { code } }),
  ),
];

/**
 * How the renderer tests read times unless they say otherwise: in UTC, forty minutes after the seed
 * participant joined (2022-10-25 09:00 UTC), so that its times read as today's.
 */
export const SEED_READING: Reading = { zone: 'UTC', now: new Date('2022-10-25T09:40:00Z') };

/** A participant from the seed example body, changed by `overrides`, as the given requester sees it. */
export function viewOf(overrides: object = {}, showPhoneNumbers = false, reading: Reading = SEED_READING): ParticipantView {
  return toParticipantView(participantSchema.parse({ ...seedExampleBody, ...overrides }), { showPhoneNumbers, reading });
}

/** The participant reply as the handler gives it: with its Refresh button. */
export function participant(view: ParticipantView): Reply {
  return { kind: 'participant', view, buttons: [{ label: 'Refresh', command: `participant ${view.participantId}`, replaces: true }] };
}

/** Every output a reply becomes, as the strings a person would be shown. */
export interface Rendered {
  card: AdaptiveCard;
  slack: SlackMessage;
  markdown: string;
  plain: string;
}

export function renderAll(reply: Reply): Rendered {
  return {
    card: renderAdaptiveCard(reply),
    slack: renderBlockKit(reply),
    markdown: renderMarkdown(reply),
    plain: renderPlainText(reply),
  };
}

/** Every `text`, `title` and `value` of a card: each one is read as markdown by Webex. */
export function cardTexts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(cardTexts);
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    typeof value === 'string' ? (['text', 'title', 'value'].includes(key) ? [value] : []) : cardTexts(value),
  );
}

export interface SlackText {
  type: 'plain_text' | 'mrkdwn';
  text: string;
}

/** Every text object of a Slack message, the fallback `text` (read as mrkdwn) included. */
export function slackTexts(message: SlackMessage): SlackText[] {
  const texts: SlackText[] = [{ type: 'mrkdwn', text: message.text }];
  for (const block of message.blocks) {
    if (block.type === 'header') texts.push(block.text);
    if (block.type === 'section') texts.push(...(block.text ? [block.text] : []), ...(block.fields ?? []));
    if (block.type === 'context') texts.push(...block.elements.filter(isTextElement));
  }
  return texts;
}

function isTextElement(element: types.ContextBlockElement): element is SlackText {
  return element.type === 'plain_text' || element.type === 'mrkdwn';
}

/**
 * Roughly what a reader sees of escaped text: zero-width spaces are invisible, markdown backslash
 * escapes and Slack's three entities show as the character.
 */
export function visible(text: string): string {
  return text
    .replace(/\u200b/g, '')
    .replace(/\\([\\`*_~[\]&#>+=.)-])/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** What a reader could see of a reply on each platform; the card and Slack show many texts. */
export interface Shown {
  card: string[];
  slack: string[];
  markdown: string;
  plain: string;
}

export function shown(rendered: Rendered): Shown {
  return {
    card: cardTexts(rendered.card).map(visible),
    slack: slackTexts(rendered.slack).map((t) => visible(t.text)),
    markdown: visible(rendered.markdown),
    plain: rendered.plain,
  };
}

export function allShown(rendered: Rendered): string[] {
  const { card, slack, markdown, plain } = shown(rendered);
  return [...card, ...slack, markdown, plain];
}

/**
 * Microsoft's own parser, as a host of version 1.3 would run it. Returns every parse warning and
 * validation failure; an empty list means a 1.3 host reads the card as meant.
 */
export function cardProblems(card: AdaptiveCard): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(new AC.Version(1, 3));
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  problems.push(...parsed.validateProperties().validationEvents.map((event) => event.message));
  return problems;
}

/** Element types Webex renders, of those a 1.3 card may hold; the templates need only these. */
export const WEBEX_ELEMENTS = new Set(['TextBlock', 'FactSet', 'Container', 'ColumnSet', 'Column', 'ActionSet', 'Action.Submit']);

export function elementTypes(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(elementTypes);
  if (typeof node !== 'object' || node === null) return [];
  const own = 'type' in node && typeof node.type === 'string' && node.type !== 'AdaptiveCard' ? [node.type] : [];
  return [...own, ...Object.values(node).flatMap(elementTypes)];
}
