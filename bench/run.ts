import { burst, describeBurst, hostOf, participantId, startFleet, upstream, type FleetOptions } from './fleet.js';
import { buildForBench, describeIdleRss, measureIdleRss, tsxVariant, type Variant } from './idle-rss.js';
import { heapForQueuedLookups, settledRss } from './memory.js';
import { rosters } from './rosters.js';
import { watchesBench } from './watches.js';
import { slackOverload } from './slack-overload.js';
import { mib, percentile, pct, timings, ms } from './stats.js';

/**
 * `npm run bench`: the participants pipeline under load, against a local Webex emulator that
 * enforces a rate limit with Retry-After, for one instance, three sharing Redis, and three without
 * a shared limiter. Time is shrunk to fit a few minutes: 600 calls per minute counted in 10-second
 * windows (Webex counts per minute), so a burst of 100 takes 10 s instead of 20.
 */

const WINDOW_MS = 10_000;
const perWindow = (perMinute: number) => (perMinute * WINDOW_MS) / 60_000;
const verdicts: string[] = [];

function target(name: string, met: boolean, detail: string): void {
  verdicts.push(`${met ? 'MET    ' : 'NOT MET'}  ${name}: ${detail}`);
}

function section(title: string, lines: string[]): void {
  console.log(`\n== ${title}`);
  for (const line of lines) console.log(`   ${line}`);
}

async function scenario(title: string, options: Omit<FleetOptions, 'participants'> & { commands: number; allowedPerMinute: number }) {
  const fleet = await startFleet({ ...options, participants: options.commands });
  try {
    const result = await burst(fleet, options.commands);
    section(title, describeBurst(result, options.commands, fleet, options.allowedPerMinute));
    return { result, up: upstream(fleet.emulator, options.allowedPerMinute) };
  } finally {
    await fleet.close();
  }
}

const webexLimit = (perMinute: number) => ({ limit: perWindow(perMinute), windowMs: WINDOW_MS });

/** `npm run bench -- overhead watches`: only the parts named; all of them without a name. */
const only = process.argv.slice(2);
const wanted = (part: string) => only.length === 0 || only.includes(part);
const PARTS = ['memory', 'limits', 'recovery', 'coalescing', 'rosters', 'overhead', 'slack', 'rss', 'watches'];

async function main(): Promise<void> {
  const unknown = only.filter((part) => !PARTS.includes(part));
  if (unknown.length > 0) throw new Error(`Unknown bench part ${unknown.join(', ')}: choose from ${PARTS.join(', ')}`);
  const idle = settledRss();
  console.log(`participant-bot benchmark — Node ${process.version}, ${new Date().toISOString()}`);
  console.log(`Webex emulator: fixed ${WINDOW_MS / 1000}-second windows, 429 with Retry-After = seconds left in the window`);

  // First, in a fresh process: the scenarios after it leave their fleets' garbage (and the memory
  // figure 1,000 lookups that are never answered) in this heap, which a bot's own process would not
  // carry, and whose collection would be counted as the bot's overhead.
  if (wanted('overhead')) {
    await overhead(false);
    await overhead(true);
  }
  if (wanted('memory')) await memory(idle);
  if (wanted('limits')) await limits();
  if (wanted('recovery')) await recovery();
  if (wanted('coalescing')) await coalescing();
  if (wanted('rosters')) await rosterScenarios();
  if (wanted('watches')) await watches();
  if (wanted('slack')) await slackAcks();
  if (wanted('rss')) await idleRss();

  console.log('\n== targets');
  for (const verdict of verdicts) console.log(`   ${verdict}`);
}

async function memory(idle: number): Promise<void> {
  const added = await heapForQueuedLookups(1000);
  section('memory', [`idle RSS              ${mib(idle)}`, `+heap, 1,000 queued   ${mib(added)} (${((added / 1000) / 1024).toFixed(1)} KiB per lookup)`]);
}

