import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { Requester } from '../../src/commands/handle-command.js';
import { createLogger } from '../../src/logger.js';
import { InFlight } from '../../src/observability/in-flight.js';
import { createMetrics, type Metrics } from '../../src/observability/metrics.js';
import { createTransportObserver } from '../../src/observability/transport-observer.js';
import type { Reply } from '../../src/replies/reply.js';
import { MemoryDeduplicator } from '../../src/transports/deduplicator.js';
import { SendError } from '../../src/transports/delivery.js';
import { createPipeline, type RunningPlatform } from '../../src/transports/pipeline.js';
import { createFakePlatform, FINAL, TRANSIENT, type FakePlatform } from '../support/fake-platform.js';
import { usageOf } from '../../src/replies/messages.js';

const PARTICIPANT: Reply = {
  kind: 'participant',
  view: {} as never,
  buttons: [{ label: 'Refresh', command: 'participant x', replaces: true }],
};

/** Replies by the command's first word, so that each reply kind can be asked for. */
const REPLIES: Record<string, Reply> = {
  participant: PARTICIPANT,
  missing: { kind: 'notFound', subject: { participantId: 'x' } },
  roster: { kind: 'roster', roster: {} as never, details: [], buttons: [] },
  csv: { kind: 'file', file: { name: 'a.csv', mimeType: 'text/csv', content: 'a\r\n' }, note: 'A file.' },
  broken: { kind: 'error', error: { code: 'webexUnavailable' } },
  help: { kind: 'help' },
  nonsense: { kind: 'usage', problem: 'I did not understand that.', usage: usageOf() },
};

