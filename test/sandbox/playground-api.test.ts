import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { startBot, type Running } from '../../src/bot.js';
import { readConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { notFoundMessage } from '../../src/replies/messages.js';
import { IDS } from '../../src/sandbox/samples.js';
import { connect, deleteKeys, REDIS_HOST, REDIS_PORT, TEST_DB, uniqueId, until, untilReady } from '../redis/support.js';
import { ManualClock } from '../support/manual-clock.js';

const HOST = 'hana.host@example.com';
const STRANGER = 'sam.stranger@example.com';
const OFFICER = 'olga.officer@example.com';

interface Answer {
  card: { body: unknown[] };
  blocks: unknown[];
  text: string;
  markdown: string;
  limiter: { queued: number; running: number; pausedUntil: number; token: { ageSeconds?: number; renewals: number } };
}

describe('playground HTTP API (sandbox mode)', () => {
  let bot: Running;
  let base: string;
  before(async () => {
    bot = await startBot(readConfig({ PORT: '0' }), pino({ level: 'silent' }));
    base = `http://127.0.0.1:${(bot.server.address() as AddressInfo).port}`;
  });
  after(() => bot.stop());

  const post = (body: string, contentType = 'application/json') =>
    fetch(`${base}/playground/ask`, { method: 'POST', headers: { 'content-type': contentType }, body });
  const ask = async (as: string, text: string): Promise<Answer> => {
    const response = await post(JSON.stringify({ as, text }));
    assert.equal(response.status, 200);
    return (await response.json()) as Answer;
  };

  it('answers through the core: card, blocks, markdown, text and the limiter', async () => {
    const answer = await ask(HOST, `participant ${IDS.joined}`);
    assert.match(JSON.stringify(answer.card), /Joanna Joined/);
    assert.match(JSON.stringify(answer.blocks), /Joanna Joined/);
    assert.match(answer.markdown, /Joanna Joined/);
    assert.match(answer.text, /Joanna Joined/);
    assert.doesNotMatch(JSON.stringify(answer), /555 0142/, 'no phone number for the host');
    assert.equal(typeof answer.limiter.queued, 'number');
    assert.match(JSON.stringify((await ask(OFFICER, `participant ${IDS.joined}`)).card), /\+1 408 555 0142/);
  });

  it('reads the times in the time zone sent for the person, and in UTC without one', async () => {
    const inZone = async (timeZone: string | undefined) => {
      const response = await post(JSON.stringify({ as: HOST, text: `participant ${IDS.joined}`, ...(timeZone !== undefined ? { timeZone } : {}) }));
      return ((await response.json()) as Answer).text;
    };
    assert.match(await inZone('Australia/Sydney'), /since 02:02 AEDT$/, 'the 15th already in Sydney, the same day as the sandbox\u2019s now');
    assert.match(await inZone(undefined), /since 15:02 UTC$/);
    assert.match(await inZone(''), /since 15:02 UTC$/);
  });

  it('gives a stranger the not-found reply, word for word as for an id that does not exist', async () => {
    const refused = await ask(STRANGER, `participant ${IDS.joined}`);
    const missing = await ask(HOST, `participant ${IDS.missing}`);
    assert.ok(refused.markdown.startsWith(notFoundMessage({ participantId: '' })));
    assert.equal(refused.text, missing.text);
    assert.doesNotMatch(JSON.stringify(refused), /Joanna/);
  });

  it('refuses bad bodies with one fixed sentence that repeats nothing from the request', async () => {
    const attempts = [
      post(JSON.stringify({ as: '<script>alert(1)</script>@example.com', text: 'help' })),
      post(JSON.stringify({ as: HOST, text: 'x'.repeat(1001) })),
      post(JSON.stringify({ as: HOST })),
      post('{"as": "<img src=x onerror=alert(1)>'),
      post(JSON.stringify({ as: HOST, text: 'help' }), 'text/plain'),
      post(JSON.stringify({ as: HOST, text: 'help', timeZone: 'Z'.repeat(101) })),
      post(JSON.stringify({ as: HOST, text: 'help', timeZone: 42 })),
    ];
    for (const response of await Promise.all(attempts)) {
      assert.equal(response.status, 400);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      const body = await response.text();
      assert.deepEqual(JSON.parse(body), {
        error: 'Choose one of the sample people and type at most 1000 characters.',
      });
    }
  });

  it('serves the page with a script policy that allows only its own scripts', async () => {
    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    for (const asset of ['/playground/assets/playground.js', '/playground/vendor/adaptivecards.min.js']) {
      assert.equal((await fetch(`${base}${asset}`)).status, 200, asset);
    }
  });

  it('shows the limiter paused while Webex says 429, then answers', async () => {
    await ask(HOST, `participant ${IDS.rateLimited}`);
    const second = ask(HOST, `participant ${IDS.rateLimited}`);
    let seen: Answer['limiter'] | undefined;
    for (let i = 0; i < 40 && seen === undefined; i += 1) {
      const stats = (await (await fetch(`${base}/playground/limiter`)).json()) as Answer['limiter'];
      if (stats.pausedUntil > Date.now()) seen = stats;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(seen, 'the limiter was paused');
    assert.equal(seen.queued, 1);
    assert.match(JSON.stringify((await second).card), /Hana Host/);
  });

  it('takes a watch on the moving sample, whose alerts come back for the person who set it', async () => {
    const clock = new ManualClock(Date.now());
    const moving = await startBot(readConfig({ PORT: '0' }), pino({ level: 'silent' }), { watches: { clock }, sandboxMoveEveryMs: 50 });
    try {
      const origin = `http://127.0.0.1:${(moving.server.address() as AddressInfo).port}`;
      const answer = await fetch(`${origin}/playground/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as: HOST, text: `watch ${IDS.mover}`, via: 'button' }) });
      assert.match(((await answer.json()) as Answer).markdown, /Watching Milo Mover/);
      const alerts = async (as: string) => ((await (await fetch(`${origin}/playground/alerts?as=${as}`)).json()) as { alerts: Array<{ markdown: string }> }).alerts;
      for (let round = 0; round < 100 && (await alerts(HOST)).length === 0; round += 1) {
        clock.advance(1000);
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
      assert.match((await alerts(HOST))[0]?.markdown ?? '', /Milo Mover (joined the meeting|moved to a breakout session)\./);
      assert.deepEqual(await alerts(STRANGER), [], 'only to who set the watch');
    } finally {
      await moving.stop();
    }
  });

  it('renews its lookup token itself about every minute, and the limiter panel shows the token\u2019s age and the renewals, never the token', async () => {
    const clock = new ManualClock(Date.now());
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => lines.push(line) });
    const renewing = await startBot(readConfig({ PORT: '0' }), logger, { tokens: { clock, random: () => 0.5 } });
    try {
      const origin = `http://127.0.0.1:${(renewing.server.address() as AddressInfo).port}`;
      const panel = async () => ((await (await fetch(`${origin}/playground/limiter`)).json()) as Answer['limiter']).token;
      assert.deepEqual(await panel(), { ageSeconds: 0, renewals: 1 }, 'renewed at start: the sandbox has no token but its refresh token');
      clock.advance(45_000);
      assert.deepEqual(await panel(), { ageSeconds: 45, renewals: 1 });
      clock.advance(16_000); // past 85% of the minute: renewed, and the first token has expired since
      await until(async () => (await panel()).renewals === 2, 'a renewal about a minute in');
      const response = await fetch(`${origin}/playground/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as: HOST, text: `participant ${IDS.joined}` }) });
      const answer = (await response.json()) as Answer;
      assert.match(answer.text, /Joanna Joined/, 'lookups answer with the renewed token');
      assert.deepEqual(answer.limiter.token, { ageSeconds: 0, renewals: 2 });
      assert.equal(lines.filter((line) => line.includes('Renewed the Webex lookup token')).length, 2);
      assert.deepEqual(lines.filter((line) => /emulator-(access|refresh)-|\[redacted\]/.test(line)), [], 'no token in the log');
    } finally {
      await renewing.stop();
    }
  });

  it('keeps the sandbox\u2019s tokens in memory, also with REDIS_URL: its OAuth client is a new one each run', async () => {
    const redis = connect();
    await untilReady(redis);
    const keyPrefix = uniqueId('sandbox-tokens');
    const shared = await startBot(readConfig({ PORT: '0', REDIS_URL: `redis://${REDIS_HOST}:${REDIS_PORT}/${TEST_DB}` }), pino({ level: 'silent' }), { tokens: { keyPrefix } });
    try {
      const origin = `http://127.0.0.1:${(shared.server.address() as AddressInfo).port}`;
      const token = ((await (await fetch(`${origin}/playground/limiter`)).json()) as Answer['limiter']).token;
      assert.equal(token.renewals, 1);
      assert.deepEqual(await redis.keys(`${keyPrefix}*`), [], 'nothing of its tokens in Redis');
    } finally {
      await shared.stop();
      await deleteKeys(redis, `${keyPrefix}*`);
      redis.disconnect();
    }
  });
});
