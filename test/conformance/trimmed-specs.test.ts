import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { OPERATIONS, serialize, trimSpec } from '../../scripts/trim-openapi.js';

/** The trimmed specs are what scripts/trim-openapi.ts makes (test/fixtures/webex-openapi/README.md). */
describe('the trimmed Webex specs', () => {
  for (const [file, operations] of Object.entries(OPERATIONS)) {
    it(`${file} is what the trim script makes of it, to the byte`, () => {
      const text = readFileSync(new URL(`../fixtures/webex-openapi/${file}`, import.meta.url), 'utf8');
      // Trimming is idempotent, so a hand edit of the file, or a change to the script that would
      // give other bytes, shows here.
      assert.equal(serialize(trimSpec(JSON.parse(text), operations)), text);
    });

    it(`${file} keeps examples and enums, and no prose`, () => {
      const spec: unknown = JSON.parse(readFileSync(new URL(`../fixtures/webex-openapi/${file}`, import.meta.url), 'utf8'));
      const keys = keysOutsideExamples(spec);
      assert.ok(keys.some(([key]) => key === 'example'), 'examples');
      assert.ok(keys.some(([key]) => key === 'enum'), 'enums');
      assert.deepEqual(keys.filter(([key, value]) => key === 'description' && typeof value === 'string' && value !== ''), [], 'no prose');
    });
  }
});

/** Every key and its value, not looking into examples, which are data and may say `description`. */
function keysOutsideExamples(node: unknown): Array<[string, unknown]> {
  if (Array.isArray(node)) return node.flatMap(keysOutsideExamples);
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]): Array<[string, unknown]> => [
    [key, value],
    ...(key === 'example' || key === 'examples' ? [] : keysOutsideExamples(value)),
  ]);
}
