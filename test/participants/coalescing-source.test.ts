import assert from 'node:assert/strict';
import { createCoalescingSource } from '../../src/participants/coalescing-source.js';
import { createWebexParticipantsClient } from '../../src/participants/webex-client.js';
import { startWebexEmulator, type WebexEmulator } from '../support/webex-emulator.js';

const ID = '560d7b784f5143e3be2fc3064a5c4999_3c2e2338-e950-43bf-b588-573773ee43d1';

describe('coalescing participant source', () => {
  let emulator: WebexEmulator;

  beforeEach(async () => {
    emulator = await startWebexEmulator();
    emulator.addParticipant({ id: ID, meetingId: 'm1', hostEmail: 'host@example.com' });
  });
  afterEach(() => emulator.close());

  const source = () =>
    createCoalescingSource(createWebexParticipantsClient({ baseUrl: emulator.baseUrl, token: () => emulator.apiToken, timeoutMs: 1000 }));

  it('makes one upstream call for 10 identical lookups in flight at once', async () => {
    emulator.failNext(1, { delayMs: 30 });
    const coalescing = source();
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, index) => coalescing.lookup({ participantId: ID, requesterKey: `user${index}` })),
    );
    assert.ok(outcomes.every((outcome) => outcome.ok));
    assert.equal(emulator.requests.length, 1);
  });

  it('keeps lookups with different host filters apart, and treats the filter case-insensitively', async () => {
    emulator.failNext(1, { delayMs: 30 });
    const coalescing = source();
    const outcomes = await Promise.all([
      coalescing.lookup({ participantId: ID }),
      coalescing.lookup({ participantId: ID, hostEmail: 'host@example.com' }),
      coalescing.lookup({ participantId: ID, hostEmail: 'HOST@example.com' }),
    ]);
    assert.ok(outcomes.every((outcome) => outcome.ok));
    assert.deepEqual(emulator.requests.map((request) => request.query.hostEmail).sort(), ['host@example.com', undefined]);
  });

  it('calls again once the shared call has ended', async () => {
    const coalescing = source();
    await coalescing.lookup({ participantId: ID });
    await coalescing.lookup({ participantId: ID });
    assert.equal(emulator.requests.length, 2);
  });
});
