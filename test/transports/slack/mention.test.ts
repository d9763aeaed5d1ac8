import assert from 'node:assert/strict';
import { stripBotMention } from '../../../src/transports/slack/mention.js';

describe('stripBotMention', () => {
  it('removes the bot\u2019s mention at the start', () => {
    assert.equal(stripBotMention('<@UBOT0001> participant abc', 'UBOT0001'), 'participant abc');
  });

  it('removes the labelled form and mentions anywhere in the text', () => {
    assert.equal(stripBotMention('participant <@UBOT0001|bot> abc <@UBOT0001>', 'UBOT0001'), 'participant abc');
  });

  it('keeps other people\u2019s mentions, so that they do not silently vanish from the command', () => {
    assert.equal(stripBotMention('<@UBOT0001> participant <@U0OTHER01>', 'UBOT0001'), 'participant <@U0OTHER01>');
  });

  it('only trims when the bot\u2019s id is unknown', () => {
    assert.equal(stripBotMention('  participant abc ', undefined), 'participant abc');
  });
});
