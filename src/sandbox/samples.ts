import type { AccessList } from '../access/access-file.js';
import type { Participant } from '../participants/schema.js';

/**
 * The sandbox's sample data: people who may ask, and meeting participants that cover what real
 * Webex answers hold (lobby, joined, breakout session, ended; PSTN and VoIP; several devices for one
 * person; co-host and invitee; several breakout sessions; the 1970-01-01 "not known yet" times; a
 * hostile display name), plus ids that 404 or get 429, so every kind of reply can be seen.
 */

export type SampleRole = 'host' | 'admin' | 'complianceOfficer' | 'stranger';

export interface SamplePerson {
  email: string;
  role: SampleRole;
  /** How the playground names them. */
  label: string;
  /** The time zone their chat profile gives, as Webex's `timezone` or Slack's `tz` would; the playground can change it. */
  timeZone: string;
}

export const SAMPLE_PEOPLE: readonly SamplePerson[] = [
  { email: 'hana.host@example.com', role: 'host', label: 'Hana, the host of the sample meetings', timeZone: 'Europe/Berlin' },
  { email: 'ada.admin@example.com', role: 'admin', label: 'Ada, an admin', timeZone: 'America/New_York' },
  { email: 'olga.officer@example.com', role: 'complianceOfficer', label: 'Olga, the compliance officer', timeZone: 'Asia/Kolkata' },
  { email: 'sam.stranger@example.com', role: 'stranger', label: 'Sam, a stranger (not in the access file)', timeZone: 'UTC' },
];

/**
 * Time zones the playground offers for each person: a few where daylight saving differs, one with
 * a half-hour offset, and two a profile may really hold that are not zones (read in UTC).
 */
export const SAMPLE_TIME_ZONES: ReadonlyArray<{ zone: string; label: string }> = [
  { zone: 'UTC', label: 'UTC' },
  { zone: 'Europe/Berlin', label: 'Europe/Berlin' },
  { zone: 'Europe/London', label: 'Europe/London' },
  { zone: 'America/New_York', label: 'America/New_York' },
  { zone: 'America/Los_Angeles', label: 'America/Los_Angeles' },
  { zone: 'Asia/Kolkata', label: 'Asia/Kolkata' },
  { zone: 'Asia/Tokyo', label: 'Asia/Tokyo' },
  { zone: 'Australia/Sydney', label: 'Australia/Sydney' },
  { zone: 'Mars/Olympus', label: 'Mars/Olympus (not a zone: read in UTC)' },
  { zone: '', label: 'none (the profile has no time zone: UTC)' },
];

/**
 * The moment the samples describe: a Friday afternoon in March 2025, with the Sprint review an hour
 * and a quarter in. The sandbox's replies read "for 12 min" against it, so they stay the same
 * whenever the playground is opened.
 */
export const SAMPLE_NOW = '2025-03-14T16:15:00Z';

/** Hosts need no entry in the access file: they see their own meetings. */
export const SAMPLE_ACCESS: AccessList = {
  admins: ['ada.admin@example.com'],
  complianceOfficers: ['olga.officer@example.com'],
  slackUsers: {},
};

const HOST = 'hana.host@example.com';
const OTHER_HOST = 'otto.other@example.com';
const SITE = 'sandbox.webex.example.com';
const ORG = 'b7e2c0f4-5d1a-4c8e-9f3b-2a6d8e0c4f17';
/** What Webex sends for a time it does not know yet, typically while the meeting is on. */
const NOT_KNOWN = '1970-01-01T00:00:00.000Z';

/** One instance of a series, with the `_I_` form of the id. */
const LIVE_MEETING = '5a1e2d3c4b5a69788796a5b4c3d2e1f0_I_204815703218549760';
const ENDED_MEETING = 'e0d1c2b3a4958677685940a3b2c1d0e9';
const OTHER_MEETING = '7c6b5a4938271605f4e3d2c1b0a99887';

const LIVE_START = '2025-03-14T15:00:00Z';

export const BREAKOUTS = {
  design: { id: '1f0e2d3c-4b5a-4697-8877-66a5b4c3d2e1', name: 'Design review' },
  budget: { id: '2a1b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', name: 'Budget' },
  retro: { id: '3b2c4d5e-6f7a-4b8c-9dae-1f2a3b4c5d6e', name: 'Retrospective' },
};

export interface Sample {
  participantId: string;
  /** What the playground says the sample shows. */
  label: string;
}

function id(meetingId: string, uuid: string): string {
  return `${meetingId}_${uuid}`;
}

