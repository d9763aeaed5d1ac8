import assert from 'node:assert/strict';
import { InFlight } from '../../src/observability/in-flight.js';

describe('work in flight', () => {
  const later = () => {
    let finish: () => void = () => undefined;
    const promise = new Promise<void>((resolve) => (finish = resolve));
    return { promise, finish };
  };

  it('drains at once when nothing is in flight', async () => {
    assert.equal(await new InFlight().drain(0), true);
  });

  it('drains once the last piece of work is done, nested work included, failed work too', async () => {
    const inFlight = new InFlight();
    const a = later();
    const b = later();
    const outer = inFlight.track(async () => {
      await inFlight.track(() => a.promise);
      await b.promise;
    });
    const failing = inFlight.track(() => Promise.reject(new Error('lookup broke')));
    await assert.rejects(failing);
    let drained: boolean | undefined;
    const draining = inFlight.drain(5_000).then((result) => (drained = result));
    a.finish();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(drained, undefined, 'the outer work is still going');
    assert.equal(inFlight.size, 1);
    b.finish();
    await outer;
    await draining;
    assert.equal(drained, true);
    assert.equal(inFlight.size, 0);
  });

  it('gives up when the grace runs out, and says so', async () => {
    const inFlight = new InFlight();
    const stuck = later();
    void inFlight.track(() => stuck.promise);
    assert.equal(await inFlight.drain(20), false);
    stuck.finish();
  });
});