describe('the answer pipeline, with a fake platform', () => {
  let platform: FakePlatform;
  let running: RunningPlatform;
  let handled: Array<{ requester: Requester; text: string }>;
  let metrics: Metrics;
  let inFlight: InFlight;
  let logs: Array<Record<string, unknown>>;

  beforeEach(async () => {
    platform = createFakePlatform();
    handled = [];
    metrics = createMetrics();
    inFlight = new InFlight();
    logs = [];
    const logger = createLogger(
      'debug',
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          logs.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
          done();
        },
      }),
    );
    const pipeline = createPipeline({
      handle: async (requester, text) => {
        handled.push({ requester, text });
        return REPLIES[text.split(' ')[0] ?? ''] ?? { kind: 'help' };
      },
      dedupe: new MemoryDeduplicator(),
      logger,
      observer: createTransportObserver(metrics, inFlight),
      retry: { attempts: 3, baseDelayMs: 1, maxWaitMs: 50 },
    });
    running = pipeline.attach(platform);
    await running.start();
  });

  const lost = async () => (await metrics.registry.getSingleMetric('participant_bot_replies_failed_total')?.get())?.values;

  it('answers each event once, however often the platform delivers it', async () => {
    await Promise.all([platform.emit({ id: 'E1', text: 'help' }), platform.emit({ id: 'E1', text: 'help' })]);
    await platform.emit({ id: 'E1', text: 'help' });
    assert.equal(handled.length, 1);
    assert.equal(platform.delivered.length, 1);
  });

  it('asks the core as the person the platform identified, in their time zone, on that platform, typed or clicked', async () => {
    await platform.emit({ text: 'participant x', event: { email: 'hana.host@example.com', timeZone: 'Europe/Berlin' } });
    await platform.emit({ text: 'participant x', via: 'button', event: { email: 'olga.officer@example.com' } });
    assert.deepEqual(
      handled.map(({ requester }) => requester),
      [
        { platform: 'fake', email: 'hana.host@example.com', timeZone: 'Europe/Berlin', via: 'typed', userId: 'U1' },
        { platform: 'fake', email: 'olga.officer@example.com', timeZone: undefined, via: 'button', userId: 'U1' },
      ],
    );
  });

  it('renders the core\u2019s reply with the platform\u2019s renderer', async () => {
    await platform.emit({ text: 'participant x' });
    assert.deepEqual(platform.delivered[0]?.answer.message, { reply: PARTICIPANT });
  });

  describe('keeps answers about participants private in group spaces, decided once for every platform', () => {
    const cases: Array<[string, 'direct' | 'group', 'typed' | 'button', boolean]> = [
      ['participant', 'group', 'typed', true],
      ['roster', 'group', 'typed', true],
      ['csv', 'group', 'typed', true],
      ['missing', 'group', 'typed', true],
      ['broken', 'group', 'typed', true],
      ['help', 'group', 'typed', false],
      ['nonsense', 'group', 'typed', false],
      // A click is answered to the clicker alone, whatever the answer.
      ['help', 'group', 'button', true],
      ['nonsense', 'group', 'button', true],
      // In a one-to-one space everything is private already.
      ['participant', 'direct', 'typed', false],
      ['participant', 'direct', 'button', false],
    ];
    for (const [text, space, via, privately] of cases) {
      it(`${text}, ${via} in a ${space} space: ${privately ? 'privately' : 'in the space'}`, async () => {
        await platform.emit({ text, space, via });
        assert.equal(platform.delivered[0]?.answer.privately, privately);
      });
    }
  });

  it('hands a file reply\u2019s file to the platform with its message', async () => {
    await platform.emit({ text: 'csv' });
    assert.deepEqual(platform.delivered[0]?.answer.file, REPLIES.csv?.kind === 'file' ? REPLIES.csv.file : undefined);
    await platform.emit({ text: 'help' });
    assert.equal(platform.delivered[1]?.answer.file, undefined);
  });

  it('passes a Refresh click\u2019s wish to replace the card on to the platform', async () => {
    await platform.emit({ text: 'participant x', via: 'button', replaces: true });
    await platform.emit({ text: 'participant x', via: 'button' });
    assert.deepEqual(platform.delivered.map((d) => d.answer.replaces), [true, false]);
  });

  it('tries again when the platform refuses for now, and counts nothing lost', async () => {
    platform.failNext(2, TRANSIENT);
    await platform.emit({ text: 'help' });
    assert.equal(platform.attempts, 3);
    assert.equal(platform.delivered.length, 1);
    assert.equal(logs.filter((l) => l.msg === 'The platform did not accept the reply; trying again').length, 2);
    assert.deepEqual(await lost(), []);
  });

  it('gives up at once on a refusal that would not change, logs it loudly and counts it lost for that platform', async () => {
    platform.failNext(1, FINAL);
    await platform.emit({ id: 'E-final', userId: 'U-who', spaceId: 'S-where', text: 'help' });
    assert.equal(platform.attempts, 1);
    const line = logs.find((l) => l.level === 50);
    assert.equal(line?.msg, 'The platform did not accept the reply; the reply is lost');
    assert.deepEqual([line?.platform, line?.eventId, line?.userId, line?.spaceId, line?.status, line?.trackingId], ['fake', 'E-final', 'U-who', 'S-where', 400, 'T-400']);
    assert.deepEqual(await lost(), [{ labels: { platform: 'fake' }, value: 1 }]);
  });

  it('gives up after the last attempt, and counts it lost', async () => {
    platform.failNext(3, TRANSIENT);
    await platform.emit({ text: 'help' });
    assert.equal(platform.attempts, 3);
    assert.deepEqual(await lost(), [{ labels: { platform: 'fake' }, value: 1 }]);
  });

  it('does not wait out a Retry-After longer than an answer is worth', async () => {
    platform.failNext(1, new SendError(429, undefined, 3600));
    await platform.emit({ text: 'help' });
    assert.equal(platform.attempts, 1);
    assert.deepEqual(await lost(), [{ labels: { platform: 'fake' }, value: 1 }]);
  });

  it('answers plainly when the platform cannot tell who asks, without asking the core', async () => {
    platform.failIdentify();
    await platform.emit({ text: 'participant x' });
    assert.equal(handled.length, 0);
    assert.deepEqual(platform.delivered[0]?.answer.message, { reply: { kind: 'error', error: { code: 'internal' } } });
  });

  it('counts each event as work in flight until its answer is out, for shutdown to wait on', async () => {
    platform.failNext(1, TRANSIENT);
    const answered = platform.emit({ text: 'help' });
    assert.equal(inFlight.size, 1);
    await answered;
    assert.equal(inFlight.size, 0);
  });

  it('notifies someone who did not just ask, rendered for the platform, and counts a lost notification', async () => {
    assert.equal(await running.notify('U-watcher', { kind: 'help' }), true);
    assert.deepEqual(platform.notified, [{ userId: 'U-watcher', message: { reply: { kind: 'help' } } }]);
    platform.failNext(1, FINAL);
    assert.equal(await running.notify('U-watcher', { kind: 'help' }), false);
    assert.deepEqual(await lost(), [{ labels: { platform: 'fake' }, value: 1 }]);
  });

  it('reports the platform ready only while the platform says so, and stops it', async () => {
    assert.equal(running.isReady(), true);
    await running.stopReceiving();
    await assert.rejects(platform.emit({ text: 'help' }), /not receiving/);
    await running.stop();
    assert.equal(running.isReady(), false);
  });
});
