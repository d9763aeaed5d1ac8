import assert from 'node:assert/strict';
import { commandLine } from '../../../src/transports/slack/listeners/commands/participant.js';

describe('/participant command line', () => {
  it('makes the command\u2019s name the verb', () => {
    assert.equal(commandLine(' abc_def  a@b.example '), 'participant abc_def  a@b.example');
  });

  it('reads a bare /participant, help and ? as a request for help', () => {
    for (const text of ['', '  ', 'help', 'HELP', '?']) assert.equal(commandLine(text), 'help');
  });
});
