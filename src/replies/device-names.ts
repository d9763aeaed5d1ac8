/**
 * Webex's `deviceType` as people name the thing in their hand (README, "Replies"): Webex sends
 * `webex_meeting_center_mac`, `webex_app_ios`, `tp_phone`, … and publishes no list of them, so the
 * known shapes are named here and anything else is shown cleaned (`new_thing` → "New thing").
 */

/** The platform a Webex app runs on, as its last word says. */
const PLATFORMS: Record<string, string> = {
  mac: 'Mac',
  macos: 'Mac',
  windows: 'Windows',
  win: 'Windows',
  linux: 'Linux',
  ios: 'iPhone or iPad',
  iphone: 'iPhone',
  ipad: 'iPad',
  android: 'Android',
};

/** What Webex calls its own meeting apps, the prefix before the platform. */
const APP_PREFIXES = ['webex_meeting_center_', 'webex_app_', 'webex_meetings_', 'webex_'];

/** Whole values that are not an app on a platform. */
const WHOLE: Record<string, string> = {
  tp_phone: 'Phone',
  pstn_phone: 'Phone',
  phone: 'Phone',
  pstn: 'Phone',
  sip: 'Video device (SIP)',
  sip_device: 'Video device (SIP)',
  h323: 'Video device (H.323)',
  webex_room_device: 'Webex room device',
  webex_device: 'Webex room device',
  webex_browser: 'Webex in a browser',
  webex_web_app: 'Webex in a browser',
  webex_meeting_center_web: 'Webex in a browser',
  webex_meeting_center_browser: 'Webex in a browser',
};

export function deviceName(raw: string): string {
  const key = raw.trim().toLowerCase();
  const whole = WHOLE[key];
  if (whole !== undefined) return whole;
  for (const prefix of APP_PREFIXES) {
    const platform = key.startsWith(prefix) ? PLATFORMS[key.slice(prefix.length)] : undefined;
    if (platform !== undefined) return `Webex app on ${platform}`;
  }
  return cleaned(raw);
}

/** `some_new_type` reads "Some new type"; a value with nothing but underscores stays as it came. */
function cleaned(raw: string): string {
  const words = raw.replace(/_/g, ' ').replace(/\s+/g, ' ').trim();
  return words.length === 0 ? raw : words.charAt(0).toUpperCase() + words.slice(1);
}
