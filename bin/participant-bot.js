#!/usr/bin/env node
// Runs the compiled CLI when built (production), else the TypeScript source through tsx (a checkout).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { config as loadDotenv } from 'dotenv';

const compiled = fileURLToPath(new URL('../dist/src/cli.js', import.meta.url));
let cli;
if (existsSync(compiled)) {
  cli = await import(compiled);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../src/cli.ts');
}
loadDotenv({ quiet: true });
process.exitCode = await cli.runCli(process.argv.slice(2));
