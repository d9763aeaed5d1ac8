import assert from 'node:assert/strict';
import { pino } from 'pino';
import { createPushCheck, type PushCheck } from '../../src/watches/push-check.js';
import type { PushState } from '../../src/watches/push-webhooks.js';
import { ManualClock } from '../support/manual-clock.js';

const POLL_MS = 30_000;

interface World {
  clock: ManualClock;
  push: PushCheck;
  /** What the next checks of the webhooks find, in turn; the last one found again after. */
  found: PushState[];
  /** How many times the webhooks were checked (each a call to Webex). */
  checks: number;
  /** Every setPushed, in order. */
  pushed: boolean[];
  watching: { value: boolean };
  /** Moves the clock on by `count` intervals, letting each check finish. */
  intervals(count: number): Promise<void>;
}

function world(found: PushState[], watching = true): World {
  const clock = new ManualClock();
  const w: World = {
    clock,
    found,
    checks: 0,
    pushed: [],
    watching: { value: watching },
    push: createPushCheck({
      keep: async () => {
        w.checks += 1;
        return w.found.length > 1 ? (w.found.shift() as PushState) : (w.found[0] as PushState);
      },
      watching: async () => w.watching.value,
      setPushed: (pushed) => w.pushed.push(pushed),
      intervalMs: POLL_MS,
      clock,
      logger: pino({ level: 'silent' }),
    }),
    async intervals(count) {
      for (let i = 0; i < count; i += 1) {
        clock.advance(POLL_MS);
        // The fakes answer at once: the check and the next timer are set once the promises settle.
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
  return w;
}

describe('when watches rely on Webex pushing (push-check, injected clock)', () => {
  let w: World;
  afterEach(async () => {
    await w.push.stop();
  });

  it('checks the webhooks every WATCH_POLL_SECONDS while anyone watches, and relies on push while they are intact', async () => {
    w = world(['intact']);
    await w.push.check();
    w.push.start();
    await w.intervals(3);
    assert.equal(w.checks, 4, 'at start, then once per interval');
    assert.deepEqual(w.pushed, [true, true, true, true]);
  });

  it('does not check at all while nobody watches', async () => {
    w = world(['intact'], false);
    await w.push.check();
    w.push.start();
    await w.intervals(10);
    assert.equal(w.checks, 1, 'only the one at start');
    w.watching.value = true;
    await w.intervals(1);
    assert.equal(w.checks, 2);
  });

  it('turns polling on at the check that finds a webhook to repair, and back to push once a check finds it still active', async () => {
    w = world(['intact', 'intact', 'repaired', 'intact']);
    await w.push.check();
    w.push.start();
    await w.intervals(1);
    assert.deepEqual(w.pushed, [true, true]);
    await w.intervals(1);
    assert.deepEqual(w.pushed.at(-1), false, 'Webex disabled it between checks: poll, whatever it pushes now');
    await w.intervals(1);
    assert.deepEqual(w.pushed, [true, true, false, true]);
  });

  it('polls from start-up while the webhooks had to be made, until a check finds them active', async () => {
    w = world(['repaired', 'intact']);
    await w.push.check();
    assert.deepEqual(w.pushed, [false]);
    w.push.start();
    await w.intervals(1);
    assert.deepEqual(w.pushed, [false, true]);
  });

  it('leaves it to the regular check once Webex refused the webhooks or could not be reached: no check every interval', async () => {
    w = world(['failed', 'intact']);
    await w.push.check();
    w.push.start();
    await w.intervals(10);
    assert.deepEqual([w.checks, w.pushed], [1, [false]]);
    // The WEBEX_WEBHOOK_CHECK_SECONDS check, which the bot runs on its own timer.
    await w.push.check();
    await w.intervals(1);
    assert.deepEqual([w.checks, w.pushed], [3, [false, true, true]]);
  });
});
