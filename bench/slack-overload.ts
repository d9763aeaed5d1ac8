import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startBot } from '../src/bot.js';
import { readConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startSlackApiEmulator } from '../test/support/slack-api-emulator.js';
import { startWebexEmulator } from '../test/support/webex-emulator.js';
import { upstream } from './fleet.js';
import { classifyResponses, postSigned, seedSlackCrowd, slashCommandBody, writeAccessFile } from './slack-load.js';
import { mib, ms, percentile } from './stats.js';

/** The event loop's lag is sampled by a timer of this period; the histogram's values include it. */
const LOOP_RESOLUTION_MS = 1;
const lag = (nanoseconds: number) => Math.max(0, nanoseconds / 1e6 - LOOP_RESOLUTION_MS);

export interface OverloadOptions {
  /** Commands per second sent. */
  rate: number;
  durationMs: number;
  /** WEBEX_RATE_LIMIT_PER_MINUTE, and what the Webex emulator allows (in windows of `windowMs`). */
  allowedPerMinute: number;
  windowMs: number;
  /** Distinct Slack users the commands come from, round-robin. */
  users: number;
  /** How long to wait for the last answers through response_url once sending has ended. */
  drainTimeoutMs: number;
}

export interface OverloadResult {
  lines: string[];
  sent: number;
  acked: number;
  ackP99: number;
  participant: number;
  busy: number;
  unanswered: number;
}

/**
 * The whole bot (startBot: Bolt's HTTP receiver on the one express server, the real core) in this
 * process, Slack over HTTP against the Slack API emulator, Webex against the Webex emulator with a
 * rate limit. Signed slash commands come at `rate` per second; each one's ack is the time from
 * sending the request to its HTTP response. Every command is then answered once through its
 * response_url: a participant card, or busy.
 */
export async function slackOverload(options: OverloadOptions): Promise<OverloadResult> {
  const count = Math.round((options.rate * options.durationMs) / 1000);
  const slack = await startSlackApiEmulator();
  const webex = await startWebexEmulator({
    apiToken: `bench-${randomUUID()}`,
    rateLimit: { limit: (options.allowedPerMinute * options.windowMs) / 60_000, windowMs: options.windowMs },
  });
  seedSlackCrowd(slack, webex, options.users, count);
  const accessFile = await writeAccessFile();
  const signingSecret = `bench-secret-${randomUUID()}`;
  const config = readConfig({
    PORT: '0',
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: slack.apiUrl,
    WEBEX_API_TOKEN: webex.apiToken,
    WEBEX_API_BASE_URL: webex.baseUrl,
    WEBEX_RATE_LIMIT_PER_MINUTE: String(options.allowedPerMinute),
    ACCESS_FILE: accessFile,
    LOG_LEVEL: 'info',
  });
  // Log lines are made as in production (JSON, redaction) and then dropped instead of written.
  let logLines = 0;
  const logger = createLogger(config.logLevel, { write: () => void (logLines += 1) }, []);
  const bot = await startBot(config, logger);
  const origin = `http://127.0.0.1:${(bot.server.address() as AddressInfo).port}`;
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  try {
    // Warm up: one command through the whole path, as a running bot would have had.
    await postSigned(origin, signingSecret, slashCommandBody(slack, 0, options.users));
    await slack.waitFor(() => slack.responses.length >= 1, 5_000);
    slack.responses.length = 0;
    webex.requests.length = 0;
    webex.setRateLimit({ limit: (options.allowedPerMinute * options.windowMs) / 60_000, windowMs: options.windowMs });

    const acks: number[] = [];
    const statuses = new Map<string, number>();
    const pending: Array<Promise<void>> = [];
    loop.enable();
    const started = performance.now();
    for (let index = 0; index < count; index += 1) {
      const due = started + (index * 1000) / options.rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const body = slashCommandBody(slack, index, options.users);
      const at = performance.now();
      pending.push(
        postSigned(origin, signingSecret, body).then(
          (status) => {
            acks.push(performance.now() - at);
            statuses.set(String(status), (statuses.get(String(status)) ?? 0) + 1);
          },
          (error: unknown) => {
            const name = error instanceof Error ? error.name : 'error';
            statuses.set(name, (statuses.get(name) ?? 0) + 1);
          },
        ),
      );
    }
    await Promise.all(pending);
    const sendMs = performance.now() - started;
    loop.disable();
    const acked = statuses.get('200') ?? 0;
    const drainStarted = performance.now();
    await slack.waitFor(() => slack.responses.length >= acked, options.drainTimeoutMs).catch(() => undefined);
    const lastAnswerS = (performance.now() - started) / 1000;
    const drainS = (performance.now() - drainStarted) / 1000;
    const { participant, busy, other } = classifyResponses(slack);
    const up = upstream(webex, options.allowedPerMinute);
    const statusText = [...statuses].map(([status, n]) => `${status} × ${n}`).join(', ');
    const lines = [
      `sent                  ${count} signed slash commands in ${(sendMs / 1000).toFixed(1)} s (${options.rate}/s from ${options.users} users; Webex budget ${options.allowedPerMinute}/min = ${options.allowedPerMinute / 60}/s)`,
      `acks                  ${statusText}`,
      `ack time              p50 ${ms(percentile(acks, 50))}  p95 ${ms(percentile(acks, 95))}  p99 ${ms(percentile(acks, 99))}  max ${ms(Math.max(...acks))}`,
      `event loop lag        p99 ${ms(lag(loop.percentile(99)))}  max ${ms(lag(loop.max))}  (the bot, both emulators and the load share this one process)`,
      `answered (resp_url)   ${participant} participant cards, ${busy} busy, ${other} other, ${acked - slack.responses.length} unanswered; last ${lastAnswerS.toFixed(1)} s after the first command (${drainS.toFixed(1)} s after the last ack)`,
      `upstream calls        ${up.calls}: accepted ${up.accepted}, throttled (429) ${up.throttled}`,
      `log lines             ${logLines}`,
      `RSS                   ${mib(process.memoryUsage().rss)}`,
    ];
    return {
      lines,
      sent: count,
      acked,
      ackP99: percentile(acks, 99),
      participant,
      busy,
      unanswered: acked - slack.responses.length,
    };
  } finally {
    loop.disable();
    await bot.stop();
    await slack.close();
    await webex.close();
    await rm(accessFile, { force: true });
  }
}
