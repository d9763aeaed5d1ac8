import assert from 'node:assert/strict';
import { NOT_KNOWN, NOT_KNOWN_NOTE } from '../../src/replies/messages.js';
import { toParticipantView } from '../../src/replies/participant-view.js';
import { deviceLine } from '../../src/render/facts.js';
import { participantSchema } from '../../src/participants/schema.js';
import type { Reading } from '../../src/replies/times.js';
import { seedExampleBody } from '../support/fixtures.js';

const NOW = new Date('2022-10-25T09:40:00Z');
const UTC: Reading = { zone: 'UTC', now: NOW };
const BERLIN: Reading = { zone: 'Europe/Berlin', now: NOW };
const UNKNOWN = '1970-01-01T00:00:00.000Z';

const view = (body: object, showPhoneNumbers = false, reading: Reading = UTC) =>
  toParticipantView(participantSchema.parse({ ...seedExampleBody, ...body }), { showPhoneNumbers, reading });

describe('participant view', () => {
  it('puts the seed example in plain words, times in the reader\u2019s zone, the date only when not today', () => {
    const v = view({});
    assert.equal(v.displayName, 'Joe Doe');
    assert.deepEqual(v.roles, ['Host']);
    assert.deepEqual(v.status, { tone: 'lobby', label: 'Waiting in the lobby', detail: 'for 40 min, since 09:00 UTC' });
    assert.equal(v.muted, 'Not muted');
    assert.equal(v.video, 'On');
    assert.equal(v.joined, '09:00 UTC');
    assert.equal(v.meetingStart, '2 Oct 2020 17:31 UTC');
    assert.deepEqual(v.devices.map(deviceLine), ['Webex app on Mac \u00b7 phone audio, called in \u00b7 23 Apr 2019 17:31 to 17:32 UTC \u00b7 1 min']);
    assert.deepEqual(v.breakoutSessions, ['Breakout session 1 \u00b7 09:05 to 09:10 UTC \u00b7 5 min']);
    assert.equal(v.notKnownNote, undefined, 'nothing unknown, no note');
  });

  it('reads every time in the requester\u2019s zone, named', () => {
    const v = view({}, false, BERLIN);
    assert.equal(v.joined, '11:00 CEST');
    assert.equal(v.meetingStart, '2 Oct 2020 19:31 CEST');
    assert.equal(v.status.detail, 'for 40 min, since 11:00 CEST');
    assert.deepEqual(v.breakoutSessions, ['Breakout session 1 \u00b7 11:05 to 11:10 CEST \u00b7 5 min']);
  });

  it('reads a live meeting\u2019s unknown times as "—", with one note, never as 1970', () => {
    const v = view({
      state: 'joined',
      leftTime: UNKNOWN,
      devices: [
        { deviceType: 'webex_app_ios', audioType: 'voip', joinedTime: '2022-10-25T09:01:00Z', leftTime: UNKNOWN },
        { deviceType: 'tp_phone', audioType: 'pstn', callType: 'callBack', joinedTime: UNKNOWN },
      ],
    });
    assert.equal(v.left, NOT_KNOWN);
    assert.deepEqual(v.status, { tone: 'inMeeting', label: 'In the meeting', detail: 'for 40 min, since 09:00 UTC' });
    assert.deepEqual(
      v.devices.map(deviceLine),
      ['Webex app on iPhone or iPad \u00b7 computer audio \u00b7 joined 09:01 UTC \u00b7 39 min so far', 'Phone \u00b7 phone audio, called back \u00b7 joined \u2014'],
    );
    assert.equal(v.notKnownNote, NOT_KNOWN_NOTE);
    assert.doesNotMatch(JSON.stringify(v), /1970/);
  });

  it('reads missing, unparsable and pre-1970 times as "—" too', () => {
    for (const time of [undefined, 'yesterday', '1969-12-31T23:59:59Z', UNKNOWN, '']) {
      const v = view({ joinedTime: time });
      assert.equal(v.joined, NOT_KNOWN, String(time));
      assert.equal(v.notKnownNote, NOT_KNOWN_NOTE, String(time));
    }
  });

  it('names the breakout session the participant is in now, and how long they have been in it', () => {
    const v = view({
      state: 'breakoutSession',
      breakoutSessionId: 'c84ba778-2f46-4dc6-9459-398694732d70',
      breakoutSessionsAttended: [{ id: 'c84ba778-2f46-4dc6-9459-398694732d70', name: 'Budget', joinedTime: '2022-10-25T09:28:00Z', leftTime: UNKNOWN }],
    });
    assert.deepEqual(v.status, { tone: 'breakoutSession', label: 'In a breakout session', detail: 'Budget, for 12 min, since 09:28 UTC' });
    assert.deepEqual(v.breakoutSessions, ['Budget \u00b7 since 09:28 UTC \u00b7 12 min so far']);
  });

  it('says when someone left and how long they stayed', () => {
    const v = view({ state: 'end', joinedTime: '2022-10-25T09:00:00Z', leftTime: '2022-10-25T09:30:00Z' });
    assert.deepEqual(v.status, { tone: 'left', label: 'Left the meeting', detail: 'at 09:30 UTC, after 30 min' });
  });

  it('shows enum values Webex adds later as they came', () => {
    const v = view({ state: 'onHold', video: 'paused', devices: [{ deviceType: 'quantum_headset', audioType: 'sip', callType: 'callOut' }] });
    assert.deepEqual(v.status, { tone: 'other', label: 'onHold' });
    assert.equal(v.video, 'paused');
    assert.match(deviceLine(v.devices[0] ?? { name: '', summary: '' }), /^Quantum headset · sip, callOut · /);
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
