import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { runCli } from '../src/cli.js';
import { seedExampleBody } from './support/fixtures.js';
import { startWebexEmulator, type WebexEmulator } from './support/webex-emulator.js';

const ID = seedExampleBody.id;

describe('operator command line: participant-bot lookup', () => {
  let emulator: WebexEmulator;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    emulator = await startWebexEmulator();
    emulator.addParticipant({ ...seedExampleBody });
    const dir = await mkdtemp(join(tmpdir(), 'cli-'));
    const accessFile = join(dir, 'access.json');
    await writeFile(
      accessFile,
      JSON.stringify({ admins: ['ada.admin@example.com'], complianceOfficers: ['olga.officer@example.com'] }),
    );
    env = {
      WEBEX_API_BASE_URL: emulator.baseUrl,
      WEBEX_API_TOKEN: emulator.apiToken,
      ACCESS_FILE: accessFile,
      LOG_LEVEL: 'error',
    };
  });
  after(() => emulator.close());

  async function run(argv: string[], overrides: NodeJS.ProcessEnv = {}) {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out: string[] = [];
    const err: string[] = [];
    stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
    stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
    const code = await runCli(argv, { env: { ...env, ...overrides }, stdout, stderr });
    return { code, stdout: out.join(''), stderr: err.join('') };
  }

  it('prints the participant for an admin and exits 0', async () => {
    const result = await run(['lookup', ID, '--as', 'ada.admin@example.com']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /Joe Doe/);
    assert.match(result.stdout, /Waiting in the lobby/);
    assert.doesNotMatch(result.stdout, /745273328/, 'an admin sees no phone number');
  });

  it('reads the times in the zone given with --time-zone, named', async () => {
    const result = await run(['lookup', ID, '--as', 'ada.admin@example.com', '--time-zone', 'Asia/Kolkata']);
    assert.match(result.stdout, /\nJoined: 25 Oct 2022 14:30 IST\n/, 'the seed joined at 09:00 UTC');
    const fallback = await run(['lookup', ID, '--as', 'ada.admin@example.com', '--time-zone', 'Mars/Olympus']);
    assert.match(fallback.stdout, /\nJoined: 25 Oct 2022 09:00 UTC\n/);
  });

  it('shows the phone number to the compliance officer', async () => {
    const result = await run(['lookup', ID, '--as', 'olga.officer@example.com']);
    assert.match(result.stdout, /745273328/);
  });

  it('answers a stranger with the not-found reply and exits 1', async () => {
    const result = await run(['lookup', ID, '--as', 'sam.stranger@example.com']);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /No participant with that id was found/);
    assert.doesNotMatch(result.stdout, /Joe Doe/);
  });

  it('refuses a malformed id without asking Webex', async () => {
    const before = emulator.requests.length;
    const result = await run(['lookup', '../../people/me', '--as', 'ada.admin@example.com']);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /does not look like a participant id/);
    assert.equal(emulator.requests.length, before);
  });

  it('says which variable is missing, exits 2, and never prints a token', async () => {
    const result = await run(['lookup', ID, '--as', 'ada.admin@example.com'], { WEBEX_API_TOKEN: '' });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /WEBEX_API_TOKEN is not set/);
    assert.match(result.stderr, /\nWhat to do: .*\nError code: config_invalid\n$/);
    const bad = await run(['lookup', ID, '--as', 'not-an-email']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /must be an email address/);
    assert.doesNotMatch(result.stderr + bad.stderr + bad.stdout, new RegExp(emulator.apiToken));
  });

  it('runs as `participant-bot` from the bin, and the process ends by itself', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['bin/participant-bot.js', 'lookup', ID, '--as', 'ada.admin@example.com'],
      { env: { ...process.env, ...env }, timeout: 20_000 },
    );
    assert.match(stdout, /Joe Doe/);
  });
});
