import assert from 'node:assert/strict';
import { ConfigError, readConfig, secretsOf } from '../../src/config.js';
import { createLogger, redactFromNowOn } from '../../src/logger.js';
import { renderPlainText } from '../../src/render/text.js';
import { PARTICIPANT_ID, PEOPLE, PHONE_NUMBER, WEBHOOK_SECRET, startWorld } from '../faults/world.js';
import { connect, deleteKeys, uniqueId, until, untilReady } from '../redis/support.js';
import { seedExampleBody } from '../support/fixtures.js';
import { startWebexEmulator } from '../support/webex-emulator.js';
import { CLIENT, HOUR, ManualClock, renewals, startInstance, untilScheduled } from '../tokens/world.js';

describe('logs', () => {
  it('never hold the API token, the webhook secret or a phone number, through lookups and errors alike', async () => {
    const world = await startWorld();
    try {
      const token = world.emulator.apiToken;
      const shown = await world.ask(PEOPLE.officer);
      assert.ok(shown.kind === 'participant' && shown.view.devices[0]?.phoneNumber === PHONE_NUMBER, 'the officer sees the number');
      await world.ask(PEOPLE.admin, `participant ${PARTICIPANT_ID} ${PEOPLE.host}`);
      await world.ask(PEOPLE.stranger);
      // Webex (or a proxy) echoing the token in an error; a body with the number where it does not fit.
      world.emulator.failNext(4, { status: 500, body: { message: `Bearer ${token} was refused`, trackingId: 'T1' } });
      await world.ask(PEOPLE.officer);
      world.emulator.failNext(1, { status: 200, body: { id: PARTICIPANT_ID, phoneNumber: PHONE_NUMBER, devices: 'x' } });
      await world.ask(PEOPLE.officer);
      world.emulator.failNext(4, { reset: true });
      await world.ask(PEOPLE.officer);
      await world.ask(PEOPLE.officer, 'participant not-an-id');

      const lines = world.rawLogs;
      assert.ok(lines.filter((l) => l.includes('"audit":true')).length >= 6, 'the lookups were logged');
      for (const line of lines) {
        assert.ok(!line.includes(token), `the token in: ${line}`);
        assert.ok(!line.includes(WEBHOOK_SECRET), `the webhook secret in: ${line}`);
        assert.ok(!line.includes(PHONE_NUMBER), `a phone number in: ${line}`);
      }
    } finally {
      await world.close();
    }
  });

  it('keep every configured secret out, however deep or wherever in the line it is', () => {
    const config = readConfig({
      WEBEX_BOT_TOKEN: 'bot-token-abcdefgh',
      WEBEX_API_TOKEN: 'api-token-abcdefgh',
      WEBEX_WEBHOOK_URL: 'https://bot.example.com/webex/events',
      WEBEX_WEBHOOK_SECRET: 'hook"secret\\abcdefgh',
      SLACK_BOT_TOKEN: 'xoxb-abcdefgh',
      SLACK_SIGNING_SECRET: 'signing-secret-abcdefgh',
    });
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => lines.push(line) }, secretsOf(config));
    logger.info({ config }, 'careless: the whole configuration');
    logger.error({ err: new Error(`request with api-token-abcdefgh failed`) }, 'careless: a token in an error');
    logger.warn(`careless: ${config.webex?.webhook?.secret ?? ''} in a message`);
    logger.child({ deep: { deeper: { deepest: { value: 'signing-secret-abcdefgh' } } } }).info('careless: a child binding');
    logger.info({ participant: { devices: [{ phoneNumber: PHONE_NUMBER }] } }, 'careless: a participant');

    assert.equal(lines.length, 5);
    for (const secret of [...secretsOf(config), JSON.stringify(config.webex?.webhook?.secret).slice(1, -1), PHONE_NUMBER]) {
      for (const line of lines) assert.ok(!line.includes(secret), `${secret} in: ${line}`);
    }
    assert.ok(lines.every((line) => line.includes('[redacted]')));
    assert.ok(lines.every((line) => JSON.parse(line) !== undefined), 'each line is still JSON');
  });

  it('never hold a token obtained at run time, renewed or read from Redis, and redact one a careless line carries', async () => {
    const clock = new ManualClock();
    const emulator = await startWebexEmulator({ now: clock.now, oauth: { ...CLIENT, accessTokenSeconds: 3600, rotateRefreshTokens: true } });
    emulator.addParticipant({ ...seedExampleBody });
    const keyPrefix = uniqueId('log-tokens');
    const redis = [connect(), connect(), connect()];
    await Promise.all(redis.map(untilReady));
    const refreshToken = emulator.issueRefreshToken();
    const start = (client: (typeof redis)[number], random: number) =>
      startInstance({ emulator, clock, refreshToken, redis: client, keyPrefix, random: () => random });
    const renewer = await start(redis[0]!, 0.1);
    // Renewed at start (there is no WEBEX_API_TOKEN): the first pair the emulator issued.
    const [, firstRefresh, firstAccess] = emulator.issued;
    assert.equal(renewer.tokens.current(), firstAccess);
    // Careless lines: the tokens that renewal brought, before this instance ever read them back from Redis…
    renewer.logger.info({ careless: firstAccess }, `careless: ${firstAccess ?? ''}`);
    renewer.logger.error({ err: new Error(`refused ${firstRefresh ?? ''}`) }, 'careless: a token in an error');
    // Its tokens come only from Redis: it adopts the pair the first one stored.
    const reader = await start(redis[1]!, 0.9);
    try {
      // …and one the reader only read from Redis.
      reader.logger.child({ module: 'careless' }).warn(`careless: ${reader.tokens.current() ?? ''}`);
      const replies: string[] = [];
      const ask = async () => {
        for (const instance of [renewer, reader]) replies.push(renderPlainText(await instance.ask()));
      };
      await ask();
      for (let round = 2; round <= 3; round += 1) {
        clock.advance(0.95 * HOUR);
        await until(() => renewals(emulator) === round, `renewal ${round}`);
        await untilScheduled(clock, 2);
        await ask();
      }
      emulator.expireAccessTokens(); // a 401, renewed at once
      await ask();
      emulator.failNext(1, { status: 503, match: { method: 'POST', path: '/access_token' } });
      clock.advance(0.95 * HOUR); // a renewal that fails, then the backoff's try
      clock.advance(1_000);
      await until(() => renewals(emulator) === 5, 'the retried renewal');
      await untilScheduled(clock, 2);
      await ask();
      assert.ok(replies.every((reply) => reply.includes('Joe Doe')), 'every lookup answered');


      const lines = [...renewer.rawLogs, ...reader.rawLogs];
      const metrics = (await Promise.all([renewer, reader].map((instance) => instance.core.metrics.registry.metrics()))).join('\n');
      assert.ok(emulator.issued.length >= 6, `tokens issued: ${emulator.issued.length}`);
      for (const token of emulator.issued) {
        for (const text of [...lines, ...replies, metrics]) assert.ok(!text.includes(token), `an issued token in: ${text}`);
      }
      const careless = lines.filter((line) => line.includes('careless'));
      assert.equal(careless.length, 3);
      for (const line of careless) assert.match(line, /\[redacted\]/);
    } finally {
      for (const instance of [renewer, reader]) await instance.close();
      await deleteKeys(redis[2]!, `${keyPrefix}*`);
      for (const client of redis) client.disconnect();
      await emulator.close();
    }
  });

  it('keep scrubbing the newest tokens learnt at run time and every configured secret, however many renewals came before', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => lines.push(line) }, ['configured-secret-abcdefgh']);
    // A sandbox renewing every minute, for a day: the line's cost must not grow with it.
    const learnt = Array.from({ length: 2_000 }, (_, n) => `renewed-token-${n}-abcdefgh`);
    for (const token of learnt) redactFromNowOn(logger, token);
    logger.info(`careless: ${learnt.slice(-32).join(' ')} configured-secret-abcdefgh`);
    logger.info(`careless: ${learnt[0] ?? ''}`);
    const [newest, oldest] = lines;
    assert.ok(!/renewed-token|configured-secret/.test(newest ?? ''), newest);
    assert.match(oldest ?? '', /renewed-token-0-/, 'a token learnt 2,000 renewals ago (long expired) is no longer looked for');
  });

  it('scrub a secret whole, also where a shorter secret is part of it', () => {
    const lines: string[] = [];
    // Configured, shorter first: a token that begins with another secret must not leave its tail behind.
    const logger = createLogger('info', { write: (line: string) => lines.push(line) }, ['shared-prefix', 'shared-prefix-and-the-rest-of-a-token']);
    logger.info('careless: shared-prefix-and-the-rest-of-a-token');
    assert.doesNotMatch(lines[0] ?? '', /the-rest-of-a-token/, lines[0]);
    assert.match(lines[0] ?? '', /careless: \[redacted\]"/);
  });

  it('write every error under err in one shape: type, message, code and hint, stack, and no request riding along', () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger('info', { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    // An HTTP client's error: the request it failed on, header and all, is an enumerable property.
    const httpError = Object.assign(new Error('An API error occurred: invalid_auth for xoxb-123-456-abc'), {
      code: 'slack_webapi_platform_error',
      config: { headers: { Authorization: 'Bearer an-unconfigured-token' } },
    });
    logger.error({ err: httpError }, 'a Slack call failed');
    logger.fatal({ err: new ConfigError(['PORT must be a port number']) }, 'could not start');
    logger.error({ err: 'xapp-1-2-3 thrown as a string' }, 'something threw a string');
    logger.error({ err: { statusCode: 401, options: { headers: { authorization: 'Bearer an-unconfigured-token' } } } }, 'an SDK rejected');

    const [slack, config, thrown, sdk] = lines.map((line) => line.err as Record<string, unknown>);
    assert.equal(slack?.message, 'An API error occurred: invalid_auth for [redacted]');
    assert.equal(slack?.code, 'slack_webapi_platform_error');
    assert.match(String(slack?.stack), /^Error: An API error occurred: invalid_auth for \[redacted\]\n/);
    assert.deepEqual(Object.keys(config ?? {}), ['type', 'message', 'code', 'hint', 'stack']);
    assert.equal(config?.code, 'config_invalid');
    assert.deepEqual(thrown, { type: 'NonError', message: '[redacted] thrown as a string' });
    assert.match(String(sdk?.message), /statusCode: 401/);
    for (const line of lines) assert.ok(!/xoxb-|xapp-|an-unconfigured-token/.test(JSON.stringify(line)), JSON.stringify(line));
  });

  it('follow LOG_LEVEL, one JSON line per event', () => {
    const lines: string[] = [];
    const logger = createLogger('warn', { write: (line: string) => lines.push(line) });
    logger.info('not shown');
    logger.warn('shown');
    logger.error({ n: 1 }, 'shown too');
    assert.deepEqual(
      lines.map((line) => (JSON.parse(line) as { msg: string }).msg),
      ['shown', 'shown too'],
    );
    assert.ok(lines.every((line) => line.endsWith('\n') && line.indexOf('\n') === line.length - 1));
  });
});
