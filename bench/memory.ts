import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createCoalescingSource } from '../src/participants/coalescing-source.js';
import { createEndedMeetingCache } from '../src/participants/ended-meeting-cache.js';
import { createRateLimitedSource } from '../src/participants/rate-limited-source.js';
import { createWebexParticipantsClient } from '../src/participants/webex-client.js';
import { startWebexEmulator } from '../test/support/webex-emulator.js';
import { participantId } from './fleet.js';

// `npm run bench` runs without --expose-gc; this gets the collector anyway, for steadier figures.
setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

export function settledRss(): number {
  gc();
  return process.memoryUsage().rss;
}

/**
 * RSS added by 1,000 lookups waiting in the queue: the participants pipeline with a pace of one
 * call a minute, so they stay queued. They are never answered; the process exits after the report.
 */
export async function rssForQueuedLookups(count: number): Promise<number> {
  const emulator = await startWebexEmulator();
  const limited = createRateLimitedSource({
    source: createWebexParticipantsClient({ baseUrl: emulator.baseUrl, token: emulator.apiToken, timeoutMs: 1000 }),
    ratePerMinute: 1,
    maxQueued: count * 2,
    maxQueuedPerRequester: count * 2,
    adaptive: false,
  });
  const source = createEndedMeetingCache({ source: createCoalescingSource(limited) });
  const before = settledRss();
  for (let index = 0; index < count; index += 1) {
    void source.lookup({ participantId: participantId(index), requesterKey: `user${index}` });
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  const queued = (await limited.stats()).queued;
  if (queued < count - 1) throw new Error(`only ${queued} lookups queued`);
  return settledRss() - before;
}
