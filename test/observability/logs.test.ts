import assert from 'node:assert/strict';
import { ConfigError, readConfig, secretsOf } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { PARTICIPANT_ID, PEOPLE, PHONE_NUMBER, WEBHOOK_SECRET, startWorld } from '../faults/world.js';

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
