/**
 * What the conformance check leaves out, and where it lets a value the spec does not list pass: each
 * entry says why (README, "Conformance with Webex's API"). A request found here is counted in the
 * report, never silently dropped.
 */

export interface OutOfScope {
  method: string;
  /** Against the path without `/v1`. */
  path: RegExp;
  reason: string;
}

const SDK_INTERNAL = 'internal to the Webex JavaScript SDK under webex-node-bot-framework, not in Webex\u2019s published REST API';

const OUT_OF_SCOPE: readonly OutOfScope[] = [
  { method: 'GET', path: /^\/(limited\/)?catalog$/, reason: `the service catalog (U2C) the SDK reads on start: ${SDK_INTERNAL}` },
  { method: 'POST', path: /^\/wdm\/devices$/, reason: `device registration (WDM) for websocket mode: ${SDK_INTERNAL}` },
  { method: 'DELETE', path: /^\/wdm\/devices\/[^/]+$/, reason: `device unregistration (WDM): ${SDK_INTERNAL}` },
  { method: 'POST', path: /^\/metrics\/clientmetrics$/, reason: `the SDK\u2019s own telemetry: ${SDK_INTERNAL}` },
  { method: 'GET', path: /^\/conversation\//, reason: `the conversation service the SDK reads activities from: ${SDK_INTERNAL}` },
  {
    method: 'POST',
    path: /^\/access_token$/,
    reason:
      'the OAuth token renewal (grant_type=refresh_token), documented in Webex\u2019s integrations and service apps guides but in neither published spec; its emulator and the renewal are tested on their own',
  },
  {
    method: 'GET',
    path: /^\/people\/$/,
    reason: `the SDK\u2019s batched person lookup, GET /people/?id=…&showAllTypes=false: the published List People has neither the trailing slash nor showAllTypes; ${SDK_INTERNAL}`,
  },
];

export function outOfScope(method: string, path: string): OutOfScope | undefined {
  return OUT_OF_SCOPE.find((entry) => entry.method === method && entry.path.test(path));
}

/**
 * A place in a body where we knowingly differ from the published schema, because Webex itself does:
 * schema errors there are let through. `value`, when given, narrows it to that one value.
 */
export interface Deviation {
  operations: readonly string[];
  /** JSON pointer into the body; the spec's own examples are held to the same list. */
  at: RegExp;
  value?: string;
  reason: string;
}

const WEBHOOK_OPERATIONS = ['GET /webhooks', 'POST /webhooks', 'GET /webhooks/{webhookId}', 'PUT /webhooks/{webhookId}'];
const FIREHOSE =
  'the firehose webhook webex-node-bot-framework registers (resource "all", event "all") is in Webex\u2019s webhooks guide, but not in the enums of the published spec';
const CARD_ATTACHMENT =
  'the published schema makes an attachment\u2019s content a File (fileId, contentUrl); Webex sends and takes Adaptive Cards there, as the spec\u2019s own POST /messages example shows';

export const DEVIATIONS: readonly Deviation[] = [
  { operations: WEBHOOK_OPERATIONS, at: /^(\/items\/\d+)?\/resource$/, value: 'all', reason: FIREHOSE },
  { operations: WEBHOOK_OPERATIONS, at: /^(\/items\/\d+)?\/event$/, value: 'all', reason: FIREHOSE },
  {
    operations: ['POST /messages', 'GET /messages/{messageId}'],
    at: /^\/attachments\/\d+\/content(\/|$)/,
    reason: CARD_ATTACHMENT,
  },
];
