import assert from 'node:assert/strict';
import { renderAdaptiveCard } from '../../src/render/adaptive-card.js';
import type { Reply } from '../../src/replies/reply.js';
import { bigReply } from './big.js';
import { hostileReply } from './hostile.js';
import { assertWebexReadsIt } from './platform-limits.js';
import {
  ERROR_KINDS,
  SEED_ID,
  cardTexts,
  participant,
  viewOf,
} from './support.js';
import { usageOf } from '../../src/replies/messages.js';

const SESSION_ID = 'c84ba778-2f46-4dc6-9459-398694732d70';

const participants: Array<[string, Reply]> = [
  ['the seed participant, compliance officer', participant(viewOf({}, true))],
  ['the seed participant, host', participant(viewOf({}, false))],
  ['a participant without devices', participant(viewOf({ devices: [], breakoutSessionsAttended: [] }))],
  ['a hostile participant', hostileReply()],
  ['a participant with 200 devices and breakout sessions', bigReply()],
];
const others: Array<[string, Reply]> = [
  ['not found', { kind: 'notFound', subject: { participantId: SEED_ID } }],
  ['help', { kind: 'help' }],
  ['usage', { kind: 'usage', problem: 'That does not look like a participant id.', usage: usageOf('participant') }],
];
const errors: Array<[string, Reply]> = ERROR_KINDS.flatMap(({ name, error }): Array<[string, Reply]> => [
  [`error ${name}`, { kind: 'error', error: { ...error, trackingId: 'ROUTER_1', retryAfterSeconds: 30 } }],
  [`error ${name} without tracking id`, { kind: 'error', error }],
]);

describe('Adaptive Card', () => {
  it('is read by a 1.3 host without a warning for every kind of participant', () => {
    for (const [name, reply] of participants) assertWebexReadsIt(name, reply);
  });

  it('is read by a 1.3 host without a warning for not-found, help and usage', () => {
    for (const [name, reply] of others) assertWebexReadsIt(name, reply);
  });

  it('is read by a 1.3 host without a warning for every error, with and without a tracking id', () => {
    for (const [name, reply] of errors) assertWebexReadsIt(name, reply);
  });

  it('shows the name large, then the state as a coloured label in words, the facts, one line per device and session, the meeting', () => {
    const view = viewOf({ state: 'breakoutSession', breakoutSessionId: SESSION_ID }, true);
    const card = renderAdaptiveCard(participant(view));
    assert.deepEqual(card.body[0], { type: 'TextBlock', text: 'Joe Doe', size: 'Large', weight: 'Bolder', wrap: true });
    assert.deepEqual(card.body[1], {
      type: 'ColumnSet',
      spacing: 'None',
      columns: [
        { type: 'Column', width: 'auto', items: [{ type: 'TextBlock', text: '\u25c6 In a breakout session', color: 'Accent', weight: 'Bolder', wrap: true }] },
        { type: 'Column', width: 'stretch', items: [{ type: 'TextBlock', text: 'Breakout session 1, for 35 min, since 09:05 UTC', wrap: true }] },
      ],
    });
    const texts = cardTexts(card);
    for (const expected of [
      'joeDoe@cisco.com',
      'Host',
      '1 device',
      'Webex app on Mac \u00b7 Phone number: 745273328 \u00b7 phone audio, called in \u00b7 23 Apr 2019 17:31 to 17:32 UTC \u00b7 1 min',
      '1 breakout session',
      'Breakout session 1 \u00b7 09:05 to 09:10 UTC \u00b7 5 min',
      'example.webex.com',
      'janeDoe@cisco.com',
    ]) {
      assert.ok(texts.includes(expected), expected);
    }
  });

  it('colours each state its own way, and says it in words too', () => {
    const label = (state: string) => {
      const row = renderAdaptiveCard(participant(viewOf({ state }))).body[1];
      const block = row?.type === 'ColumnSet' ? row.columns[0]?.items[0] : undefined;
      return block?.type === 'TextBlock' ? [block.text, block.color] : [];
    };
    assert.deepEqual(label('lobby'), ['\u25d0 Waiting in the lobby', 'Warning']);
    assert.deepEqual(label('joined'), ['\u25cf In the meeting', 'Good']);
    assert.deepEqual(label('breakoutSession'), ['\u25c6 In a breakout session', 'Accent']);
    assert.deepEqual(label('end'), ['\u25cb Left the meeting', 'Default']);
  });

  it('fits one Webex message with 200 devices, 200 sessions and a 10,000-character name, and with hostile values', () => {
    for (const reply of [bigReply(), hostileReply()]) {
      const bytes = Buffer.byteLength(JSON.stringify(renderAdaptiveCard(reply)), 'utf8');
      assert.ok(bytes <= 28 * 1024, `${bytes} bytes`);
    }
  });
});
