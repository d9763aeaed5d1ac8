import { participant, viewOf } from './support.js';

/** Everything a display name, a device type or a session name could try, in one string. */
export const HOSTILE = [
  '<!channel>',
  '<!here>',
  '<@U0123ABCD>',
  '<@all>',
  '@here',
  '@channel',
  '[click](https://evil.example)',
  'https://evil.example/path',
  'www.evil.example',
  '<https://evil.example|click>',
  '<script>alert(1)</script>',
  '**bold**',
  '`code`',
  '~strike~',
  '\n- list',
  '\n# heading',
  '\n> quote',
  '🎉',
  '\u202eevil\u202c',
  '\u001b[31mred',
].join(' ');

/** A participant whose every free-text field, and every open enum, is hostile. */
export function hostileReply(showPhoneNumbers = true) {
  return participant(
    viewOf(
      {
        displayName: HOSTILE,
        email: HOSTILE,
        hostEmail: HOSTILE,
        siteUrl: HOSTILE,
        state: 'breakoutSession',
        breakoutSessionId: 'c84ba778-2f46-4dc6-9459-398694732d70',
        devices: [{ deviceType: HOSTILE, audioType: HOSTILE, callType: HOSTILE, phoneNumber: HOSTILE }],
        breakoutSessionsAttended: [{ id: 'c84ba778-2f46-4dc6-9459-398694732d70', name: HOSTILE }],
      },
      showPhoneNumbers,
    ),
  );
}
