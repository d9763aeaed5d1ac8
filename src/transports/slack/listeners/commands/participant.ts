import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import type { Logger } from 'pino';
import type { TransportObserver } from '../../../../observability/transport-observer.js';
import type { SlackMessage } from '../../../../render/block-kit.js';
import { answer } from '../../answer.js';
import { describeError } from '../../redact.js';
import type { ListenerDeps } from '../deps.js';
import { sendOrReportLost } from '../report-lost.js';

export const COMMAND = '/participant';

/** `/participant <participantId> [<hostEmail>]`, answered privately to whoever typed it. */
export function register(app: App, deps: ListenerDeps): void {
  app.command(COMMAND, async ({ command, ack, respond, client }) => {
    // Slack gives up after 3 seconds and a Webex lookup can take longer: acknowledge with nothing
    // first, then answer through response_url.
    const started = performance.now();
    await ack();
    deps.observer?.slackAcked((performance.now() - started) / 1000);
    // Slack does not retry slash commands today; trigger_id is unique per invocation all the same,
    // and the claim keeps "exactly one answer" true should a proxy or Slack ever deliver it twice.
    if (!(await deps.dedupe.claim(`slack:command:${command.trigger_id}`))) return;
    const message = await answer(deps, client, command.user_id, commandLine(command.text));
    await replyEphemerally({ respond, client, command, message, logger: deps.logger, observer: deps.observer });
  });
}

/**
 * The command's name is the verb: `/participant <id>` means `participant <id>` to the core. A bare
 * `/participant` or `/participant help` asks for help, which the core answers for `help`.
 */
export function commandLine(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '' || /^(?:help|\?)$/i.test(trimmed)) return 'help';
  return `participant ${trimmed}`;
}

interface EphemeralReply {
  respond: RespondFn;
  client: App['client'];
  command: SlashCommand;
  message: SlackMessage;
  logger: Logger;
  observer: TransportObserver | undefined;
}

/**
 * response_url lives 30 minutes and may be refused (expired, used up); chat.postEphemeral still
 * reaches the user then, in channels the bot can post to. If both fail, the operator hears of it.
 */
async function replyEphemerally({ respond, client, command, message, logger, observer }: EphemeralReply): Promise<void> {
  const where = { slackUser: command.user_id, channel: command.channel_id };
  try {
    await respond({ response_type: 'ephemeral', text: message.text, blocks: message.blocks });
    return;
  } catch (error) {
    logger.warn({ ...where, error: describeError(error) }, 'response_url refused the answer; sending it with chat.postEphemeral');
  }
  await sendOrReportLost(
    { logger, observer },
    where,
    `The answer to ${COMMAND} was lost: response_url and chat.postEphemeral both failed (is the bot a member of the channel?)`,
    () => client.chat.postEphemeral({ channel: command.channel_id, user: command.user_id, ...message }),
  );
}
