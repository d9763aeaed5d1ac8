import assert from 'node:assert/strict';
import { participantSchema, type Participant } from '../../src/participants/schema.js';
import { nextMove } from '../../src/sandbox/mover.js';
import { IDS, SAMPLE_PARTICIPANTS } from '../../src/sandbox/samples.js';
import { stateOf, stateSince } from '../../src/watches/watch.js';

describe('the sandbox\u2019s moving sample', () => {
  it('goes from the lobby into the meeting, then in and out of a breakout session, each move a change of its own', () => {
    let milo = SAMPLE_PARTICIPANTS.find((p) => p.id === IDS.mover) as Participant;
    const seen: string[] = [];
    const changes = new Set<string>();
    for (let minute = 0; minute < 12; minute += 1) {
      milo = participantSchema.parse(nextMove(milo, new Date(Date.UTC(2026, 10, 30, 10, minute))));
      seen.push(stateOf(milo));
      changes.add(`${stateOf(milo)} ${stateSince(milo)}`);
    }
    assert.deepEqual(seen.slice(0, 5), ['joined', 'breakoutSession', 'joined', 'breakoutSession', 'joined']);
    assert.equal(changes.size, 12, 'a watch tells every move: none looks like one already told');
    assert.ok((milo.breakoutSessionsAttended ?? []).length <= 5, 'it never grows');
  });
});
