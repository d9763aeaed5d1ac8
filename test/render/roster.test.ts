import assert from 'node:assert/strict';
import { renderAdaptiveCard } from '../../src/render/adaptive-card.js';
import { renderBlockKit } from '../../src/render/block-kit.js';
import { MAX_MARKDOWN_BYTES, renderMarkdown } from '../../src/render/text.js';
import { participantSchema, type Participant } from '../../src/participants/schema.js';
import type { Reply } from '../../src/replies/reply.js';
import { toRosterView } from '../../src/replies/roster-view.js';
import { seedExampleBody } from '../support/fixtures.js';
import { HOSTILE } from './hostile.js';
import { assertWebexReadsIt, assertWithinSlackLimits } from './platform-limits.js';
import { SEED_READING, cardTexts, slackTexts } from './support.js';

const MEETING_ID = 'aaaabbbbccccddddeeeeffff00001111';
/** Webex takes an Adaptive Card of at most this many bytes in one message. */
const MAX_CARD_BYTES = 28 * 1024;

function people(count: number, name: (i: number) => string): Participant[] {
  const states = ['lobby', 'joined', 'breakoutSession', 'end'];
  return Array.from({ length: count }, (_, i) =>
    participantSchema.parse({
      ...seedExampleBody,
      id: `${MEETING_ID}_00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      meetingId: MEETING_ID,
      displayName: name(i),
      state: states[i % states.length],
    }),
  );
}

function rosterReply(participants: Participant[], complete = true): Reply {
  const roster = toRosterView(participants, { label: '2553 123 4567', meetingId: MEETING_ID, complete }, SEED_READING);
  return {
    kind: 'roster',
    roster,
    details: roster.lines.map((line) => ({ label: 'Details', command: `participant ${line.participantId}`, replaces: false })),
    buttons: [{ label: 'Refresh', command: 'participants 25531234567', replaces: true }],
  };
}

describe('a roster, on every platform', () => {
  const big = rosterReply(people(1000, (i) => `${HOSTILE} ${'x'.repeat(400)} ${i}`), false);

  it('is read by a 1.3 host without a warning, and fits one Webex message, with 25 long hostile names', () => {
    assertWebexReadsIt('a big hostile roster', big);
    const bytes = Buffer.byteLength(JSON.stringify(renderAdaptiveCard(big)), 'utf8');
    assert.ok(bytes <= MAX_CARD_BYTES, `${bytes} bytes`);
  });

  it('stays within Slack\u2019s limits, and its markdown within Webex\u2019s', () => {
    const slack = renderBlockKit(big);
    assertWithinSlackLimits(slack);
    assert.ok(Buffer.byteLength(renderMarkdown(big), 'utf8') <= MAX_MARKDOWN_BYTES);
  });

  it('says "at least 1,000" and how many are not listed', () => {
    for (const text of [JSON.stringify(renderBlockKit(big)), JSON.stringify(renderAdaptiveCard(big))]) {
      assert.match(text, /at least 1,000 in all/);
      assert.match(text, /and 975 more/);
    }
    // The markdown fallback of names this long is cut to fit; its totals come first.
    assert.match(renderMarkdown(big), /at least 1,000 in all/);
  });

  it('shows hostile names as inert text: no mention, no link, no markup', () => {
    const card = cardTexts(renderAdaptiveCard(big)).join('\n');
    assert.doesNotMatch(card, /(?<!\\)\[click\]|(?<!\\)<!channel>|(?<!\\)\*\*bold/);
    for (const { type, text } of slackTexts(renderBlockKit(big))) {
      if (type === 'mrkdwn') assert.doesNotMatch(text, /<!channel>|<@|<https?:/);
    }
  });

  it('puts a Details button by each listed person and a Refresh at the end, with their commands as they are', () => {
    const reply = rosterReply(people(3, (i) => `Person_${i} **x**`));
    const card = renderAdaptiveCard(reply);
    const submits = JSON.stringify(card).match(/"command":"[^"]+"/g) ?? [];
    assert.deepEqual(submits, [
      ...[0, 1, 2].map((i) => `"command":"participant ${MEETING_ID}_00000000-0000-4000-8000-${String(i).padStart(12, '0')}"`),
      '"command":"participants 25531234567"',
    ]);
    const slack = renderBlockKit(reply);
    const values = slack.blocks.flatMap((b) =>
      b.type === 'section' && b.accessory?.type === 'button' ? [[b.accessory.action_id, b.accessory.value]] : b.type === 'actions' ? b.elements.map((e) => (e.type === 'button' ? [e.action_id, e.value] : [])) : [],
    );
    assert.deepEqual(values.map(([id]) => id), ['command_line_0', 'command_line_1', 'command_line_2', 'command_refresh']);
  });

  it('shows each person\u2019s state as their card does: coloured on Webex, marked in words on Slack and in text', () => {
    const joined = participantSchema.parse({ ...seedExampleBody, state: 'joined', joinedTime: '2022-10-25T09:02:00Z' });
    const reply = rosterReply([joined]);
    const expected = '\u25cf In the meeting \u00b7 for 38 min, since 09:02 UTC';
    const card = renderAdaptiveCard(reply);
    assert.ok(JSON.stringify(card).includes(`{"type":"TextBlock","text":"${expected}","color":"Good","spacing":"None","wrap":true}`), 'the card');
    assert.ok(slackTexts(renderBlockKit(reply)).some((t) => t.text === expected), 'Slack');
    assert.ok(renderMarkdown(reply).includes(`- **Joe Doe:** ${expected}`), 'the markdown');
  });

  it('lists the lobby first', () => {
    const reply = rosterReply(people(8, (i) => `P${i}`));
    const states = reply.kind === 'roster' ? reply.roster.lines.map((l) => l.status.label) : [];
    assert.deepEqual(states.slice(0, 2), ['Waiting in the lobby', 'Waiting in the lobby']);
    assert.deepEqual(states.slice(-2), ['Left the meeting', 'Left the meeting']);
  });
});