export const IDS = {
  lobby: id(LIVE_MEETING, '0b6f1c2e-8d3a-4e5f-9a7b-1c2d3e4f5a6b'),
  joined: id(LIVE_MEETING, '1c7a2d3f-9e4b-4f60-8b8c-2d3e4f5a6b7c'),
  breakout: id(LIVE_MEETING, '2d8b3e4a-0f5c-4a71-9c9d-3e4f5a6b7c8d'),
  hostile: id(LIVE_MEETING, '3e9c4f5b-1a6d-4b82-8dae-4f5a6b7c8d9e'),
  ended: id(ENDED_MEETING, '4fad5a6c-2b7e-4c93-9ebf-5a6b7c8d9eaf'),
  otherHost: id(OTHER_MEETING, '5abe6b7d-3c8f-4da4-8fc0-6b7c8d9eafb0'),
  /** Listed, but the emulator does not know it: Webex's 404. */
  missing: id(LIVE_MEETING, '6bcf7c8e-4d90-4eb5-90d1-7c8d9eafb0c1'),
  /** The emulator allows one lookup of it per window and answers 429 with Retry-After after that. */
  rateLimited: id(LIVE_MEETING, '7cd08d9f-5ea1-4fc6-81e2-8d9eafb0c1d2'),
  /** Moves between the lobby, the meeting and a breakout session while the sandbox runs (mover.ts): one to watch. */
  mover: id(LIVE_MEETING, '8de19eaf-6fb2-4ad7-92f3-9eafb0c1d2e3'),
};

/** How often the moving sample changes state: short enough to see a watch's alert arrive in the playground. */
export const MOVE_EVERY_MS = 20_000;

/**
 * How long the emulator's access tokens last: a minute rather than Webex's days, so that the
 * sandbox bot renews its lookup token about every minute, in plain sight on the playground.
 */
export const ACCESS_TOKEN_SECONDS = 60;

/** How often the rate-limited sample may be looked up: once per this many milliseconds. */
export const RATE_LIMIT_WINDOW_MS = 6_000;

export const SAMPLES: readonly Sample[] = [
  { participantId: IDS.joined, label: 'In the meeting: co-host, app and phone (PSTN) devices' },
  { participantId: IDS.lobby, label: 'Waiting in the lobby: invitee, times not known yet' },
  { participantId: IDS.breakout, label: 'In a breakout session, after two others' },
  { participantId: IDS.ended, label: 'Left an ended meeting: called in by phone' },
  { participantId: IDS.hostile, label: 'A hostile display name (mentions, a link, markdown)' },
  { participantId: IDS.otherHost, label: 'In someone else\u2019s meeting (only admins and the officer see it)' },
  { participantId: IDS.missing, label: 'Does not exist: Webex answers 404' },
  {
    participantId: IDS.rateLimited,
    label: `Rate-limited: once per ${RATE_LIMIT_WINDOW_MS / 1000} s, ask twice to watch the limiter pause`,
  },
  { participantId: IDS.mover, label: `Moves every ${MOVE_EVERY_MS / 1000} s: click Watch, and alerts arrive below` },
];

const meeting = (meetingId: string, hostEmail: string) => ({ orgId: ORG, siteUrl: SITE, meetingId, hostEmail });

