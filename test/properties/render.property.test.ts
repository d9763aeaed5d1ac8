import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCommand } from '../../src/commands/parse.js';
import { renderAdaptiveCard } from '../../src/render/adaptive-card.js';
import { renderBlockKit, type SlackMessage } from '../../src/render/block-kit.js';
import { MAX_MARKDOWN_BYTES, renderMarkdown, renderPlainText } from '../../src/render/text.js';
import type { DeviceView, ParticipantView } from '../../src/replies/participant-view.js';
import type { StatusView } from '../../src/replies/status.js';
import { usageOf } from '../../src/replies/messages.js';
import type { Reply } from '../../src/replies/reply.js';
import { ERROR_KINDS, WEBEX_ELEMENTS, cardTexts, elementTypes, participant, slackTexts } from '../render/support.js';
import { RUNS } from './runs.js';

/** What an attacker would type into a display name, a device type or a session name. */
const hostilePiece = fc.constantFrom(
  '<!channel>', '<!here>', '<!everyone>', '<@U0123ABCD>', '<@all>', '@here', '@channel', '@all',
  '[click](https://evil.example)', '](http://evil.example)', '<https://evil.example|click>', '<http://x>',
  '<script>alert(1)</script>', '<SCRIPT>', '**', '__', '`', '```', '~', '\\', '&lt;', '&amp;', '&#60;', '{{DATE(x)}}',
  '\n', '\r\n', '\n# ', '\n> ', '\n- ', '1. ', '\u2028', '\u0000', '\u001b[31m', '\u202e', '\u2066', '\u200b', '\ufeff',
  '🎉', '👩‍👩‍👧', 'é', '\ud800', ' ', '',
);
const hostile = fc.oneof(
  { weight: 10, arbitrary: fc.array(fc.oneof(hostilePiece, fc.string({ unit: 'binary', maxLength: 12 })), { maxLength: 8 }).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 500, maxLength: 4_000 }) },
);

const device: fc.Arbitrary<DeviceView> = fc.record({ name: hostile, summary: hostile, phoneNumber: hostile }, { requiredKeys: ['name', 'summary'] });
const status: fc.Arbitrary<StatusView> = fc.record(
  { tone: fc.constantFrom('lobby', 'inMeeting', 'breakoutSession', 'left', 'other'), label: hostile, detail: hostile },
  { requiredKeys: ['tone', 'label'] },
);
const listOf = <T>(item: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 8, arbitrary: fc.array(item, { maxLength: 4 }) }, { weight: 1, arbitrary: fc.array(item, { maxLength: 40 }) });

const view: fc.Arbitrary<ParticipantView> = fc.record(
  {
    participantId: hostile,
    displayName: hostile,
    email: hostile,
    roles: fc.array(hostile, { maxLength: 4 }),
    status,
    muted: hostile,
    video: hostile,
    meetingStart: hostile,
    joined: hostile,
    left: hostile,
    devices: listOf(device),
    breakoutSessions: listOf(hostile),
    siteUrl: hostile,
    meetingId: hostile,
    hostEmail: hostile,
    notKnownNote: hostile,
  },
  { requiredKeys: ['participantId', 'displayName', 'email', 'roles', 'status', 'muted', 'video', 'meetingStart', 'joined', 'left', 'devices', 'breakoutSessions', 'siteUrl', 'meetingId', 'hostEmail'] },
);

const reply: fc.Arbitrary<Reply> = fc.oneof(
  { weight: 6, arbitrary: view.map((v): Reply => participant(v)) },
  { weight: 1, arbitrary: hostile.map((participantId): Reply => ({ kind: 'notFound', subject: { participantId } })) },
  // The problem is the parser's own sentence, whatever was typed.
  {
    weight: 1,
    arbitrary: hostile.map((text): Reply => {
      const command = parseCommand(`participant ${text}`);
      return command.kind === 'usage' ? { kind: 'usage', problem: command.problem, usage: usageOf(command.verb) } : { kind: 'help' };
    }),
  },
  { weight: 1, arbitrary: fc.constant<Reply>({ kind: 'help' }) },
  {
    weight: 1,
    arbitrary: fc
      .record(
        { kind: fc.constantFrom(...ERROR_KINDS.map(({ error }) => error)), trackingId: hostile, retryAfterSeconds: fc.double({ min: 0, max: 1e7, noNaN: true }) },
        { requiredKeys: ['kind'] },
      )
      .map(({ kind, ...fields }): Reply => ({ kind: 'error', error: { ...kind, ...fields } })),
  },
);

/** A raw `<` before these is a mention, a link or a tag on some platform; every `<` must be defused. */
const ACTIVE_AFTER_ANGLE = /<(?:!channel|!here|!everyone|@|https?:|script)/i;
/** A markdown link: `](http` not escaped. */
const ACTIVE_LINK = /(?<!\\)\]\(https?:/i;

function assertSlackLimits(message: SlackMessage): void {
  assert.ok(message.blocks.length <= 50, `${message.blocks.length} blocks`);
  for (const block of message.blocks) {
    if (block.type === 'header') assert.ok(block.text.text.length <= 150, 'header');
    if (block.type === 'section') {
      assert.ok((block.fields?.length ?? 0) <= 10, 'at most 10 fields');
      for (const field of block.fields ?? []) assert.ok(field.text.length <= 2000, 'field');
      assert.ok((block.text?.text.length ?? 0) <= 3000, 'section text');
    }
    if (block.type === 'context') assert.ok(block.elements.length <= 10, 'at most 10 context elements');
  }
  for (const { text } of slackTexts(message)) assert.ok(text.length >= 1 && text.length <= 3000, `a text object of ${text.length}`);
}

describe('property: the renderers, with hostile views', function () {
  this.timeout(120_000);

  it('make a Webex card of version 1.3 with only elements Webex renders, and nothing active in it', () => {
    fc.assert(
      fc.property(reply, (r) => {
        const card = renderAdaptiveCard(r);
        assert.equal(card.version, '1.3');
        for (const type of elementTypes(card.body)) assert.ok(WEBEX_ELEMENTS.has(type), type);
        for (const text of cardTexts(card)) {
          assert.doesNotMatch(text, ACTIVE_AFTER_ANGLE);
          assert.doesNotMatch(text, ACTIVE_LINK);
        }
      }),
      RUNS,
    );
  });

  it('make a Slack message within Slack\u2019s limits with nothing active in it', () => {
    fc.assert(
      fc.property(reply, (r) => {
        const message = renderBlockKit(r);
        assertSlackLimits(message);
        for (const { text } of slackTexts(message)) assert.doesNotMatch(text, ACTIVE_AFTER_ANGLE);
      }),
      RUNS,
    );
  });

  it('make Webex markdown of at most 7,439 bytes with nothing active in it, and plain text without control characters', () => {
    fc.assert(
      fc.property(reply, (r) => {
        const markdown = renderMarkdown(r);
        assert.ok(Buffer.byteLength(markdown, 'utf8') <= MAX_MARKDOWN_BYTES, `${Buffer.byteLength(markdown)} bytes`);
        assert.doesNotMatch(markdown, ACTIVE_AFTER_ANGLE);
        assert.doesNotMatch(markdown, ACTIVE_LINK);
        assert.doesNotMatch(renderPlainText(r), /[\p{Cc}\u202a-\u202e\u2066-\u2069](?<!\n)/u);
      }),
      RUNS,
    );
  });
});
