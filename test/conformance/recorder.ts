import { onWebexExchange, type WebexExchange } from '../../src/sandbox/webex-api-emulator.js';
import { onSlackApiCall, type SlackApiCall } from '../support/slack-api-emulator.js';
import { checkSlackCall, sdkMethods } from './slack-check.js';
import { checkExchange } from './webex-check.js';
import { outOfScope } from './webex-scope.js';

/**
 * A mocha root-hook plugin (.mocharc.json `require`): it listens to every Webex and Slack emulator
 * the test files start, whatever their order, and once every file has run it holds all that was
 * recorded to Webex's published API and to the Slack SDK. A root `afterAll` runs after the last
 * file, so no test file has to be the last one.
 */

export const recorded: { listening: boolean; webex: WebexExchange[]; slack: SlackApiCall[] } = {
  listening: false,
  webex: [],
  slack: [],
};

let stopListening: Array<() => void> = [];

/** Each distinct problem once, with how often it came up. */
function conformanceProblems(webex: readonly WebexExchange[], slack: readonly SlackApiCall[]): string[] {
  const counts = new Map<string, number>();
  const count = (problem: string) => counts.set(problem, (counts.get(problem) ?? 0) + 1);
  for (const exchange of webex) {
    // Listed with the reason in webex-scope.ts and the README, not held to the spec.
    if (outOfScope(exchange.method, exchange.path) !== undefined) continue;
    checkExchange(exchange).forEach(count);
  }
  const known = sdkMethods();
  for (const call of slack) checkSlackCall(call, known).forEach(count);
  return [...counts].map(([problem, times]) => (times > 1 ? `${problem} (${times} times)` : problem));
}

export const mochaHooks = {
  beforeAll(): void {
    recorded.listening = true;
    stopListening = [onWebexExchange((exchange) => recorded.webex.push(exchange)), onSlackApiCall((call) => recorded.slack.push(call))];
  },
  afterAll(): void {
    for (const stop of stopListening) stop();
    recorded.listening = false;
    const problems = conformanceProblems(recorded.webex, recorded.slack);
    if (problems.length > 0) {
      throw new Error(`The emulators and our clients disagree with Webex's published API or the Slack SDK:\n- ${problems.join('\n- ')}`);
    }
  },
};
