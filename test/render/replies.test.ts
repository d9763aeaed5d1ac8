import assert from 'node:assert/strict';
import { pino } from 'pino';
import { AccessPolicy } from '../../src/access/policy.js';
import { createCommandHandler } from '../../src/commands/handle-command.js';
import type { LookupOutcome } from '../../src/participants/outcome.js';
import { participantSchema } from '../../src/participants/schema.js';
import {
  HELP_COMMANDS,
  LABELS,
  NOT_KNOWN,
  NOT_KNOWN_NOTE,
  UNNAMED_PARTICIPANT,
  errorAction,
  errorTitle,
  notFoundMessage,
} from '../../src/replies/messages.js';
import type { ErrorReply } from '../../src/replies/reply.js';
import { seedExampleBody } from '../support/fixtures.js';
import {
  ERROR_KINDS,
  SEED_ID,
  allShown,
  participant,
  type Rendered,
  renderAll,
  shown,
  viewOf,
} from './support.js';
import { NO_MEETINGS } from '../support/fake-meetings.js';
import { usageOf } from '../../src/replies/messages.js';

/** Each platform's output shows `text` somewhere. */
function shownByAll(rendered: Rendered, text: string): void {
  const { card, slack, markdown, plain } = shown(rendered);
  assert.ok(card.some((t) => t.includes(text)), `the card shows ${text}`);
  assert.ok(slack.some((t) => t.includes(text)), `Slack shows ${text}`);
  assert.ok(markdown.includes(text), `the markdown shows ${text}`);
  assert.ok(plain.includes(text), `the plain text shows ${text}`);
}

describe('replies as a person reads them', () => {
  it('shows the phone number to a compliance officer, on every platform', () => {
    shownByAll(renderAll(participant(viewOf({}, true))), '745273328');
    shownByAll(renderAll(participant(viewOf({}, true))), LABELS.phoneNumber);
  });

  it('shows no phone number, and no empty phone row, to anyone else', () => {
    for (const text of allShown(renderAll(participant(viewOf({}, false))))) {
      assert.ok(!text.includes('745273328') && !text.includes(LABELS.phoneNumber), text);
    }
    const blankNumber = viewOf({ devices: [{ ...seedExampleBody.devices[0], phoneNumber: ' ' }] }, true);
    for (const text of allShown(renderAll(participant(blankNumber)))) assert.ok(!text.includes(LABELS.phoneNumber));
  });

  it('reads the 1970 placeholder and missing times as "—" with one note saying why, never as 1970', () => {
    const view = viewOf({
      joinedTime: '1970-01-01T00:00:00.000Z',
      leftTime: undefined,
      devices: [{ deviceType: 'webex_ios', joinedTime: '1970-01-01T00:00:00.000Z' }],
    });
    const rendered = renderAll(participant(view));
    shownByAll(rendered, NOT_KNOWN_NOTE);
    const { card, slack, markdown, plain } = shown(rendered);
    assert.ok(JSON.stringify(rendered.card).includes(`{"title":"${LABELS.joined}","value":"${NOT_KNOWN}"}`), 'the card');
    assert.ok(slack.includes(`${LABELS.joined}: ${NOT_KNOWN}`), 'Slack');
    assert.ok(markdown.includes(`${LABELS.joined}:** ${NOT_KNOWN}`), 'the markdown');
    assert.ok(plain.includes(`${LABELS.joined}: ${NOT_KNOWN}`), 'the plain text');
    for (const [where, texts] of [['card', card], ['slack', slack], ['markdown', [markdown]], ['plain', [plain]]] as const) {
      assert.equal(texts.join('\n').split(NOT_KNOWN_NOTE).length, 2, `the note once in the ${where}`);
    }
    for (const text of allShown(rendered)) assert.ok(!text.includes('1970'), text);
  });

  it('says nothing of "—" when everything is known', () => {
    for (const text of allShown(renderAll(participant(viewOf({}))))) assert.ok(!text.includes(NOT_KNOWN_NOTE), text);
  });

  it('calls a participant whose name is only control characters "Participant", not an empty heading', () => {
    const rendered = renderAll(participant(viewOf({ displayName: '\u202e\u0007\n' })));
    assert.equal(rendered.card.body[0]?.type === 'TextBlock' && rendered.card.body[0].text, UNNAMED_PARTICIPANT);
    const header = { type: 'header', text: { type: 'plain_text', text: UNNAMED_PARTICIPANT } };
    assert.deepEqual(rendered.slack.blocks[0], header);
    assert.ok(rendered.markdown.startsWith(`**${UNNAMED_PARTICIPANT}**\n`));
    assert.ok(rendered.plain.startsWith(`${UNNAMED_PARTICIPANT}\n`));
  });

  it('shows enum values Webex added after us as they came', () => {
    const view = viewOf({ state: 'onHold', devices: [{ audioType: 'sip', callType: 'callOut' }] });
    const rendered = renderAll(participant(view));
    for (const value of ['onHold', 'sip', 'callOut']) shownByAll(rendered, value);
  });

  it('gives the same not-found answer, word for word, to a stranger and for an id that does not exist', async () => {
    const access = new AccessPolicy({ admins: [], complianceOfficers: [], slackUsers: {} });
    const answer = async (outcome: LookupOutcome) => {
      const participants = { lookup: async () => outcome };
      const handle = createCommandHandler({ meetings: NO_MEETINGS, access, participants, logger: pino({ level: 'silent' }) });
      return renderAll(await handle({ platform: 'webex', email: 'mallory@example.com' }, `participant ${SEED_ID}`));
    };
    const found = participantSchema.parse(seedExampleBody);
    const refused = await answer({ ok: true, participant: found, trackingId: 'T1' });
    const missing = await answer({ ok: false, failure: { kind: 'notFound', status: 404, trackingId: 'T2' } });
    assert.deepEqual(refused, missing);
    shownByAll(refused, notFoundMessage({ participantId: '' }));
    shownByAll(refused, SEED_ID);
  });

  it('lists every command in the help', () => {
    const rendered = renderAll({ kind: 'help' });
    for (const { command, meaning } of HELP_COMMANDS) {
      shownByAll(rendered, command);
      shownByAll(rendered, meaning);
    }
  });

  it('says what was wrong and how to ask in the usage reply', () => {
    const rendered = renderAll({ kind: 'usage', problem: 'That does not look like a participant id.', usage: usageOf('participant') });
    shownByAll(rendered, 'That does not look like a participant id.');
    for (const line of usageOf('participant')) shownByAll(rendered, line);
  });

  it('says what happened, what to do and the tracking id in an error, never undefined or a stack', () => {
    for (const { error: kind } of ERROR_KINDS) {
      const variants: ErrorReply[] = [{ ...kind, trackingId: 'ROUTER_5F1B', retryAfterSeconds: 42 }, kind];
      for (const error of variants) {
        const rendered = renderAll({ kind: 'error', error });
        shownByAll(rendered, errorTitle(error));
        shownByAll(rendered, errorAction(error));
        if (error.trackingId) shownByAll(rendered, 'ROUTER_5F1B');
        for (const text of allShown(rendered)) {
          assert.doesNotMatch(text, /undefined|\[object Object\]|tracking id:\s*$|\n\s+at /i, text);
          if (!error.trackingId) assert.ok(!text.includes('tracking'), text);
        }
      }
    }
  });
});
