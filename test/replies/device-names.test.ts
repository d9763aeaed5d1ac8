import assert from 'node:assert/strict';
import { deviceName } from '../../src/replies/device-names.js';

describe('device names', () => {
  it('names Webex\u2019s device types as people know the thing in their hand', () => {
    const expected: Record<string, string> = {
      webex_meeting_center_mac: 'Webex app on Mac',
      webex_meeting_center_windows: 'Webex app on Windows',
      webex_meeting_center_ios: 'Webex app on iPhone or iPad',
      webex_app_ios: 'Webex app on iPhone or iPad',
      webex_app_android: 'Webex app on Android',
      webex_meeting_center_linux: 'Webex app on Linux',
      WEBEX_APP_MAC: 'Webex app on Mac',
      webex_web_app: 'Webex in a browser',
      tp_phone: 'Phone',
      pstn_phone: 'Phone',
      sip: 'Video device (SIP)',
      webex_room_device: 'Webex room device',
    };
    for (const [raw, name] of Object.entries(expected)) assert.equal(deviceName(raw), name, raw);
  });

  it('shows a type it does not know cleaned, not lost', () => {
    assert.equal(deviceName('quantum_headset_v2'), 'Quantum headset v2');
    assert.equal(deviceName('webex_meeting_center_toaster'), 'Webex meeting center toaster');
    assert.equal(deviceName('___'), '___');
  });
});
