import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { IDS } from '../../src/sandbox/samples.js';

/**
 * The real program (`node --import tsx src/main.ts`, sandbox mode) and a real SIGTERM while a slow
 * lookup is in flight. The sandbox's rate-limited sample makes the slow lookup: its second lookup
 * within a few seconds gets a 429, and the bot waits out the Retry-After before it asks again.
 */
describe('graceful shutdown of the running program', function () {
  this.timeout(60_000);

  let child: ChildProcess | undefined;
  const lines: Array<Record<string, unknown>> = [];

  afterEach(() => {
    if (child?.exitCode === null) child.kill('SIGKILL');
  });

  function start(preload: string[] = []): Promise<number> {
    lines.length = 0;
    child = spawn(process.execPath, ['--import', 'tsx', ...preload.flatMap((p) => ['--import', p]), 'src/main.ts'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffered = '';
    return new Promise((resolve, reject) => {
      child?.stdout?.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const complete = buffered.split('\n');
        buffered = complete.pop() ?? '';
        for (const text of complete) {
          if (!text.startsWith('{')) continue;
          const line = JSON.parse(text) as Record<string, unknown>;
          lines.push(line);
          if (line.msg === 'participant-bot is ready') resolve(Number(line.port));
        }
      });
      child?.once('exit', (code) => reject(new Error(`the bot exited (${code}) before it was ready`)));
    });
  }

  const exited = () =>
    new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      if (child?.exitCode !== null && child?.exitCode !== undefined) resolve({ code: child.exitCode, signal: null });
      child?.once('exit', (code, signal) => resolve({ code, signal }));
    });

  it('on SIGTERM finishes the lookup in flight, delivers its reply, and exits 0', async () => {
    const port = await start();
    const ask = () =>
      fetch(`http://127.0.0.1:${port}/playground/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ as: 'ada.admin@example.com', text: `participant ${IDS.rateLimited}` }),
      });
    assert.equal((await ask()).status, 200);
    const slow = ask();
    // Until the bot has been told to wait: then the lookup is certainly in flight.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const limiter = (await (await fetch(`http://127.0.0.1:${port}/playground/limiter`)).json()) as { pausedUntil: number };
      if (limiter.pausedUntil > Date.now()) break;
      assert.ok(Date.now() < deadline, 'the second lookup was never paused');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const exit = exited();
    child?.kill('SIGTERM');
    const reply = await slow;
    assert.equal(reply.status, 200);
    const body = (await reply.json()) as { text: string };
    assert.doesNotMatch(body.text, /busy|did not answer/i, `the participant, not an error: ${body.text}`);
    assert.deepEqual(await exit, { code: 0, signal: null });

    const messages = lines.map((line) => line.msg);
    const shuttingDown = messages.indexOf('Shutting down: finishing the work in flight');
    const lastLookup = messages.lastIndexOf('lookup');
    assert.ok(shuttingDown >= 0 && shuttingDown < lastLookup, 'the lookup ended after the signal');
    assert.equal(lines[lastLookup]?.outcome, 'found');
    assert.equal(messages.at(-1), 'Stopped');
  });

  it('logs a promise rejection nobody handled, carries on, and exits 0 on SIGINT', async () => {
    const port = await start(['./test/observability/reject-on-signal.ts']);
    child?.kill('SIGUSR2');
    const deadline = Date.now() + 5_000;
    while (!lines.some((line) => String(line.msg).startsWith('A promise was rejected'))) {
      assert.ok(Date.now() < deadline, 'no log line for the unhandled rejection');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const logged = lines.find((line) => String(line.msg).startsWith('A promise was rejected'));
    assert.equal(logged?.level, 50);
    assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200, 'still serving');

    const exit = exited();
    child?.kill('SIGINT');
    assert.deepEqual(await exit, { code: 0, signal: null });
  });
});
