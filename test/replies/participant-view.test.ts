import assert from 'node:assert/strict';
import { NOT_KNOWN_YET, toParticipantView } from '../../src/replies/participant-view.js';
import { participantSchema } from '../../src/participants/schema.js';
import { seedExampleBody } from '../support/fixtures.js';

const view = (body: object, showPhoneNumbers = false) =>
  toParticipantView(participantSchema.parse({ ...seedExampleBody, ...body }), { showPhoneNumbers });

describe('participant view', () => {
  it('puts the seed example in plain words', () => {
    const v = view({});
    assert.equal(v.displayName, 'Joe Doe');
    assert.deepEqual(v.roles, ['Host']);
    assert.equal(v.state, 'Waiting in the lobby');
    assert.equal(v.muted, 'Not muted');
    assert.equal(v.video, 'On');
    assert.equal(v.meetingStart, '2020-10-02 17:31:00 UTC');
    assert.equal(v.devices[0]?.audio, 'Phone (PSTN)');
    assert.equal(v.devices[0]?.callType, 'Called in');
    assert.equal(v.devices[0]?.duration, '1 min');
    assert.equal(v.devices[0]?.deviceType, 'Webex meeting center mac');
    assert.deepEqual(v.breakoutSessions, [
      { name: 'Breakout session 1', joined: '2022-10-25 09:05:00 UTC', left: '2022-10-25 09:10:00 UTC' },
    ]);
  });

  it('reads the 1970 placeholder and a missing time as "not known yet", never as 1970', () => {
    const v = view({ leftTime: '1970-01-01T00:00:00.000Z', joinedTime: undefined });
    assert.equal(v.left, NOT_KNOWN_YET);
    assert.equal(v.joined, NOT_KNOWN_YET);
    assert.doesNotMatch(JSON.stringify(v), /1970/);
  });

  it('names the breakout session the participant is in now', () => {
    const v = view({ state: 'breakoutSession', breakoutSessionId: 'c84ba778-2f46-4dc6-9459-398694732d70' });
    assert.equal(v.state, 'In a breakout session');
    assert.equal(v.currentBreakoutSession, 'Breakout session 1');
    assert.equal(view({}).currentBreakoutSession, undefined);
  });

  it('shows enum values Webex adds later as they came', () => {
    const v = view({ state: 'onHold', video: 'paused', devices: [{ audioType: 'sip', callType: 'callOut' }] });
    assert.equal(v.state, 'onHold');
    assert.equal(v.video, 'paused');
    assert.equal(v.devices[0]?.audio, 'sip');
    assert.equal(v.devices[0]?.callType, 'callOut');
  });

  it('holds phone numbers only for compliance officers', () => {
    assert.equal(view({}, true).devices[0]?.phoneNumber, '745273328');
    assert.ok(!('phoneNumber' in (view({}, false).devices[0] ?? {})));
  });

  it('lists every role a participant holds', () => {
    assert.deepEqual(view({ host: false, coHost: true, invitee: true, spaceModerator: true }).roles, [
      'Co-host',
      'Space moderator',
      'Invitee',
    ]);
  });
});
