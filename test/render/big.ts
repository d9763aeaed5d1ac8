import { participant, viewOf } from './support.js';

/** Far more than a chat message can hold: 200 devices, 200 breakout sessions, a 10,000-character name. */
export function bigReply(showPhoneNumbers = true) {
  return participant(
    viewOf(
      {
        displayName: 'N'.repeat(10_000),
        devices: Array.from({ length: 200 }, (_, i) => ({
          deviceType: `device_${i}`,
          audioType: 'voip',
          callType: 'callIn',
          joinedTime: '2022-10-25T09:00:00Z',
          leftTime: '2022-10-25T09:30:00Z',
          durationSecond: 1800,
          phoneNumber: `+1 555 0100 ${i}`,
        })),
        breakoutSessionsAttended: Array.from({ length: 200 }, (_, i) => ({
          id: `session-${i}`,
          name: `Breakout ${i} `.repeat(100),
          joinedTime: '2022-10-25T09:05:00Z',
          leftTime: '2022-10-25T09:10:00Z',
        })),
      },
      showPhoneNumbers,
    ),
  );
}
