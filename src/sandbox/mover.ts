import type { Participant } from '../participants/schema.js';
import { BREAKOUTS } from './samples.js';

/**
 * The sandbox's moving sample (README, "The sandbox and the playground"): from the lobby into the
 * meeting, then in and out of a breakout session, each move stamped with its time, as Webex would
 * record it. Each move is a change a watch tells.
 */
export function nextMove(participant: Participant, at: Date): Participant {
  const now = at.toISOString();
  const attended = participant.breakoutSessionsAttended ?? [];
  switch (participant.state) {
    case 'lobby':
      return { ...participant, state: 'joined', joinedTime: now };
    case 'joined': {
      const session = BREAKOUTS.retro;
      // Only the last few visits are kept, so the record never grows.
      const visits = [...attended, { ...session, joinedTime: now }].slice(-5);
      return { ...participant, state: 'breakoutSession', breakoutSessionId: session.id, breakoutSessionsAttended: visits };
    }
    default: {
      // Back in the main meeting: the session left now, and no current one.
      const closed = attended.map((s, i) => (i === attended.length - 1 ? { ...s, leftTime: now } : s));
      return { ...withoutCurrentSession(participant), state: 'joined', breakoutSessionsAttended: closed };
    }
  }
}

function withoutCurrentSession(participant: Participant): Participant {
  const copy = { ...participant };
  delete copy.breakoutSessionId;
  return copy;
}

/** Moves `participant` every `everyMs` through `update`; the returned function stops it. */
export function startMoving(participant: Participant, everyMs: number, update: (moved: Participant) => void): () => void {
  let current = participant;
  const timer = setInterval(() => {
    current = nextMove(current, new Date());
    update(current);
  }, everyMs);
  // The sandbox's moves never keep the process alive.
  timer.unref();
  return () => clearInterval(timer);
}
