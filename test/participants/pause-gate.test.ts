import assert from 'node:assert/strict';
import { createMemoryPauseGate } from '../../src/participants/pause-gate.js';

describe('memory pause gate', () => {
  it('starts unpaused and only ever extends a pause', async () => {
    const gate = createMemoryPauseGate();
    assert.ok((await gate.pausedUntil()) <= Date.now());
    await gate.pauseUntil(5000);
    await gate.pauseUntil(3000);
    assert.equal(await gate.pausedUntil(), 5000);
    await gate.pauseUntil(9000);
    assert.equal(await gate.pausedUntil(), 9000);
  });
});
