import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * What an operator sees when the real program (`src/main.ts`) cannot start: what is wrong, what to
 * do, and the error code, on the terminal before there is a logger and in the fatal log line after.
 */
describe('the program failing to start', function () {
  this.timeout(30_000);

  const API_TOKEN = 'api-token-never-printed';

  async function run(env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      });
      assert.fail('the program started');
    } catch (e) {
      const failed = e as { code?: number; stdout?: string; stderr?: string };
      if (typeof failed.code !== 'number') throw e;
      return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  }

  it('prints every wrong variable, what to do and config_invalid on the terminal, and exits 1', async () => {
    const result = await run({ PORT: 'eighty', WEBEX_BOT_TOKEN: 'bot-token-never-printed' });

    assert.equal(result.code, 1);
    assert.match(result.stderr, /^The configuration is not valid:\n {2}- PORT must be a port number\n/);
    assert.match(result.stderr, /WEBEX_API_TOKEN is required/);
    assert.match(result.stderr, /\nWhat to do: Fix each variable the message names.*\.env\.example/);
    assert.match(result.stderr, /\nError code: config_invalid\n$/);
    assert.doesNotMatch(result.stderr + result.stdout, /bot-token-never-printed/);
  });

  it('logs a missing access file as one fatal line whose err has the code and the hint, and exits 1', async () => {
    const result = await run({
      PORT: '0',
      SLACK_BOT_TOKEN: 'xoxb-never-printed',
      SLACK_SIGNING_SECRET: 'signing-secret-never-printed',
      WEBEX_API_TOKEN: API_TOKEN,
      ACCESS_FILE: '/nonexistent/access.json',
    });

    assert.equal(result.code, 1);
    const fatal = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg: string; err?: Record<string, unknown> })
      .find((line) => line.level === 60);
    assert.ok(fatal, `a fatal line in:\n${result.stdout}`);
    assert.equal(fatal.msg, 'The access file /nonexistent/access.json (ACCESS_FILE) does not exist.');
    assert.equal(fatal.err?.code, 'access_file_unreadable');
    assert.match(String(fatal.err?.hint), /access\.example\.json.*ACCESS_FILE/);
    assert.doesNotMatch(result.stdout + result.stderr, new RegExp(`${API_TOKEN}|never-printed`));
  });
});
