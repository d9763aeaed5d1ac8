import assert from 'node:assert/strict';
import { LogLevel } from '@slack/bolt';
import { createLogger } from '../../../src/logger.js';
import { toBoltLogger } from '../../../src/transports/slack/bolt-logger.js';

function capture(level: 'trace' | 'debug' | 'warn') {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger(level, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { lines, bolt: toBoltLogger(logger) };
}

describe('toBoltLogger', () => {
  it('joins Bolt\u2019s loose arguments into one message, the error kept as err, tokens removed', () => {
    const { lines, bolt } = capture('trace');

    bolt.error('Slack API error: invalid_auth for xoxb-1-2-3', new Error('An API error occurred: xoxb-1-2-3'), { n: 1 });

    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.level, 50);
    assert.equal(lines[0]?.component, 'slack');
    assert.equal(lines[0]?.msg, 'Slack API error: invalid_auth for [redacted] {"n":1}');
    const err = lines[0]?.err as Record<string, unknown> | undefined;
    assert.equal(err?.type, 'Error');
    assert.equal(err?.message, 'An API error occurred: [redacted]');
    assert.ok(!JSON.stringify(lines[0]).includes('xoxb-1-2-3'), 'no token anywhere in the line, the stack included');
  });

  it('keeps Bolt\u2019s debug output, which dumps whole message bodies, to trace', () => {
    const debug = capture('debug');
    debug.bolt.debug('http request body: {"blocks":[]}');
    assert.equal(debug.lines.length, 0);
    assert.equal(debug.bolt.getLevel(), LogLevel.INFO);

    const trace = capture('trace');
    trace.bolt.debug('http request body: {"blocks":[]}');
    assert.equal(trace.lines[0]?.level, 10);
    assert.equal(trace.bolt.getLevel(), LogLevel.DEBUG);
  });

  it('reports the operator\u2019s level to Bolt and does not let Bolt change it', () => {
    const { lines, bolt } = capture('warn');

    bolt.setLevel(LogLevel.DEBUG);
    bolt.setName('web-api:WebClient:7');
    bolt.info('not shown');
    bolt.warn('shown');

    assert.equal(bolt.getLevel(), LogLevel.WARN);
    assert.deepEqual(
      lines.map((l) => [l.msg, l.component]),
      [['shown', 'slack']],
    );
  });
});
