import type { Reply } from '../../src/replies/reply.js';
import type { Reading } from '../../src/replies/times.js';
import { participantSchema } from '../../src/participants/schema.js';
import { toRosterView } from '../../src/replies/roster-view.js';
import { seedExampleBody } from '../support/fixtures.js';
import { HOSTILE } from './hostile.js';
import { SEED_READING, participant, renderAll, viewOf } from './support.js';

/**
 * What the golden files hold, each in every renderer: the seed example body (Webex's own
 * documentation example) for a compliance officer and for its host; a live meeting whose times
 * Webex does not know yet; a hostile name; a participant with 200 devices; a roster; and the two
 * "busy" replies. Times are read in five zones, daylight saving and a half-hour offset among them,
 * against one fixed "now". The test compares; `npm run golden:update` (test/render/update-golden.ts)
 * rewrites them after an intended change: read the diff, and the same replies in the playground,
 * before committing it.
 */
const NOW = SEED_READING.now;
const in_ = (zone: string): Reading => ({ zone, now: NOW });
const UNKNOWN = '1970-01-01T00:00:00.000Z';

/** In the meeting for 40 minutes, on two devices; Webex has not filled in what it fills in at the end. */
const LIVE = {
  state: 'joined',
  leftTime: UNKNOWN,
  devices: [
    { deviceType: 'webex_app_ios', audioType: 'voip', joinedTime: '2022-10-25T09:00:00Z', leftTime: UNKNOWN },
    { deviceType: 'tp_phone', audioType: 'pstn', callType: 'callBack', joinedTime: UNKNOWN, leftTime: UNKNOWN },
  ],
  breakoutSessionsAttended: [],
};

const MANY_DEVICES = {
  state: 'joined',
  devices: Array.from({ length: 200 }, (_, i) => ({
    deviceType: i % 2 === 0 ? 'webex_meeting_center_windows' : `device_${i}`,
    audioType: 'voip',
    joinedTime: '2022-10-25T09:00:00Z',
    leftTime: '2022-10-25T09:30:00Z',
    durationSecond: 1800,
    phoneNumber: `+1 555 0100 ${i}`,
  })),
};

function sprintRoster(reading: Reading): Reply {
  const meetingId = seedExampleBody.meetingId;
  const person = (n: number, body: object) =>
    participantSchema.parse({ ...seedExampleBody, id: `${meetingId}_00000000-0000-4000-8000-00000000000${n}`, ...body });
  const roster = toRosterView(
    [
      person(1, { displayName: 'Lars Lobby', state: 'lobby', joinedTime: UNKNOWN }),
      person(2, { displayName: 'Joanna Joined', state: 'joined', joinedTime: '2022-10-25T09:02:00Z' }),
      person(3, { displayName: 'Bruno Breakout', state: 'breakoutSession', breakoutSessionId: 'c84ba778-2f46-4dc6-9459-398694732d70' }),
      person(4, { displayName: 'Lena Left', state: 'end', joinedTime: '2022-10-25T09:01:00Z', leftTime: '2022-10-25T09:20:00Z' }),
    ],
    { label: '2553 123 4567', meetingId, complete: true },
    reading,
  );
  return {
    kind: 'roster',
    roster,
    details: roster.lines.map((line) => ({ label: 'Details', command: `participant ${line.participantId}`, replaces: false })),
    buttons: [{ label: 'Refresh', command: 'participants 25531234567', replaces: true }],
  };
}

const cases: Array<{ name: string; reply: Reply }> = [
  { name: 'seed-compliance-officer', reply: participant(viewOf({}, true)) },
  { name: 'seed-host', reply: participant(viewOf({}, false, in_('America/New_York'))) },
  { name: 'live-unknown-times', reply: participant(viewOf(LIVE, false, in_('Europe/Berlin'))) },
  { name: 'hostile-name', reply: participant(viewOf({ displayName: HOSTILE, state: 'joined' }, false, in_('Asia/Kolkata'))) },
  { name: 'many-devices', reply: participant(viewOf(MANY_DEVICES, true, in_('Australia/Sydney'))) },
  { name: 'roster', reply: sprintRoster(in_('Europe/Berlin')) },
  {
    name: 'busy-webex',
    reply: { kind: 'error', error: { code: 'busy', busyBecause: 'webex', retryAfterSeconds: 600, trackingId: 'ROUTER_5F1B' } },
  },
  { name: 'busy-queue', reply: { kind: 'error', error: { code: 'busy', busyBecause: 'queue', retryAfterSeconds: 20 } } },
];

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export interface GoldenFile {
  /** Below test/render/golden/. */
  file: string;
  text: string;
}

export function goldenFiles(): GoldenFile[] {
  return cases.flatMap(({ name, reply }) => {
    const rendered = renderAll(reply);
    return [
      { file: `${name}.card.json`, text: json(rendered.card) },
      { file: `${name}.block-kit.json`, text: json(rendered.slack) },
      { file: `${name}.md`, text: `${rendered.markdown}\n` },
      { file: `${name}.txt`, text: `${rendered.plain}\n` },
    ];
  });
}

export const goldenUrl = (file: string): URL => new URL(`golden/${file}`, import.meta.url);
