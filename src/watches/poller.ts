import type { Logger } from 'pino';
import type { LookupOutcome, LookupRequest } from '../participants/outcome.js';
import type { Clock } from '../tokens/clock.js';
import type { WatchStore } from './store.js';
import type { Watcher } from './watcher.js';

export interface PollerOptions {
  store: WatchStore;
  watcher: Watcher;
  /** Lookups on the shared limiter (README, "Limits at scale"): a poll waits its turn like anyone's. */
  lookup(request: LookupRequest): Promise<LookupOutcome>;
  /** True while no lookup of a person waits here: polls only take turns nobody asked for. */
  idle(): Promise<boolean>;
  /** WEBEX_RATE_LIMIT_PER_MINUTE: the whole budget, of which polls take a share. */
  ratePerMinute: number;
  /** WATCH_POLL_SECONDS: each participant at most this often (SAFETY_NET_FACTOR times less while Webex pushes). */
  pollSeconds: number;
  /** WATCH_POLL_SHARE: of the budget, at most this much for polls. */
  pollShare: number;
  clock: Clock;
  logger: Logger;
  /**
   * True while pushes cannot be relied on here even though Webex sends them: while Redis is lost,
   * an event may land on an instance that does not hold the watch and ignores it, so the holder
   * polls every WATCH_POLL_SECONDS (README, "Watches", "Redis lost"). Never, by default.
   */
  fullRate?(): boolean;
  /** Counts each poll sent to Webex. */
  polled?(): void;
}

export interface Poller {
  /** Starts the rounds: each ends watches whose time is up, and polls those due. */
  start(): void;
  /**
   * Webex pushes the changes (its webhooks are kept and active): only the safety net polls. Until
   * told so (websocket mode, Slack only, no webhooks), every WATCH_POLL_SECONDS.
   */
  setPushed(pushed: boolean): void;
  /** Resolves once the round in progress, if any, has finished: for tests and shutdown. */
  settled(): Promise<void>;
  /** Stops the rounds; the one in progress finishes. */
  stop(): Promise<void>;
}

/** The polls share one place in the fair queue (README, "Limits at scale"): one more requester among people. */
export const POLLER_REQUESTER = 'watch-poller';

/**
 * While Webex pushes, each watched participant is still polled, this many times less often than
 * WATCH_POLL_SECONDS (README, "Watches"): the meetingParticipants webhooks have only `joined` and
 * `left`, so a move from the lobby into the meeting, or into or out of a breakout session, may
 * never be pushed. 4 (two minutes by default) tells such a move within minutes for a quarter of
 * what polling costs, and lets the default share cover four times as many watched participants.
 */
export const SAFETY_NET_FACTOR = 4;

/**
 * Polls watched participants: every WATCH_POLL_SECONDS where Webex cannot push, and as a safety net
 * where it does (README, "Watches"). The budget's share is
 * spent in windows just long enough to hold one poll, so polls are spread out rather than sent in
 * bursts; the window count and each participant's interval live in the store, so that instances
 * sharing Redis share them too, and one participant watched by many costs one poll.
 */
export function createPoller(options: PollerOptions): Poller {
  const { store, clock, logger } = options;
  const pollsPerMinute = options.ratePerMinute * options.pollShare;
  const windowMs = Math.max(1000, Math.ceil(60_000 / pollsPerMinute));
  const maxPerWindow = Math.max(1, Math.floor((pollsPerMinute * windowMs) / 60_000));
  const pollMs = options.pollSeconds * 1000;
  /** When this instance last polled each participant: the longest-waiting goes first. */
  const lastPolled = new Map<string, number>();
  let pushed = false;
  let stopped = true;
  let cancel: (() => void) | undefined;
  let round: Promise<void> = Promise.resolve();

  const poll = async (participantId: string): Promise<void> => {
    const watches = await store.ofParticipant(participantId);
    const first = watches[0];
    if (first === undefined) return;
    options.polled?.();
    // Every valid filter of one participant is its host's email or none: any watcher's gives the same record.
    const outcome = await options.lookup({
      participantId,
      ...(first.hostFilter !== undefined ? { hostEmail: first.hostFilter } : {}),
      requesterKey: POLLER_REQUESTER,
    });
    if (outcome.ok) {
      await options.watcher.observe(outcome.participant);
    } else {
      logger.debug({ participantId, outcome: outcome.failure.kind, status: outcome.failure.status }, 'A watched participant could not be polled; trying again later');
    }
  };

  const pollSome = async (): Promise<void> => {
    if (!(await options.idle())) return;
    const watched = new Set(await store.participants());
    // After the store was asked: that is where a Redis outage shows first.
    const intervalMs = pushed && options.fullRate?.() !== true ? SAFETY_NET_FACTOR * pollMs : pollMs;
    const now = clock.now();
    for (const id of lastPolled.keys()) if (!watched.has(id)) lastPolled.delete(id);
    // Only those this instance has not seen polled within the interval, longest-waiting first.
    const due = [...watched].filter((id) => (lastPolled.get(id) ?? 0) + intervalMs <= now);
    due.sort((a, b) => (lastPolled.get(a) ?? 0) - (lastPolled.get(b) ?? 0));
    for (const participantId of due) {
      const taken = await store.takePoll({ participantId, intervalMs, windowMs, maxPerWindow, now });
      if (taken === 'spent') break;
      // Polled by another instance within the interval: as good as polled here.
      lastPolled.set(participantId, now);
      if (taken === 'taken') await poll(participantId);
    }
  };

  let failing = false;
  const runRound = async (): Promise<void> => {
    try {
      await options.watcher.sweep();
      await pollSome();
      if (failing) logger.info('Rounds of watches work again');
      failing = false;
    } catch (error) {
      // Redis away, say: the next round tries again; one warning per outage is enough.
      if (!failing) logger.warn({ err: error }, 'A round of watches failed; trying again every round until one works');
      failing = true;
    }
  };

  const schedule = () => {
    if (stopped) return;
    cancel = clock.after(windowMs, () => {
      round = runRound().finally(schedule);
    });
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    setPushed(value) {
      pushed = value;
    },
    settled: () => round,
    async stop() {
      stopped = true;
      cancel?.();
      await round;
    },
  };
}
