#!/usr/bin/env node
// In a checkout, runs the TypeScript source through tsx, so a stale dist/ is never what answers;
// in a deployment (no src/*.ts, dev dependencies pruned), runs the compiled build.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { config as loadDotenv } from 'dotenv';

const source = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
let cli;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../src/cli.ts');
} else {
  cli = await import('../dist/src/cli.js');
}
loadDotenv({ quiet: true });
process.exitCode = await cli.runCli(process.argv.slice(2));
