import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { participant, renderAll, viewOf } from './support.js';

/**
 * The seed example body (Webex's own documentation example) rendered for a compliance officer and
 * for its host. Run with `UPDATE_GOLDEN=1` to rewrite the files after an intended change, then read
 * the diff before committing it.
 */
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const requesters = [
  { name: 'seed-compliance-officer', showPhoneNumbers: true },
  { name: 'seed-host', showPhoneNumbers: false },
];

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

describe('golden renderings of the seed example', () => {
  for (const { name, showPhoneNumbers } of requesters) {
    it(`matches golden/${name}.*`, () => {
      const rendered = renderAll(participant(viewOf({}, showPhoneNumbers)));
      const outputs = [
        { file: `${name}.card.json`, text: json(rendered.card) },
        { file: `${name}.block-kit.json`, text: json(rendered.slack) },
        { file: `${name}.md`, text: `${rendered.markdown}\n` },
        { file: `${name}.txt`, text: `${rendered.plain}\n` },
      ];
      for (const { file, text } of outputs) {
        const path = new URL(`golden/${file}`, import.meta.url);
        if (UPDATE) writeFileSync(path, text);
        assert.equal(text, readFileSync(path, 'utf8'), `golden/${file}`);
      }
    });
  }
});
