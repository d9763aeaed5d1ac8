import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SlackApiEmulator } from '../test/support/slack-api-emulator.js';
import { slackSignatureHeaders } from '../test/support/slack-signing.js';
import type { WebexEmulator } from '../test/support/webex-emulator.js';
import { errorTitle } from '../src/replies/messages.js';
import { participantId } from './fleet.js';

/**
 * Slack as a crowd of users: each user is known to the Slack emulator (users.info gives the email)
 * and hosts the meetings of its participants in the Webex emulator, so that every command is a
 * lookup that ends in a participant card, unless the bot answers busy.
 */

export const slackUserOf = (index: number): string => `U0B${index.toString().padStart(6, '0')}`;
export const slackEmailOf = (index: number): string => `slack.host${index}@example.com`;
export const benchParticipantName = (index: number): string => `Bench Participant ${index}`;

/** Participant `index` is hosted by user `index % users`. */
export function seedSlackCrowd(slack: SlackApiEmulator, webex: WebexEmulator, users: number, participants: number): void {
  for (let user = 0; user < users; user += 1) slack.addUser({ id: slackUserOf(user), email: slackEmailOf(user) });
  for (let index = 0; index < participants; index += 1) {
    webex.addParticipant({
      id: participantId(index),
      meetingId: 'm1',
      hostEmail: slackEmailOf(index % users),
      displayName: benchParticipantName(index),
      state: 'joined',
    });
  }
}

/** The form body of `/participant <participantId(index)>` from user `index % users`. */
export function slashCommandBody(slack: SlackApiEmulator, index: number, users: number): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: slack.teamId,
    team_domain: 'emulator',
    channel_id: 'C0GENERAL1',
    channel_name: 'general',
    user_id: slackUserOf(index % users),
    user_name: `user${index % users}`,
    command: '/participant',
    text: participantId(index),
    api_app_id: 'A0EMULATOR',
    is_enterprise_install: 'false',
    response_url: slack.newResponseUrl(),
    trigger_id: `${Date.now()}.${randomUUID()}`,
  }).toString();
}

/** POSTs a signed body to /slack/events; resolves with the status once the response has come. */
export async function postSigned(origin: string, signingSecret: string, body: string, timeoutMs = 5_000): Promise<number> {
  const response = await fetch(`${origin}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignatureHeaders(signingSecret, body) },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.arrayBuffer();
  return response.status;
}

/** How the response_url posts read: a participant card, busy, or anything else. */
/** The titles of both "busy" replies: Webex asked to wait, or our queue is full. */
const BUSY_TITLES = [errorTitle({ code: 'busy', busyBecause: 'webex' }), errorTitle({ code: 'busy', busyBecause: 'queue' })];

/** A reply (its body as JSON text) that told the user to wait. */
export const isBusyReply = (text: string): boolean => BUSY_TITLES.some((title) => text.includes(title));

export function classifyResponses(slack: SlackApiEmulator): { participant: number; busy: number; other: number } {
  let participant = 0;
  let busy = 0;
  for (const response of slack.responses) {
    const text = JSON.stringify(response.body);
    if (text.includes('Bench Participant')) participant += 1;
    else if (isBusyReply(text)) busy += 1;
  }
  return { participant, busy, other: slack.responses.length - participant - busy };
}

/** An access file with nobody special: every user here is a host asking about their own meeting. */
export async function writeAccessFile(): Promise<string> {
  const file = path.join(tmpdir(), `participant-bot-bench-access-${randomUUID()}.json`);
  await writeFile(file, JSON.stringify({ admins: [], complianceOfficers: [], slackUsers: {} }));
  return file;
}
