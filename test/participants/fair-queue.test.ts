import assert from 'node:assert/strict';
import { pino } from 'pino';
import { createFairQueue } from '../../src/participants/fair-queue.js';
import { renderPlainText } from '../../src/render/text.js';
import { createCoreServices, type CoreServices, type CoreTuning } from '../../src/services.js';
import { startWebexEmulator, type WebexEmulator } from '../support/webex-emulator.js';

const ADMIN = 'ada.admin@example.com';
const OFFICER = 'olga.officer@example.com';
const idOf = (index: number) => `${String(index).padStart(32, 'e')}_3c2e2338-e950-43bf-b588-573773ee43d1`;
/** One second lasts this long here: "5 per second" is 5 per UNIT ms. */
const UNIT = 10;
const perSecond = (rate: number) => (rate * 60 * 1000) / UNIT;

describe('fair queue', () => {
  it('serves keys in turn, one task each, and each key in the order it asked', async () => {
    const queue = createFairQueue({ width: 1 });
    const served: string[] = [];
    const task = (name: string) => async () => {
      served.push(name);
    };
    const all = [
      ...['a1', 'a2', 'a3', 'a4'].map((name) => queue.run('a', task(name))),
      ...['b1', 'b2'].map((name) => queue.run('b', task(name))),
      queue.run('c', task('c1')),
    ];
    assert.equal(queue.waiting, 6, 'a1 went at once; the others wait');
    await Promise.all(all);
    assert.deepEqual(served, ['a1', 'a2', 'b1', 'c1', 'a3', 'b2', 'a4']);
    assert.equal(queue.waiting, 0);
  });

  it('settles as the task does, and goes on after a task that failed', async () => {
    const queue = createFairQueue({ width: 1 });
    const failed = queue.run('a', async () => {
      throw new Error('boom');
    });
    const next = queue.run('a', async () => 'next');
    await assert.rejects(failed, /boom/);
    assert.equal(await next, 'next');
  });
});

/** What a person sees: the core as the bot builds it, one Webex emulator, replies as text. */
describe('fair queue, as people see it (createCoreServices)', () => {
  let emulator: WebexEmulator;
  let core: CoreServices | undefined;
  /** The participant ids in the order the bot sent them (arrival order jitters across connections). */
  let sent: string[];

  beforeEach(async () => {
    sent = [];
    emulator = await startWebexEmulator();
    for (let index = 0; index < 30; index += 1) {
      emulator.addParticipant({ id: idOf(index), meetingId: 'm1', hostEmail: 'host@example.com', state: 'joined' });
    }
  });
  afterEach(async () => {
    await core?.close();
    core = undefined;
    await emulator.close();
  });

  const start = async (ratePerMinute: number, tuning: CoreTuning = {}) => {
    core = await createCoreServices({
      logger: pino({ level: 'silent' }),
      webexApi: { baseUrl: emulator.baseUrl, token: emulator.apiToken, ratePerMinute },
      access: { admins: [ADMIN], complianceOfficers: [OFFICER], slackUsers: {} },
      tuning: {
        timeUnitMs: UNIT,
        lookupTimeoutMs: 1000,
        fetch: (input, init) => {
          sent.push(String(input).split('/').at(-1) ?? '');
          return fetch(input, init);
        },
        ...tuning,
      },
    });
    return core;
  };

  it('answers an admin who pastes 25 ids at once, at 5 lookups a second, all 25, in the order pasted', async () => {
    const { handle } = await start(perSecond(5));
    const ids = Array.from({ length: 25 }, (_, index) => idOf(index));
    const replies = await Promise.all(ids.map((id) => handle({ platform: 'webex', email: ADMIN }, `participant ${id}`)));
    assert.deepEqual(
      replies.map((reply) => reply.kind),
      ids.map(() => 'participant'),
    );
    assert.deepEqual(sent, ids);
  });

  it('interleaves that burst with a second person, who is not kept waiting behind all of it', async () => {
    const { handle } = await start(perSecond(5), { maxConcurrent: 1 });
    const burst = Array.from({ length: 25 }, (_, index) => idOf(index));
    const other = [idOf(25), idOf(26)];
    const replies = await Promise.all([
      ...burst.map((id) => handle({ platform: 'webex', email: ADMIN }, `participant ${id}`)),
      ...other.map((id) => handle({ platform: 'slack', email: OFFICER }, `participant ${id}`)),
    ]);
    assert.ok(replies.every((reply) => reply.kind === 'participant'));
    const order = sent;
    // The first two of the burst were already handed on to the limiter; then the two alternate.
    assert.deepEqual(
      other.map((id) => order.indexOf(id)),
      [3, 5],
      `the second person's lookups went fourth and sixth: ${order.map((id) => id.slice(30, 32))}`,
    );
  });

  it('says "many lookups are waiting" when our own queue is full, and "Webex asked us to wait" on a long 429', async () => {
    const { handle } = await start(perSecond(5), { maxQueued: 3 });
    const replies = await Promise.all(
      [0, 1, 2, 3].map((index) => handle({ platform: 'webex', email: ADMIN }, `participant ${idOf(index)}`)),
    );
    const full = replies.at(-1);
    assert.ok(full?.kind === 'error' && full.error.code === 'busy' && full.error.busyBecause === 'queue');
    assert.match(renderPlainText(full), /Many lookups are waiting/);
    assert.doesNotMatch(renderPlainText(full), /Webex/);

    emulator.failNext(1, { status: 429, headers: { 'Retry-After': '600' } });
    const throttled = await handle({ platform: 'webex', email: ADMIN }, `participant ${idOf(10)}`);
    assert.ok(throttled.kind === 'error' && throttled.error.code === 'busy' && throttled.error.busyBecause === 'webex');
    assert.match(renderPlainText(throttled), /Webex asked us to wait/);
    assert.match(renderPlainText(throttled), /try again in about 10 minutes/);
  });
});
