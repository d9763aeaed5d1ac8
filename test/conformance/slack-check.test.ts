import assert from 'node:assert/strict';
import type { SlackApiCall } from '../support/slack-api-emulator.js';
import { checkSlackCall, sdkMethods, SLACK_CALL_SHAPES } from './slack-check.js';

const known = sdkMethods();
const call = (method: string, body: Record<string, unknown>): SlackApiCall => ({ seq: 1, method, bearer: 'xoxb-1', body });

describe('the check against the Slack SDK', () => {
  it('knows the methods from a WebClient, and has a shape only for methods the SDK has', () => {
    assert.ok(known.has('chat.postMessage') && known.has('apps.connections.open'));
    for (const method of Object.keys(SLACK_CALL_SHAPES)) assert.ok(known.has(method), method);
  });

  it('passes a reply as the bot sends it, with the team_id the WebClient adds', () => {
    const reply = call('chat.postEphemeral', { channel: 'C1', user: 'U1', text: 'hi', blocks: [{ type: 'section' }], team_id: 'T1' });
    assert.deepEqual(checkSlackCall(reply, known), []);
  });

  it('names a method the SDK does not have, and an argument the shape does not list', () => {
    assert.deepEqual(checkSlackCall(call('chat.postMesage', { channel: 'C1', text: 'hi' }), known), [
      "chat.postMesage: not a method of the Slack SDK's WebClient",
    ]);
    assert.deepEqual(checkSlackCall(call('chat.postMessage', { channel: 'C1', text: 'hi', as_user: 'true' }), known), [
      'chat.postMessage: (arguments) unrecognized_keys as_user',
    ]);
    assert.deepEqual(checkSlackCall(call('conversations.history', { channel: 'C1' }), known), [
      "conversations.history: called, but has no shape checked against the SDK's types",
    ]);
  });
});