/** The bodies the emulator serves, shaped as Webex's "Get Meeting Participant Details" answers. */
export const SAMPLE_PARTICIPANTS: readonly Participant[] = [
  {
    id: IDS.joined,
    ...meeting(LIVE_MEETING, HOST),
    host: false,
    coHost: true,
    spaceModerator: false,
    invitee: true,
    email: 'joanna.joined@example.com',
    displayName: 'Joanna Joined',
    muted: false,
    video: 'on',
    state: 'joined',
    meetingStartTime: LIVE_START,
    joinedTime: '2025-03-14T15:02:11Z',
    leftTime: NOT_KNOWN,
    devices: [
      {
        correlationId: 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d',
        deviceType: 'webex_meeting_center_mac',
        audioType: 'voip',
        joinedTime: '2025-03-14T15:02:11Z',
        leftTime: NOT_KNOWN,
      },
      {
        correlationId: 'b1c2d3e4-f5a6-4b7c-9d8e-0f1a2b3c4d5e',
        deviceType: 'tp_phone',
        audioType: 'pstn',
        callType: 'callBack',
        phoneNumber: '+1 408 555 0142',
        joinedTime: '2025-03-14T15:03:40Z',
        leftTime: NOT_KNOWN,
      },
    ],
  },
  {
    id: IDS.lobby,
    ...meeting(LIVE_MEETING, HOST),
    host: false,
    coHost: false,
    invitee: true,
    email: 'lars.lobby@example.com',
    displayName: 'Lars Lobby',
    muted: true,
    video: 'off',
    state: 'lobby',
    meetingStartTime: LIVE_START,
    joinedTime: NOT_KNOWN,
    leftTime: NOT_KNOWN,
    devices: [{ deviceType: 'webex_meeting_center_windows', audioType: 'inactive', joinedTime: NOT_KNOWN, leftTime: NOT_KNOWN }],
  },
  {
    id: IDS.breakout,
    ...meeting(LIVE_MEETING, HOST),
    host: false,
    invitee: false,
    email: 'bruno.breakout@example.com',
    displayName: 'Bruno Breakout',
    muted: false,
    video: 'on',
    state: 'breakoutSession',
    breakoutSessionId: BREAKOUTS.retro.id,
    meetingStartTime: LIVE_START,
    joinedTime: '2025-03-14T15:00:30Z',
    leftTime: NOT_KNOWN,
    devices: [{ deviceType: 'webex_meeting_center_ios', audioType: 'voip', joinedTime: '2025-03-14T15:00:30Z', leftTime: NOT_KNOWN }],
    breakoutSessionsAttended: [
      { ...BREAKOUTS.design, joinedTime: '2025-03-14T15:10:00Z', leftTime: '2025-03-14T15:25:00Z' },
      { ...BREAKOUTS.budget, joinedTime: '2025-03-14T15:26:00Z', leftTime: '2025-03-14T15:40:00Z' },
      { ...BREAKOUTS.retro, joinedTime: '2025-03-14T15:41:00Z', leftTime: NOT_KNOWN },
    ],
  },
  {
    id: IDS.ended,
    ...meeting(ENDED_MEETING, HOST),
    host: false,
    invitee: false,
    email: 'erin.ended@example.com',
    displayName: 'Erin Ended',
    muted: true,
    video: 'off',
    state: 'end',
    meetingStartTime: '2025-03-10T09:00:00Z',
    joinedTime: '2025-03-10T09:01:05Z',
    leftTime: '2025-03-10T09:47:35Z',
    devices: [
      {
        deviceType: 'pstn_phone',
        audioType: 'pstn',
        callType: 'callIn',
        phoneNumber: '+44 20 7946 0958',
        joinedTime: '2025-03-10T09:01:05Z',
        leftTime: '2025-03-10T09:47:35Z',
        durationSecond: 2790,
      },
    ],
  },
  {
    id: IDS.hostile,
    ...meeting(LIVE_MEETING, HOST),
    host: false,
    email: 'mallory@example.com',
    displayName: '<!channel> [click](https://evil.example) <@all> **x**',
    muted: false,
    video: 'on',
    state: 'joined',
    meetingStartTime: LIVE_START,
    joinedTime: '2025-03-14T15:05:00Z',
    leftTime: NOT_KNOWN,
    devices: [{ deviceType: 'webex_<b>browser</b>', audioType: 'voip', joinedTime: '2025-03-14T15:05:00Z', leftTime: NOT_KNOWN }],
  },
  {
    id: IDS.otherHost,
    ...meeting(OTHER_MEETING, OTHER_HOST),
    host: false,
    email: 'oscar.outside@example.com',
    displayName: 'Oscar Outside',
    muted: false,
    video: 'off',
    state: 'joined',
    meetingStartTime: '2025-03-14T16:00:00Z',
    joinedTime: '2025-03-14T16:00:45Z',
    leftTime: NOT_KNOWN,
  },
  {
    id: IDS.rateLimited,
    ...meeting(LIVE_MEETING, HOST),
    host: true,
    email: HOST,
    displayName: 'Hana Host',
    muted: false,
    video: 'on',
    state: 'joined',
    meetingStartTime: LIVE_START,
    joinedTime: '2025-03-14T14:58:00Z',
    leftTime: NOT_KNOWN,
    devices: [{ deviceType: 'webex_meeting_center_mac', audioType: 'voip', joinedTime: '2025-03-14T14:58:00Z', leftTime: NOT_KNOWN }],
  },
  {
    id: IDS.mover,
    ...meeting(LIVE_MEETING, HOST),
    host: false,
    invitee: true,
    email: 'milo.mover@example.com',
    displayName: 'Milo Mover',
    muted: false,
    video: 'on',
    state: 'lobby',
    meetingStartTime: LIVE_START,
    joinedTime: NOT_KNOWN,
    leftTime: NOT_KNOWN,
    devices: [{ deviceType: 'webex_meeting_center_windows', audioType: 'voip', joinedTime: NOT_KNOWN, leftTime: NOT_KNOWN }],
    breakoutSessionsAttended: [],
  },
];

