import assert from 'node:assert/strict';
import express from 'express';
import { AccessPolicy } from '../../../src/access/policy.js';
import { createLogger } from '../../../src/logger.js';
import { createSlackPlatform, SlackStartError } from '../../../src/transports/slack/index.js';
import { startOnPipeline } from '../../support/attach.js';
import { startSlackApiEmulator, type SlackApiEmulator } from '../../support/slack-api-emulator.js';

describe('the Slack platform with a token Slack refuses', () => {
  let slack: SlackApiEmulator;

  beforeEach(async () => {
    slack = await startSlackApiEmulator();
  });

  afterEach(async () => {
    await slack.close();
  });

  const start = (config: Parameters<typeof createSlackPlatform>[0]['config']) => {
    const logger = createLogger('silent');
    const platform = createSlackPlatform({
      config,
      app: express(),
      access: new AccessPolicy({ admins: [], complianceOfficers: [], slackUsers: {} }),
      logger,
      observer: { slackAcked: () => undefined },
    });
    return startOnPipeline(platform, { handle: async () => ({ kind: 'help' }), logger });
  };

  it('fails start-up naming SLACK_BOT_TOKEN (slack_auth_failed), without the token itself', async () => {
    const wrong = 'xoxb-wrong-token-1234';
    await assert.rejects(
      start({ botToken: wrong, apiUrl: slack.apiUrl, mode: 'http', signingSecret: 'secret' }),
      (error: Error) => {
        assert.ok(error instanceof SlackStartError);
        assert.equal(error.code, 'slack_auth_failed');
        assert.match(error.message, /SLACK_BOT_TOKEN.*invalid_auth/);
        assert.match(error.hint, /Bot User OAuth Token.*SLACK_BOT_TOKEN/);
        assert.ok(!`${error.message} ${error.hint}`.includes(wrong));
        return true;
      },
    );
  });

  it('fails start-up naming SLACK_APP_TOKEN (slack_socket_failed) when Socket Mode cannot connect', async () => {
    const wrong = 'xapp-wrong-token-1234';
    await assert.rejects(
      start({ botToken: slack.botToken, apiUrl: slack.apiUrl, mode: 'socket', appToken: wrong }),
      (error: Error) => {
        assert.ok(error instanceof SlackStartError);
        assert.equal(error.code, 'slack_socket_failed');
        assert.match(error.message, /SLACK_APP_TOKEN/);
        assert.match(error.hint, /SLACK_APP_TOKEN.*connections:write.*Socket Mode/);
        assert.ok(!`${error.message} ${error.hint}`.includes(wrong));
        return true;
      },
    );
  });
});
