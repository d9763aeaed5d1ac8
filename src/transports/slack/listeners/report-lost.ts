import { describeError } from '../redact.js';
import type { ListenerDeps } from './deps.js';

/**
 * Sends one answer. If Slack refuses it, the answer is lost: the operator log says which and why,
 * and GET /metrics counts it. Never throws, so a listener cannot fail after its answer was decided.
 */
export async function sendOrReportLost(
  deps: Pick<ListenerDeps, 'logger' | 'observer'>,
  where: { slackUser: string; channel: string },
  lostMessage: string,
  send: () => Promise<unknown>,
): Promise<void> {
  try {
    await send();
  } catch (error) {
    deps.logger.error({ ...where, error: describeError(error) }, lostMessage);
    deps.observer?.replyLost('slack');
  }
}
