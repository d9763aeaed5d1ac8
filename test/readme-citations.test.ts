import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Every file below `dir` whose name ends in .ts. */
async function typeScriptFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
}

describe('the README as the contract the code cites', () => {
  it('has a section for every `README, "…"` the code and the tests cite', async () => {
    const readme = await readFile('README.md', 'utf8');
    const sections = new Set([...readme.matchAll(/^#{2,3} (.+)$/gm)].map((m) => m[1]));
    const cited: string[] = [];
    for (const file of [...(await typeScriptFiles('src')), ...(await typeScriptFiles('test'))]) {
      const text = await readFile(file, 'utf8');
      // A section's name starts with a capital, which this file's own pattern and title do not.
      for (const m of text.matchAll(/README, "([A-Z][^"]*)"/g)) cited.push(`${file}: ${m[1]}`);
    }
    assert.ok(cited.length >= 8, `the citations were found: ${cited.join(', ')}`);
    assert.deepEqual(cited.filter((c) => !sections.has(c.split(': ')[1])), []);
  });
});
