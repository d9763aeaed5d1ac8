import assert from 'node:assert/strict';
import { createMemoryPauseGate } from '../../src/participants/pause-gate.js';

describe('memory pause gate', () => {
  it('starts unpaused and only ever extends a pause', async () => {
    assert.ok((await createMemoryPauseGate().pausedUntil()) <= Date.now());
    const now = 1000;
    const gate = createMemoryPauseGate(() => now);
    assert.equal(await gate.pauseUntil(5000), true, 'the first pause begins an episode');
    assert.equal(await gate.pauseUntil(3000), false);
    assert.equal(await gate.pausedUntil(), 5000);
    assert.equal(await gate.pauseUntil(9000), false, 'extending a pause is the same episode');
    assert.equal(await gate.pausedUntil(), 9000);
  });
});
