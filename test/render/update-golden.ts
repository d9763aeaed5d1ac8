import { writeFileSync } from 'node:fs';
import { goldenFiles, goldenUrl } from './golden-cases.js';

/**
 * `npm run golden:update`: rewrites test/render/golden/ from the renderers, on purpose, after an
 * intended change. The test never writes them; read `git diff` before committing.
 */
for (const { file, text } of goldenFiles()) {
  writeFileSync(goldenUrl(file), text);
  process.stdout.write(`wrote test/render/golden/${file}\n`);
}
