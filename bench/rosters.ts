import type { Fleet } from './fleet.js';
import { liveMeeting } from '../test/support/meetings.js';
import { startFleet } from './fleet.js';
import { ms } from './stats.js';

/**
 * Rosters on the shared budget: the real core (createCoreServices) against an emulator that allows
 * 5 calls a second, as one Webex budget of 300 a minute, with the bot configured at 300 a minute.
 * A roster of 250 is three pages of 100; 20 people asking for it at once share those three calls.
 * Each scenario has an emulator of its own, so that one does not spend the other's second.
 */
const PER_SECOND = 5;
const PEOPLE = 250;

export interface RosterRun {
  calls: number;
  throttled: number;
  /** Answers with all 250 people, complete. */
  whole: number;
  elapsedMs: number;
}

async function askAtOnce(askers: number): Promise<RosterRun> {
  const fleet: Fleet = await startFleet({
    instances: 1,
    shared: false,
    ratePerMinute: PER_SECOND * 60,
    webexLimit: { limit: PER_SECOND, windowMs: 1000 },
    participants: 0,
  });
  try {
    const meeting = liveMeeting(1, PEOPLE);
    fleet.emulator.addMeeting(meeting);
    const core = fleet.cores[0];
    if (core === undefined) throw new Error('no instance');
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: askers }, (_, index) => core.meetings.roster({ meetingId: meeting.id, requesterKey: `admin${index}@example.com` })),
    );
    const elapsedMs = performance.now() - started;
    const pages = fleet.emulator.requests.filter((request) => request.path === '/v1/meetingParticipants');
    return {
      calls: pages.length,
      throttled: pages.filter((request) => request.status === 429).length,
      whole: answers.filter((answer) => answer.ok && answer.complete && answer.participants.length === PEOPLE).length,
      elapsedMs,
    };
  } finally {
    await fleet.close();
  }
}

export async function rosters(): Promise<{ lines: string[]; one: RosterRun; twenty: RosterRun }> {
  const one = await askAtOnce(1);
  const twenty = await askAtOnce(20);
  const line = (label: string, run: RosterRun, askers: number) =>
    `${label}${run.calls} calls (${run.throttled} × 429), ${run.whole}/${askers} got all ${PEOPLE}, in ${ms(run.elapsedMs)}`;
  return {
    lines: [line(`one roster of ${PEOPLE}      `, one, 1), line('20 asking at once       ', twenty, 20)],
    one,
    twenty,
  };
}
