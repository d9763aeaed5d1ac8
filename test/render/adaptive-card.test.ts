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

  it('shows the name large, then email, roles, state, devices, breakout sessions and the meeting', () => {
    const view = viewOf({ state: 'breakoutSession', breakoutSessionId: SESSION_ID }, true);
    const card = renderAdaptiveCard(participant(view));
    const name = { type: 'TextBlock', text: 'Joe Doe', size: 'Large', weight: 'Bolder', wrap: true };
    assert.deepEqual(card.body[0], name);
    const texts = cardTexts(card);
    for (const expected of [
      'joeDoe@cisco.com',
      'Host',
      'In a breakout session',
      'Breakout session now',
      'Webex meeting center mac',
      'Phone (PSTN)',
      'Called in',
      '1 min',
      '745273328',
      'Breakout session 1',
      'example.webex.com',
      'janeDoe@cisco.com',
    ]) {
      assert.ok(texts.includes(expected), expected);
    }
  });
});
