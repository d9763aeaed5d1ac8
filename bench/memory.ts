import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { pino } from 'pino';
import { createCoreServices } from '../src/services.js';
import { startWebexEmulator } from '../test/support/webex-emulator.js';
import { participantId } from './fleet.js';

// `npm run bench` runs without --expose-gc; this gets the collector anyway, for steadier figures.
setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

export function settledRss(): number {
  gc();
  return process.memoryUsage().rss;
}

/** The heap in use after a full collection: RSS moves by whole pages the allocator keeps or returns, too coarse for a few MiB. */
function settledHeap(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * Heap added by 1,000 lookups waiting in the queue: the core's participants pipeline (as
 * createCoreServices builds it) with a pace of one call a minute, so they stay queued. They are never answered; the process exits after the report.
 */
export async function heapForQueuedLookups(count: number): Promise<number> {
  const emulator = await startWebexEmulator();
  const core = await createCoreServices({
    logger: pino({ level: 'silent' }),
    webexApi: { baseUrl: emulator.baseUrl, token: emulator.apiToken, ratePerMinute: 1 },
    access: { admins: [], complianceOfficers: [], slackUsers: {} },
    tuning: { lookupTimeoutMs: 1000, maxQueued: count * 2, adaptive: false },
  });
  const source = core.participants;
  const before = settledHeap();
  for (let index = 0; index < count; index += 1) {
    void source.lookup({ participantId: participantId(index), requesterKey: `user${index}` });
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  const queued = (await source.stats()).queued;
  if (queued < count - 1) throw new Error(`only ${queued} lookups queued`);
  return settledHeap() - before;
}