/**
 * A sample meeting as List Meetings shows it, with its roster: what `participants of <number or
 * link>` and its queries by email find in the sandbox (README, "The sandbox and the playground").
 */
export interface SampleMeeting {
  id: string;
  meetingNumber: string;
  webLink: string;
  title: string;
  state: 'inProgress' | 'ended';
  start: string;
  hostEmail: string;
  participants: readonly Participant[];
}

const BIG_MEETING = 'c0ffee00a11a4a11b0a1d0e5f0a1b2c3';
const ROSTER_START = '2025-03-14T14:00:00Z';

const joinLink = (meetingId: string) => `https://${SITE}/sandbox/j.php?MTID=m${meetingId.slice(0, 32)}`;

/** Someone who was in the live sample meeting and left it before it ended. */
const LEFT: Participant = {
  id: id(LIVE_MEETING, '8de19ea0-6fb2-4ad7-92f3-9eafb0c1d2e3'),
  ...meeting(LIVE_MEETING, HOST),
  host: false,
  invitee: true,
  email: 'lena.left@example.com',
  displayName: 'Lena Left',
  muted: true,
  video: 'off',
  state: 'end',
  meetingStartTime: LIVE_START,
  joinedTime: '2025-03-14T15:01:00Z',
  leftTime: '2025-03-14T15:20:00Z',
  devices: [{ deviceType: 'webex_meeting_center_windows', audioType: 'voip', joinedTime: '2025-03-14T15:01:00Z', leftTime: '2025-03-14T15:20:00Z', durationSecond: 1140 }],
};

const inMeeting = (meetingId: string) => SAMPLE_PARTICIPANTS.filter((participant) => participant.meetingId === meetingId);

/** The all-hands: 250 people in every state, so the roster takes three pages of 100. */
const ALL_HANDS: readonly Participant[] = Array.from({ length: 250 }, (_, index) => {
  const state = (['joined', 'joined', 'joined', 'lobby', 'breakoutSession', 'end'] as const)[index % 6] ?? 'joined';
  const joined = state === 'lobby' ? NOT_KNOWN : `2025-03-14T14:${String(index % 60).padStart(2, '0')}:00Z`;
  return {
    id: id(BIG_MEETING, `${index.toString(16).padStart(8, '0')}-a11a-4a11-8a11-a11a11a11a11`),
    ...meeting(BIG_MEETING, HOST),
    host: index === 0,
    email: index === 0 ? HOST : `person${index}@example.com`,
    displayName: index === 0 ? 'Hana Host' : `Person ${index}`,
    state,
    meetingStartTime: ROSTER_START,
    joinedTime: joined,
    leftTime: state === 'end' ? '2025-03-14T14:59:00Z' : NOT_KNOWN,
    ...(state === 'breakoutSession' ? { breakoutSessionId: BREAKOUTS.design.id } : {}),
  };
});

export const SAMPLE_MEETINGS: readonly SampleMeeting[] = [
  {
    id: LIVE_MEETING,
    meetingNumber: '26401234567',
    webLink: joinLink(LIVE_MEETING),
    title: 'Sprint review',
    state: 'inProgress',
    start: LIVE_START,
    hostEmail: HOST,
    participants: [...inMeeting(LIVE_MEETING), LEFT],
  },
  {
    // Last week's instance of the same series: the number and the link stand for the one in progress.
    id: '5a1e2d3c4b5a69788796a5b4c3d2e1f0_I_204815703218540000',
    meetingNumber: '26401234567',
    webLink: joinLink(LIVE_MEETING),
    title: 'Sprint review',
    state: 'ended',
    start: '2025-03-07T15:00:00Z',
    hostEmail: HOST,
    participants: [],
  },
  {
    id: ENDED_MEETING,
    meetingNumber: '26409876543',
    webLink: joinLink(ENDED_MEETING),
    title: 'Quarterly planning',
    state: 'ended',
    start: '2025-03-10T09:00:00Z',
    hostEmail: HOST,
    participants: inMeeting(ENDED_MEETING),
  },
  {
    id: BIG_MEETING,
    meetingNumber: '26405550250',
    webLink: joinLink(BIG_MEETING),
    title: 'All hands',
    state: 'inProgress',
    start: ROSTER_START,
    hostEmail: HOST,
    participants: ALL_HANDS,
  },
  {
    id: OTHER_MEETING,
    meetingNumber: '26407770000',
    webLink: joinLink(OTHER_MEETING),
    title: 'Otto\u2019s stand-up',
    state: 'inProgress',
    start: '2025-03-14T16:00:00Z',
    hostEmail: OTHER_HOST,
    participants: inMeeting(OTHER_MEETING),
  },
];
