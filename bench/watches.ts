import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { createCoreServices } from '../src/services.js';
import { createNotifier } from '../src/watches/notifier.js';
import { MemoryWatchStore } from '../src/watches/store.js';
import { WATCH_LIMITS, WATCH_TTL_MS } from '../src/watches/watch.js';
import { startWebexEmulator } from '../test/support/webex-emulator.js';
import { hostOf, participantId } from './fleet.js';

/**
 * Issue 13's benchmark (README, "Benchmarks"): 500 watches polling with the defaults
 * (WATCH_POLL_SECONDS 30, WATCH_POLL_SHARE 0.2) on a 300/min budget, which the emulator enforces
 * as 5 calls a second. First polls alone, then 100 people asking at once while the watches go on.
 * Real time, about a minute: the poller's windows are real seconds.
 */
const RATE_PER_MINUTE = 300;
const SHARE = 0.2;
const WATCHES = 500;
const PEOPLE = 100;
const POLLS_ALONE_MS = 30_000;

export interface WatchBench {
  /** Polls per minute while nobody asked, and what the share allows. */
  pollsPerMinute: number;
  allowedPollsPerMinute: number;
  /** People's lookups per minute while 100 asked at once, against what the share leaves them. */
  peoplePerMinute: number;
  remainingPerMinute: number;
  answered: number;
  throttled: number;
  pollsWhilePeopleWaited: number;
  lines: string[];
}

export async function watchesBench(): Promise<WatchBench> {
  const silent = pino({ level: 'silent' });
  const emulator = await startWebexEmulator({ apiToken: `bench-${randomUUID()}`, rateLimit: { limit: RATE_PER_MINUTE / 60, windowMs: 1000 } });
  // Watched ones are 0..499; those people ask for are 1000..1099.
  for (const index of [...Array(WATCHES).keys(), ...Array.from({ length: PEOPLE }, (_, i) => 1000 + i)]) {
    emulator.addParticipant({ id: participantId(index), meetingId: 'm1', hostEmail: hostOf(index), state: 'joined' });
  }
  const store = new MemoryWatchStore();
  const now = Date.now();
  for (let index = 0; index < WATCHES; index += 1) {
    await store.add(
      { platform: 'bench', userId: `U${index}`, email: hostOf(index), participantId: participantId(index), hostFilter: hostOf(index), name: `P${index}`, state: 'joined', createdAt: now, expiresAt: now + WATCH_TTL_MS },
      { ...WATCH_LIMITS, total: WATCHES },
    );
  }
  const core = await createCoreServices({
    logger: silent,
    webexApi: { baseUrl: emulator.baseUrl, token: emulator.apiToken, ratePerMinute: RATE_PER_MINUTE },
    access: { admins: [], complianceOfficers: [], slackUsers: {} },
    watches: { notifier: createNotifier(), pollSeconds: 30, pollShare: SHARE, store },
  });
  // A poll asks for a watched participant (ids 0..499); people ask for others.
  const isWatched = (path: string) =>
    path.startsWith('/v1/meetingParticipants/') && Number.parseInt(path.split('/').at(-1)?.split('_')[0] ?? '', 16) < WATCHES;
  const watchedCalls = () => emulator.requests.filter((r) => isWatched(r.path));
  try {
    core.watches?.start();
    await new Promise((resolve) => setTimeout(resolve, POLLS_ALONE_MS));
    const pollsAlone = watchedCalls().length;

    const before = emulator.requests.length;
    const started = performance.now();
    const replies = await Promise.all(
      Array.from({ length: PEOPLE }, (_, i) => core.handle({ platform: 'cli', email: hostOf(1000 + i) }, `participant ${participantId(1000 + i)}`)),
    );
    const elapsedMs = performance.now() - started;
    const during = emulator.requests.slice(before);
    const pollsWhilePeopleWaited = during.filter((r) => isWatched(r.path)).length;
    const allowedPollsPerMinute = RATE_PER_MINUTE * SHARE;
    const result = {
      pollsPerMinute: (pollsAlone * 60_000) / POLLS_ALONE_MS,
      allowedPollsPerMinute,
      peoplePerMinute: (PEOPLE * 60_000) / elapsedMs,
      remainingPerMinute: RATE_PER_MINUTE - allowedPollsPerMinute,
      answered: replies.filter((reply) => reply.kind === 'participant').length,
      throttled: emulator.requests.filter((r) => r.status === 429).length,
      pollsWhilePeopleWaited,
    };
    return {
      ...result,
      lines: [
        `polls alone           ${pollsAlone} in ${POLLS_ALONE_MS / 1000} s = ${result.pollsPerMinute.toFixed(0)}/min (the share allows ${allowedPollsPerMinute}/min)`,
        `100 people at once    ${result.answered}/${PEOPLE} answered in ${(elapsedMs / 1000).toFixed(1)} s = ${result.peoplePerMinute.toFixed(0)}/min (${((100 * result.peoplePerMinute) / result.remainingPerMinute).toFixed(0)}% of the ${result.remainingPerMinute}/min left to them)`,
        `polls meanwhile       ${pollsWhilePeopleWaited}; 429s in all ${result.throttled}`,
      ],
    };
  } finally {
    await core.close();
    await emulator.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await watchesBench();
  for (const line of result.lines) console.log(line);
}
