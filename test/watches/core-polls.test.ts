import assert from 'node:assert/strict';
import { pino } from 'pino';
import { createCoreServices, type CoreServices } from '../../src/services.js';
import { createNotifier } from '../../src/watches/notifier.js';
import { MemoryWatchStore } from '../../src/watches/store.js';
import { WATCH_TTL_MS } from '../../src/watches/watch.js';
import { ManualClock } from '../support/manual-clock.js';
import { startWebexEmulator, type WebexEmulator } from '../support/webex-emulator.js';

const MEETING_ID = 'aaaabbbbccccddddeeeeffff00002222';
const HOST = 'hana.host@example.com';
const idOf = (n: number) => `${MEETING_ID}_00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/**
 * The poller as the core composes it (createCoreServices): polls for watches take only turns nobody
 * asked for (README, "Watches"), so a person's lookup waiting in the queue holds them back.
 */
describe('polls for watches through the core', () => {
  let emulator: WebexEmulator;
  let core: CoreServices | undefined;

  beforeEach(async () => {
    emulator = await startWebexEmulator();
    for (let n = 0; n < 4; n += 1) emulator.addParticipant({ id: idOf(n), meetingId: MEETING_ID, hostEmail: HOST });
  });

  afterEach(async () => {
    await core?.close();
    core = undefined;
    await emulator.close();
  });

  it('polls no watched participant while a lookup of a person waits its turn, and polls once none does', async () => {
    const clock = new ManualClock(Date.now());
    const store = new MemoryWatchStore(clock.now);
    const watched = idOf(0);
    await store.add(
      { platform: 'webex', userId: 'u1', email: HOST, participantId: watched, hostFilter: HOST, name: 'Watched', state: 'lobby', createdAt: clock.now(), expiresAt: clock.now() + WATCH_TTL_MS },
      { perRequester: 20, total: 5000 },
    );
    core = await createCoreServices({
      logger: pino({ level: 'silent' }),
      // One call a second: of three lookups asked at once, two wait in the queue.
      webexApi: { baseUrl: emulator.baseUrl, token: emulator.apiToken, ratePerMinute: 60 },
      access: { admins: [], complianceOfficers: [], slackUsers: {} },
      watches: { notifier: createNotifier(), pollSeconds: 5, pollShare: 1, clock, store },
    });
    const watches = core.watches;
    assert.ok(watches);
    const polls = () => emulator.requests.filter((r) => r.path === `/v1/meetingParticipants/${watched}`).length;
    watches.start();

    const asked = [1, 2, 3].map((n) => core?.participants.lookup({ participantId: idOf(n), requesterKey: `person${n}@example.com` }));
    clock.advance(1000);
    await watches.settled();
    assert.equal(polls(), 0, 'the round found lookups waiting and polled nobody');

    await Promise.all(asked);
    clock.advance(1000);
    await watches.settled();
    assert.equal(polls(), 1, 'with nobody waiting, the watched participant is polled');
  });
});
