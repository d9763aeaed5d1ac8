import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { goldenFiles, goldenUrl } from './golden-cases.js';

/** Read-only: after an intended change, `npm run golden:update` rewrites the files (see golden-cases.ts). */
describe('golden renderings', () => {
  for (const { file, text } of goldenFiles()) {
    it(`matches golden/${file}`, () => {
      assert.equal(text, readFileSync(goldenUrl(file), 'utf8'), `golden/${file} (npm run golden:update after an intended change)`);
    });
  }
});