/** One instance, three sharing Redis, three that do not, a limit at half the configured rate, and jitter. */
async function limits(): Promise<void> {
  const one = await scenario('1 instance, 100 commands at once, Webex allows 600/min, configured 600/min', {
    instances: 1, shared: false, ratePerMinute: 600, webexLimit: webexLimit(600), commands: 100, allowedPerMinute: 600,
  });
  target('1 instance at a known limit', one.result.answered === 100 && one.up.throttled === 0 && one.up.utilization >= 0.95,
    `${one.result.answered}/100 answered, ${one.up.throttled} × 429, utilization ${pct(one.up.utilization)} (want 100, 0, ≥ 95%)`);

  // 300 commands at 900/min span two windows, so that instances which do not share overrun the first.
  const three = await scenario('3 instances sharing Redis, 300 commands at once, Webex allows 900/min, each configured 900/min', {
    instances: 3, shared: true, ratePerMinute: 900, webexLimit: webexLimit(900), commands: 300, allowedPerMinute: 900,
  });
  target('3 instances sharing Redis', three.result.answered === 300 && three.up.throttledShare <= 0.01 && three.up.utilization >= 0.9,
    `${three.result.answered}/300 answered, 429s ${pct(three.up.throttledShare)} of calls, utilization ${pct(three.up.utilization)} (want all, ≤ 1%, ≥ 90%)`);

  const baseline = await scenario('BASELINE: the same 3 instances and load, no shared limiter (each paces alone)', {
    instances: 3, shared: false, ratePerMinute: 900, webexLimit: webexLimit(900), commands: 300, allowedPerMinute: 900,
  });
  verdicts.push(`(baseline) without sharing: 429s ${pct(baseline.up.throttledShare)} of calls, ${baseline.result.answered}/300 answered`);

  const half = await scenario('1 instance, 100 commands, Webex silently allows 300/min, configured 600/min (adaptive pace)', {
    instances: 1, shared: false, ratePerMinute: 600, webexLimit: webexLimit(300), commands: 100, allowedPerMinute: 300,
  });
  target('Webex allows half the configured rate', half.result.answered === 100 && half.up.throttledShare <= 0.1,
    `${half.result.answered}/100 answered, 429s ${pct(half.up.throttledShare)} of calls (want all, ≤ 10%)`);

  // The case: an empty Redis, two instances, a per-second limit exactly at the configured rate.
  const jitter = await scenario('2 instances sharing Redis, 40 commands at once, Webex allows 5 per 1-second window, configured 300/min', {
    instances: 2, shared: true, ratePerMinute: 300, webexLimit: { limit: 5, windowMs: 1000 }, commands: 40, allowedPerMinute: 300,
  });
  target('No 429 of our own making (jitter), shared pace', jitter.result.answered === 40 && jitter.up.throttled === 0 && jitter.result.elapsedMs <= 9_000,
    `${jitter.up.throttled} × 429, all 40 in ${(jitter.result.elapsedMs / 1000).toFixed(1)} s (want 0, ≤ 9 s; ideal 7.8 s)`);
}

/** 10x the Webex budget for 10 s: 100 signed slash commands a second against 600/min = 10/s. */
async function slackAcks(): Promise<void> {
  const overload = await slackOverload({ rate: 100, durationMs: 10_000, allowedPerMinute: 600, windowMs: WINDOW_MS, users: 250, drainTimeoutMs: 60_000 });
  section('Slack over HTTP, the whole bot (startBot), 100 slash commands/s for 10 s, Webex allows 600/min (10x overload)', overload.lines);
  const allAcked = overload.acked === overload.sent;
  const allAnswered = overload.unanswered === 0 && overload.participant + overload.busy === overload.sent;
  target('Slack ack p99 under 100 ms during a 10x overload', allAcked && overload.ackP99 < 100,
    `p99 ${ms(overload.ackP99)}, ${overload.acked}/${overload.sent} acked (want < 100 ms, all)`);
  verdicts.push(`(extra) every overloaded command answered once through response_url: ${allAnswered ? 'yes' : 'NO'} (${overload.participant} participant cards, ${overload.busy} busy, ${overload.unanswered} unanswered)`);
}

/** 180 MB as the issue writes it: 10^6 bytes. */
const IDLE_RSS_LIMIT = 180e6;

