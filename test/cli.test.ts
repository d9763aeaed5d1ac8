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

  it('renews the lookup token itself, with WEBEX_API_TOKEN absent or expired, and answers', async () => {
    const client = { clientId: 'C-cli-client', clientSecret: 'cli-client-secret-abcdefgh' };
    const renewing = await startWebexEmulator({ oauth: { ...client, accessTokenSeconds: 3600 } });
    try {
      renewing.addParticipant({ ...seedExampleBody });
      const renewal = {
        WEBEX_API_BASE_URL: renewing.baseUrl,
        WEBEX_CLIENT_ID: client.clientId,
        WEBEX_CLIENT_SECRET: client.clientSecret,
        WEBEX_REFRESH_TOKEN: renewing.issueRefreshToken(),
        LOG_LEVEL: 'debug',
      };
      const absent = await run(['lookup', ID, '--as', 'ada.admin@example.com'], { ...renewal, WEBEX_API_TOKEN: '' });
      // An access token that has expired since the operator copied it: Webex answers 401, the CLI renews and asks again.
      renewing.expireAccessTokens();
      const expired = await run(['lookup', ID, '--as', 'ada.admin@example.com'], { ...renewal, WEBEX_API_TOKEN: renewing.issued.at(-1) ?? '' });
      for (const result of [absent, expired]) {
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout, /Joe Doe/);
      }
      const calls = renewing.requests.map((r) => `${r.path.startsWith('/v1/meetingParticipants/') ? 'lookup' : r.path} ${r.status ?? ''}`);
      assert.deepEqual(calls, ['/v1/access_token 200', 'lookup 200', 'lookup 401', '/v1/access_token 200', 'lookup 200']);
      for (const secret of [...renewing.issued, client.clientSecret]) {
        assert.ok(!(absent.stdout + absent.stderr + expired.stdout + expired.stderr).includes(secret), 'a token or the client secret printed');
      }
      assert.match(absent.stderr, /Renewed the Webex lookup token/, 'the debug log says it renewed');
    } finally {
      await renewing.close();
    }
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
