import assert from 'node:assert/strict';
import type { WatchStore } from '../../src/watches/store.js';
import type { Watch } from '../../src/watches/watch.js';

const NOW = Date.UTC(2026, 10, 30, 10);
const LIMITS = { perRequester: 2, total: 3 };

export const aWatch = (email: string, participantId: string, extra: Partial<Watch> = {}): Watch => ({
  platform: 'webex',
  userId: `user-${email}`,
  email,
  participantId,
  name: `Name of ${participantId}`,
  state: 'lobby',
  createdAt: NOW,
  expiresAt: NOW + 60_000,
  ...extra,
});

/**
 * What every WatchStore must do (README, "Watches"), whatever it keeps watches in: the memory
 * store and the Redis store run the same cases. `fresh` gives an empty store of its own.
 */
export function storeContract(fresh: () => Promise<WatchStore>): void {
  let store: WatchStore;
  beforeEach(async () => {
    store = await fresh();
  });

  it('adds a watch, renews the same one, and keeps to the caps per requester and in all', async () => {
    assert.equal(await store.add(aWatch('a@x.example', 'p1'), LIMITS), 'added');
    assert.equal(await store.add(aWatch('a@x.example', 'p1', { state: 'joined', expiresAt: NOW + 120_000 }), LIMITS), 'renewed');
    assert.equal(await store.add(aWatch('a@x.example', 'p2'), LIMITS), 'added');
    assert.equal(await store.add(aWatch('a@x.example', 'p3'), LIMITS), 'requesterFull');
    assert.equal(await store.add(aWatch('a@x.example', 'p2'), LIMITS), 'renewed', 'renewing is no new watch');
    assert.equal(await store.add(aWatch('b@x.example', 'p1'), LIMITS), 'added');
    assert.equal(await store.add(aWatch('c@x.example', 'p1'), LIMITS), 'full');
    assert.equal(await store.count(), 3);
    const mine = (await store.ofRequester('a@x.example')).sort((x, y) => x.participantId.localeCompare(y.participantId));
    assert.deepEqual(mine, [aWatch('a@x.example', 'p1', { state: 'joined', expiresAt: NOW + 120_000 }), aWatch('a@x.example', 'p2')]);
    assert.deepEqual((await store.ofParticipant('p1')).map((w) => w.email).sort(), ['a@x.example', 'b@x.example']);
    assert.deepEqual((await store.participants()).sort(), ['p1', 'p2']);
  });

  it('removes a watch for one caller only, and forgets it everywhere', async () => {
    await store.add(aWatch('a@x.example', 'p1'), LIMITS);
    await store.add(aWatch('b@x.example', 'p1'), LIMITS);
    const [first, second] = await Promise.all([store.remove('a@x.example', 'p1'), store.remove('a@x.example', 'p1')]);
    assert.deepEqual([first, second].filter((w) => w !== undefined), [aWatch('a@x.example', 'p1')]);
    assert.deepEqual(await store.ofRequester('a@x.example'), []);
    assert.deepEqual((await store.ofParticipant('p1')).map((w) => w.email), ['b@x.example']);
    await store.remove('b@x.example', 'p1');
    assert.deepEqual(await store.participants(), []);
    assert.equal(await store.count(), 0);
  });

  it('records the state told, and never brings back a watch that ended meanwhile', async () => {
    await store.add(aWatch('a@x.example', 'p1'), LIMITS);
    await store.setState('a@x.example', 'p1', 'joined');
    assert.equal((await store.ofParticipant('p1'))[0]?.state, 'joined');
    await store.remove('a@x.example', 'p1');
    await store.setState('a@x.example', 'p1', 'end');
    assert.deepEqual(await store.ofParticipant('p1'), []);
    assert.equal(await store.count(), 0);
  });

  it('finds the watches whose time is up', async () => {
    await store.add(aWatch('a@x.example', 'p1', { expiresAt: NOW + 10 }), LIMITS);
    await store.add(aWatch('a@x.example', 'p2', { expiresAt: NOW + 20 }), LIMITS);
    assert.deepEqual((await store.expired(NOW + 10)).map((w) => w.participantId), ['p1']);
    assert.deepEqual((await store.expired(NOW + 5)).map((w) => w.participantId), []);
  });

  it('lets one caller claim each change: the same state since the same time is claimed once', async () => {
    const claims = await Promise.all([store.claimChange('p1', 'joined', 't1'), store.claimChange('p1', 'joined', 't1')]);
    assert.deepEqual(claims.sort(), [false, true]);
    assert.equal(await store.claimChange('p1', 'joined', 't2'), true);
    assert.equal(await store.claimChange('p1', 'lobby', 't1'), true);
    assert.equal(await store.claimChange('p2', 'joined', 't1'), true);
  });

  it('gives a participant one poll per interval, and the window no more than its budget', async () => {
    const turn = (participantId: string, now: number) => store.takePoll({ participantId, intervalMs: 30_000, windowMs: 1000, maxPerWindow: 2, now });
    assert.equal(await turn('p1', NOW), 'taken');
    assert.equal(await turn('p1', NOW + 500), 'notDue');
    assert.equal(await turn('p2', NOW + 500), 'taken');
    assert.equal(await turn('p3', NOW + 600), 'spent');
    assert.equal(await turn('p3', NOW + 1000), 'taken', 'a new window');
    assert.equal(await turn('p1', NOW + 29_999), 'notDue');
    assert.equal(await turn('p1', NOW + 30_000), 'taken');
  });

  it('lets each caller\u2019s interval decide: polling that takes over polls at once whom the slower safety net polled', async () => {
    const turn = (intervalMs: number, now: number) => store.takePoll({ participantId: 'p1', intervalMs, windowMs: 1000, maxPerWindow: 5, now });
    assert.equal(await turn(120_000, NOW), 'taken');
    assert.equal(await turn(120_000, NOW + 30_000), 'notDue');
    assert.equal(await turn(30_000, NOW + 30_000), 'taken');
  });
}