async function idleRss(): Promise<void> {
  let compiled: Variant | undefined;
  let buildProblem = '';
  try {
    compiled = await buildForBench();
  } catch (error) {
    buildProblem = error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
  }
  const results = await measureIdleRss([...(compiled ? [compiled] : []), tsxVariant()]);
  for (const result of results) {
    section(`the bot alone in a child process, ${result.name}, Webex webhook mode + Slack HTTP, no load`, describeIdleRss(result));
  }
  const [built, dev] = compiled ? results : [undefined, results[0]];
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
  if (built) {
    target('Idle RSS with both platforms on at most 180 MB (compiled, as npm start runs it)', built.idleRss <= IDLE_RSS_LIMIT,
      `${mib(built.idleRss)} = ${mb(built.idleRss)} (want ≤ 180 MB = ${mib(IDLE_RSS_LIMIT)})`);
    target('RSS added by 1,000 slash commands with the queue full at most 50 MB (compiled)', built.addedRss <= 50e6,
      `${mib(built.addedRss)} = ${mb(built.addedRss)} (want ≤ 50 MB)`);
  } else {
    verdicts.push(`NOT MEASURED  Idle RSS with both platforms on (compiled): the build failed (${buildProblem}), only tsx measured`);
  }
  if (dev) verdicts.push(`(extra) idle RSS under tsx (development): ${mib(dev.idleRss)} = ${mb(dev.idleRss)}; tsx itself adds to it`);
}

async function rosterScenarios(): Promise<void> {
  const { lines, one, twenty } = await rosters();
  section('rosters (List Meeting Participants, pages of 100), Webex allows 5/s, configured 300/min', lines);
  target('a 250-person roster at 5/s', one.calls === 3 && one.throttled === 0 && one.whole === 1,
    `${one.calls} calls, ${one.throttled} × 429, whole: ${one.whole === 1 ? 'yes' : 'NO'} (want 3, 0, yes)`);
  target('20 people asking for the same roster at once', twenty.calls === 3 && twenty.throttled === 0 && twenty.whole === 20,
    `${twenty.calls} calls in all, ${twenty.throttled} × 429, ${twenty.whole}/20 whole (want 3, 0, 20)`);
}

async function watches(): Promise<void> {
  const watching = await watchesBench();
  section('500 watches polling with the defaults on a 300/min budget (Webex allows 5/s), then 100 people asking at once', watching.lines);
  target('polls within WATCH_POLL_SHARE', watching.pollsPerMinute <= watching.allowedPollsPerMinute,
    `${watching.pollsPerMinute.toFixed(0)}/min (want ≤ ${watching.allowedPollsPerMinute}/min)`);
  target('100 people served at ≥ 95% of the budget polls leave them', watching.answered === 100 && watching.peoplePerMinute >= 0.95 * watching.remainingPerMinute,
    `${watching.answered}/100, ${watching.peoplePerMinute.toFixed(0)}/min (want 100, ≥ ${(0.95 * watching.remainingPerMinute).toFixed(0)}/min)`);
}

/**
 * One 429 out of the blue, with two instances sharing Redis under steady load at 300/min: how long
 * until the shared pace is back at 90% of it. Webex allows everything else.
 */
