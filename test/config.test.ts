import assert from 'node:assert/strict';
import { ConfigError, readConfig, secretsOf } from '../src/config.js';

describe('configuration', () => {
  it('starts the sandbox with the README\u2019s defaults when nothing is set', () => {
    const config = readConfig({});
    assert.equal(config.mode, 'sandbox');
    assert.equal(config.port, 3000);
    assert.equal(config.webexApi.baseUrl, 'https://webexapis.com/v1');
    assert.equal(config.webexApi.ratePerMinute, 300);
    assert.equal(config.accessFile, './access.json');
    assert.equal(config.logLevel, 'info');
    assert.equal(config.webex, undefined);
    assert.equal(config.slack, undefined);
    assert.deepEqual(config.watches, { pollSeconds: 30, pollShare: 0.2 });
  });

  it('reads how watches poll, and refuses a share or an interval that makes no sense', () => {
    assert.deepEqual(readConfig({ WATCH_POLL_SECONDS: '60', WATCH_POLL_SHARE: '0.5' }).watches, { pollSeconds: 60, pollShare: 0.5 });
    assert.throws(
      () => readConfig({ WATCH_POLL_SECONDS: '1', WATCH_POLL_SHARE: '0' }),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.problems.some((p) => p.startsWith('WATCH_POLL_SECONDS must be at least 5')) &&
        e.problems.some((p) => p.startsWith('WATCH_POLL_SHARE must be more than 0')),
    );
    assert.throws(() => readConfig({ WATCH_POLL_SHARE: '1.5' }), /WATCH_POLL_SHARE must be at most 1/);
  });

  it('turns the Webex side on with a bot token, by webhook when a URL is given', () => {
    const config = readConfig({
      WEBEX_BOT_TOKEN: 'bot',
      WEBEX_API_TOKEN: 'api',
      WEBEX_WEBHOOK_URL: 'https://bot.example.com/webex/events',
      WEBEX_WEBHOOK_SECRET: 's3cret',
      WEBEX_API_BASE_URL: 'http://127.0.0.1:9000/v1/',
    });
    assert.equal(config.mode, 'live');
    assert.deepEqual(config.webex, {
      botToken: 'bot',
      webhook: { url: 'https://bot.example.com/webex/events', secret: 's3cret', checkSeconds: 300 },
    });
    assert.equal(config.webexApi.baseUrl, 'http://127.0.0.1:9000/v1');
  });

  it('checks the webhooks every WEBEX_WEBHOOK_CHECK_SECONDS, and refuses a period that is not one', () => {
    const env = { WEBEX_BOT_TOKEN: 'bot', WEBEX_API_TOKEN: 'api', WEBEX_WEBHOOK_URL: 'https://bot.example.com/webex/events', WEBEX_WEBHOOK_SECRET: 's' };
    assert.equal(readConfig({ ...env, WEBEX_WEBHOOK_CHECK_SECONDS: '60' }).webex?.webhook?.checkSeconds, 60);
    for (const wrong of ['0', '-5', 'often', '100000']) {
      assert.throws(
        () => readConfig({ ...env, WEBEX_WEBHOOK_CHECK_SECONDS: wrong }),
        (e: unknown) => e instanceof ConfigError && e.problems.some((p) => p.startsWith('WEBEX_WEBHOOK_CHECK_SECONDS ')),
        wrong,
      );
    }
  });

  it('uses Slack Socket Mode when an app token is present, HTTP otherwise', () => {
    const socket = readConfig({ SLACK_BOT_TOKEN: 'xoxb', SLACK_APP_TOKEN: 'xapp', WEBEX_API_TOKEN: 'api' });
    assert.equal(socket.slack?.mode, 'socket');
    const http = readConfig({ SLACK_BOT_TOKEN: 'xoxb', SLACK_SIGNING_SECRET: 'sig', WEBEX_API_TOKEN: 'api' });
    assert.equal(http.slack?.mode, 'http');
    assert.equal(http.slack?.apiUrl, 'https://slack.com/api/');
  });

  it('names every wrong variable at once, with how to fix it', () => {
    try {
      readConfig({
        PORT: 'eighty',
        LOG_LEVEL: 'loud',
        REDIS_URL: 'localhost:6379',
        WEBEX_RATE_LIMIT_PER_MINUTE: '0',
        SLACK_BOT_TOKEN: 'xoxb',
        WEBEX_WEBHOOK_URL: 'https://bot.example.com/webex/events',
      });
      assert.fail('expected a ConfigError');
    } catch (e) {
      assert.ok(e instanceof ConfigError);
      const names = e.problems.map((p) => p.split(' ')[0]);
      assert.deepEqual(names.sort(), [
        'LOG_LEVEL',
        'PORT',
        'REDIS_URL',
        'SLACK_SIGNING_SECRET',
        'WEBEX_API_TOKEN',
        'WEBEX_RATE_LIMIT_PER_MINUTE',
        'WEBEX_WEBHOOK_SECRET',
      ]);
      assert.match(e.message, /redis:\/\/127\.0\.0\.1:6379/);
      assert.equal(e.code, 'config_invalid');
      assert.match(e.hint, /\.env\.example/);
    }
  });

  it('never repeats a token in its errors', () => {
    try {
      readConfig({ WEBEX_BOT_TOKEN: 'super-secret-bot-token', WEBEX_API_BASE_URL: 'nope' });
      assert.fail('expected a ConfigError');
    } catch (e) {
      assert.ok(e instanceof ConfigError);
      assert.doesNotMatch(e.message, /super-secret-bot-token/);
    }
  });

  it('treats an empty variable as unset, as a .env line "FOO=" means', () => {
    assert.equal(readConfig({ PORT: '', WEBEX_BOT_TOKEN: '' }).mode, 'sandbox');
  });

  it('appends the audit trail to AUDIT_FILE when it is set, and refuses a folder', () => {
    assert.equal(readConfig({}).auditFile, undefined);
    assert.equal(readConfig({ AUDIT_FILE: ' /var/log/participant-bot/audit.jsonl ' }).auditFile, '/var/log/participant-bot/audit.jsonl');
    assert.throws(() => readConfig({ AUDIT_FILE: '/var/log/' }), (e) => e instanceof ConfigError && /^AUDIT_FILE /.test(e.problems[0] ?? ''));
  });

  it('lists every token and secret, the Redis password included, for the logger to keep out', () => {
    const config = readConfig({
      WEBEX_BOT_TOKEN: 'bot-token',
      WEBEX_API_TOKEN: 'api-token',
      WEBEX_WEBHOOK_URL: 'https://bot.example.com/webex/events',
      WEBEX_WEBHOOK_SECRET: 'hook-secret',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      SLACK_SIGNING_SECRET: 'signing-secret',
      REDIS_URL: 'redis://:p%40ss@127.0.0.1:6379',
      WEBEX_CLIENT_ID: 'client-id',
      WEBEX_CLIENT_SECRET: 'client-secret',
      WEBEX_REFRESH_TOKEN: 'refresh-token',
    });
    assert.deepEqual(secretsOf(config).sort(), [
      'api-token',
      'bot-token',
      'client-secret',
      'hook-secret',
      'p@ss',
      'refresh-token',
      'signing-secret',
      'xapp-1',
      'xoxb-1',
    ]);
    assert.deepEqual(secretsOf(readConfig({})), []);
  });

  describe('tokens that renew themselves (README, "Tokens that renew themselves")', () => {
    const renewal = { WEBEX_CLIENT_ID: 'C0ffee', WEBEX_CLIENT_SECRET: 'client-secret', WEBEX_REFRESH_TOKEN: 'refresh-token' };

    it('makes WEBEX_API_TOKEN optional when the client and its refresh token are given', () => {
      const config = readConfig({ SLACK_BOT_TOKEN: 'xoxb', SLACK_APP_TOKEN: 'xapp', ...renewal });
      assert.equal(config.webexApi.token, undefined);
      assert.deepEqual(config.webexApi.renewal, { clientId: 'C0ffee', clientSecret: 'client-secret', refreshToken: 'refresh-token' });
    });

    it('keeps WEBEX_API_TOKEN, to be used first, when it is given too', () => {
      const config = readConfig({ SLACK_BOT_TOKEN: 'xoxb', SLACK_APP_TOKEN: 'xapp', WEBEX_API_TOKEN: 'api', ...renewal });
      assert.equal(config.webexApi.token, 'api');
      assert.equal(config.webexApi.renewal?.refreshToken, 'refresh-token');
    });

    it('names what is missing from a partial set, and still asks for a token to look up with', () => {
      for (const [given, missing] of [
        [{ WEBEX_CLIENT_ID: 'C0ffee' }, /^WEBEX_CLIENT_SECRET and WEBEX_REFRESH_TOKEN are required with WEBEX_CLIENT_ID:/],
        [{ WEBEX_CLIENT_ID: 'C0ffee', WEBEX_CLIENT_SECRET: 's' }, /^WEBEX_REFRESH_TOKEN is required with WEBEX_CLIENT_ID and WEBEX_CLIENT_SECRET:/],
        [{ WEBEX_REFRESH_TOKEN: 'r' }, /^WEBEX_CLIENT_ID and WEBEX_CLIENT_SECRET are required with WEBEX_REFRESH_TOKEN:/],
      ] as const) {
        assert.throws(
          () => readConfig({ SLACK_BOT_TOKEN: 'xoxb', SLACK_APP_TOKEN: 'xapp', ...given }),
          (e) =>
            e instanceof ConfigError &&
            e.code === 'config_invalid' &&
            e.problems.some((p) => missing.test(p)) &&
            e.problems.some((p) => p.startsWith('WEBEX_API_TOKEN is required')),
          JSON.stringify(given),
        );
      }
    });
  });
});
