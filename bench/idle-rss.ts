import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSlackApiEmulator, type SlackApiEmulator } from '../test/support/slack-api-emulator.js';
import { BOT_TOKEN, sharedWebexWorld, type WebexWorld } from '../test/support/webex-messaging.js';
import { isBusyReply, postSigned, seedSlackCrowd, slashCommandBody, writeAccessFile } from './slack-load.js';
import { mib } from './stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PROBE = path.join(ROOT, 'bench', 'rss-probe.mjs');
/** The compiled build goes here rather than to dist/, which is not the benchmark's to overwrite. */
const BUILD_DIR = path.join(ROOT, 'node_modules', '.cache', 'participant-bot-bench', 'build');

const USERS = 100;
const COMMANDS = 1000;

export interface Variant {
  name: string;
  /** Node arguments after the common ones (--expose-gc and the probe). */
  args: string[];
}

export interface IdleRssResult {
  name: string;
  idleRss: number;
  idleHeapUsed: number;
  gc: boolean;
  startupMs: number;
  queued: number;
  busy: number;
  addedRss: number;
}

/**
 * `npm run build`'s compiler and configuration, written under node_modules/.cache instead of dist/.
 * From there the package's own node_modules, package.json ("type": "module") and adaptive-cards/
 * are found by walking up, as from dist/.
 */
export async function buildForBench(): Promise<Variant> {
  await rm(BUILD_DIR, { recursive: true, force: true });
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  await run(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', BUILD_DIR], 120_000);
  return { name: 'compiled (node build/src/main.js)', args: [path.join(BUILD_DIR, 'src', 'main.js')] };
}

export function tsxVariant(): Variant {
  const tsx = fileURLToPath(import.meta.resolve('tsx'));
  return { name: 'tsx (node --import tsx src/main.ts)', args: ['--import', tsx, path.join(ROOT, 'src', 'main.ts')] };
}

function run(command: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`))));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Emulators in this process; the bot alone in a child, the real program (main.js: configuration
 * from the environment, the logger to stdout), with both platforms on: Webex in webhook mode
 * against the Webex messaging emulator, Slack over HTTP against the Slack API emulator.
 */
export async function measureIdleRss(variants: Variant[]): Promise<IdleRssResult[]> {
  const world = await sharedWebexWorld();
  const slack = await startSlackApiEmulator();
  seedSlackCrowd(slack, world.emulator, USERS, COMMANDS);
  const accessFile = await writeAccessFile();
  const results: IdleRssResult[] = [];
  try {
    for (const variant of variants) {
      slack.responses.length = 0;
      results.push(await measureOne(variant, world, slack, accessFile));
    }
  } finally {
    await slack.close();
    await world.emulator.close();
    await rm(accessFile, { force: true });
  }
  return results;
}

async function measureOne(variant: Variant, world: WebexWorld, slack: SlackApiEmulator, accessFile: string): Promise<IdleRssResult> {
  const signingSecret = `bench-secret-${randomUUID()}`;
  const started = performance.now();
  const child = spawn(process.execPath, ['--expose-gc', '--import', PROBE, ...variant.args], {
    // Out of the package root, so that no .env there is read; the rest of the environment too is only this.
    cwd: tmpdir(),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: '0',
      LOG_LEVEL: 'info',
      ACCESS_FILE: accessFile,
      WEBEX_BOT_TOKEN: BOT_TOKEN,
      WEBEX_WEBHOOK_URL: 'http://127.0.0.1:9/webex/events',
      WEBEX_WEBHOOK_SECRET: `bench-webhook-secret-${randomUUID()}`,
      WEBEX_API_BASE_URL: world.emulator.baseUrl,
      WEBEX_API_TOKEN: world.emulator.apiToken,
      // One call a minute: the lookups of the second measurement stay queued.
      WEBEX_RATE_LIMIT_PER_MINUTE: '1',
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: slack.apiUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  try {
    const port = await readyPort(child, 30_000);
    const origin = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    while ((await fetch(`${origin}/healthz`).then((r) => r.status, () => 0)) !== 200) {
      if (Date.now() > deadline) throw new Error(`${variant.name}: /healthz never answered 200`);
      await sleep(50);
    }
    const startupMs = performance.now() - started;
    await sleep(2_000);
    await probe(child);
    await sleep(500);
    const idle = await probe(child);

    // 1,000 commands, 50 at a time: one goes to Webex, the bot's queue takes its bound, the rest are busy.
    let next = 0;
    const post = async () => {
      while (next < COMMANDS) {
        const index = next;
        next += 1;
        await postSigned(origin, signingSecret, slashCommandBody(slack, index, USERS), 10_000);
      }
    };
    await Promise.all(Array.from({ length: 50 }, post));
    // Until the answers stop coming (the queued ones wait for minutes).
    let seen = -1;
    const until = Date.now() + 20_000;
    while (slack.responses.length !== seen && Date.now() < until) {
      seen = slack.responses.length;
      await sleep(1_000);
    }
    const loaded = await probe(child);
    const busy = slack.responses.filter((r) => isBusyReply(JSON.stringify(r.body))).length;
    return {
      name: variant.name,
      idleRss: idle.rss,
      idleHeapUsed: idle.heapUsed,
      gc: idle.gc,
      startupMs,
      queued: COMMANDS - slack.responses.length,
      busy,
      addedRss: loaded.rss - idle.rss,
    };
  } finally {
    child.kill('SIGKILL');
    if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));
  }
}

function readyPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  let buffered = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bot was not ready within ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const complete = buffered.split('\n');
      buffered = complete.pop() ?? '';
      for (const text of complete) {
        if (!text.startsWith('{')) continue;
        const line = JSON.parse(text) as Record<string, unknown>;
        if (line.msg === 'participant-bot is ready') {
          clearTimeout(timer);
          resolve(Number(line.port));
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the bot exited (${code}) before it was ready:\n${stderr}`));
    });
  });
}

interface Probe {
  rss: number;
  heapUsed: number;
  gc: boolean;
}

function probe(child: ChildProcess): Promise<Probe> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the RSS probe did not answer')), 10_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message as Probe);
    });
    child.send('rss');
  });
}

export function describeIdleRss(result: IdleRssResult): string[] {
  return [
    `idle RSS              ${mib(result.idleRss)}  (heap used ${mib(result.idleHeapUsed)}; ${result.gc ? 'after a full GC' : 'no GC exposed'}; ready in ${(result.startupMs / 1000).toFixed(1)} s)`,
    `+RSS, queue full      ${mib(result.addedRss)} after ${COMMANDS.toLocaleString('en')} slash commands: ${result.queued} lookups queued (the bound), ${result.busy} answered busy`,
  ];
}
