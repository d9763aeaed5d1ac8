import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding package.json. Files read at run time (the card templates, the playground's
 * page) live there, outside the TypeScript build: this module runs from `src/` under tsx and from
 * `dist/src/` once built, so the root is found by walking up rather than by a fixed `../`.
 */
export function packageRoot(): string {
  const start = path.dirname(fileURLToPath(import.meta.url));
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}`);
    dir = parent;
  }
  return dir;
}
