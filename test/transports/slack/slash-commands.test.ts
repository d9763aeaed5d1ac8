import assert from 'node:assert/strict';
import { commandLine } from '../../../src/transports/slack/listeners/commands/slash-commands.js';

describe('slash command lines', () => {
  it('makes the command\u2019s name the verb', () => {
    assert.equal(commandLine('/participant', ' abc_def  a@b.example '), 'participant abc_def  a@b.example');
    assert.equal(commandLine('/participants', '2553 123 4567'), 'participants 2553 123 4567');
  });

  it('reads a bare command, help and ? as a request for help', () => {
    for (const text of ['', '  ', 'help', 'HELP', '?']) {
      assert.equal(commandLine('/participant', text), 'help');
      assert.equal(commandLine('/participants', text), 'help');
    }
  });
});
