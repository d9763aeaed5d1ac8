import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { ERROR_HINTS } from '../src/errors.js';

describe('error codes', () => {
  it('are all in the README\u2019s table (Operations, Logs), each with its hint word for word', async () => {
    const readme = await readFile('README.md', 'utf8');
    const rows = [...readme.matchAll(/^\| `([a-z_]+)` \| [^|]+ \| ([^|]+) \|$/gm)].map((m) => [m[1], m[2]?.trim()]);
    assert.deepEqual(Object.fromEntries(rows), ERROR_HINTS);
  });
});