async function recovery(): Promise<void> {
  const fleet = await startFleet({ instances: 2, shared: true, ratePerMinute: 300, participants: 70 });
  try {
    fleet.emulator.failNext(1, { status: 429, headers: { 'Retry-After': '1' } });
    const samples: Array<{ at: number; rate: number }> = [];
    let done = false;
    const sampling = (async () => {
      while (!done) {
        const rate = (await fleet.cores[0]?.participants.stats())?.ratePerMinute ?? Number.NaN;
        samples.push({ at: performance.now(), rate });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const result = await burst(fleet, 70);
    done = true;
    await sampling;
    const throttledAt = fleet.emulator.requests.find((request) => request.status === 429)?.at ?? Number.NaN;
    // performance.now() and Date.now() on one clock: the 429's arrival in the emulator's log.
    const offset = Date.now() - performance.now();
    const lowered = samples.find((sample) => sample.rate < 300);
    const back = samples.find((sample) => lowered !== undefined && sample.at > lowered.at && sample.rate >= 270);
    const seconds = back !== undefined ? (back.at + offset - throttledAt) / 1000 : Number.NaN;
    const up = upstream(fleet.emulator, 300);
    section('2 instances sharing Redis, 70 commands at 300/min, one lone 429 (Retry-After 1 s) at the start', [
      `commands answered     ${result.answered}/70 in ${(result.elapsedMs / 1000).toFixed(1)} s (13.8 s at exactly 300/min, 14.5 s with the 5% headroom, plus the 1 s pause)`,
      `upstream calls        ${up.calls}: throttled (429) ${up.throttled}`,
      `lowest pace           ${Math.min(...samples.map((sample) => sample.rate))}/min`,
      `back at ≥ 90%         ${seconds.toFixed(1)} s after the 429`,
    ]);
    target('After a lone 429, the pace is back at ≥ 90% of the configured rate within 10 s', seconds <= 10, `${seconds.toFixed(1)} s (want ≤ 10 s)`);
  } finally {
    await fleet.close();
  }
}

async function coalescing(): Promise<void> {
  const fleet = await startFleet({ instances: 1, shared: false, ratePerMinute: 600, participants: 1 });
  try {
    fleet.emulator.failNext(1, { delayMs: 50 });
    const result = await burst(fleet, 10, () => `participant ${participantId(0)}`, () => ({ platform: 'cli', email: hostOf(0) }));
    const calls = upstream(fleet.emulator, 600).calls;
    section('10 identical lookups at once', [`commands answered     ${result.answered}/10`, `upstream calls        ${calls}`]);
    target('10 identical concurrent lookups', result.answered === 10 && calls === 1, `${calls} upstream call(s) (want 1)`);
  } finally {
    await fleet.close();
  }
}

/**
 * 50 commands a second for 4 s against a zero-latency emulator. Overhead per command is its time
 * to answer minus the time its own HTTP call to the emulator took (timed by wrapping fetch).
 */
async function overhead(shared: boolean): Promise<void> {
  const commands = 200;
  const fetchTime = new Map<string, number>();
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const at = performance.now();
    try {
      return await realFetch(input, init);
    } finally {
      const id = String(input).split('/meetingParticipants/')[1]?.split('?')[0] ?? '';
      fetchTime.set(id, (fetchTime.get(id) ?? 0) + performance.now() - at);
    }
  };
  const fleet = await startFleet({ instances: 1, shared, ratePerMinute: 60_000, participants: commands });
  globalThis.fetch = realFetch;
  try {
    // Warm up connections and code paths first, as a running bot would be.
    await burst(fleet, 20);
    fleet.emulator.requests.length = 0;
    const latencies: number[] = [];
    const overheads: number[] = [];
    const started = performance.now();
    const pending: Array<Promise<void>> = [];
    for (let index = 0; index < commands; index += 1) {
      const due = started + index * 20;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const core = fleet.cores[0];
      if (core === undefined) throw new Error('no instance');
      const at = performance.now();
      pending.push(
        core.handle({ platform: 'cli', email: hostOf(index) }, `participant ${participantId(index)}`).then(() => {
          const latency = performance.now() - at;
          latencies.push(latency);
          overheads.push(latency - (fetchTime.get(participantId(index)) ?? 0));
        }),
      );
    }
    await Promise.all(pending);
    const p99 = percentile(overheads, 99);
    section(`bot overhead, 50 commands/s, zero-latency emulator, ${shared ? 'shared limiter on Redis' : 'local limiter'}`, [
      `time to answer        ${timings(latencies)}`,
      `overhead per command  ${timings(overheads)}  (time to answer minus its HTTP call)`,
      `RSS                   ${mib(process.memoryUsage().rss)}`,
    ]);
    // With Redis each lookup adds Bottleneck's two Lua round trips before the call (submit, register).
    target(`overhead at 50 commands/s, one instance, ${shared ? 'shared limiter on Redis' : 'local limiter'}`, p99 <= 5, `p99 ${ms(p99)} (want ≤ 5 ms)`);
  } finally {
    await fleet.close();
  }
}

main().then(
  // The queued lookups of the memory figure are never answered: end here.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
