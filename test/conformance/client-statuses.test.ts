import assert from 'node:assert/strict';
import { failureKindByStatus } from '../../src/participants/outcome.js';
import { OPERATIONS } from './webex-spec.js';

describe("the participants client and Webex's published statuses", () => {
  it('gives every error status the spec declares for Get Meeting Participant Details a kind of its own, and no other', () => {
    const operation = OPERATIONS.find((op) => op.name === 'GET /meetingParticipants/{participantId}');
    assert.ok(operation);
    const declared = Object.keys(operation.operation.responses).filter((status) => Number(status) >= 400);
    // A status Webex adds must get a reply that says what it means, not "unexpected status".
    assert.deepEqual(Object.keys(failureKindByStatus).sort(), declared.sort());
  });
});
