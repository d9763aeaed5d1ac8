import { randomUUID } from 'node:crypto';
import type { Reply } from '../../src/replies/reply.js';
import { SendError } from '../../src/transports/delivery.js';
import type { Answer, ChatPlatform, Incoming, Receive } from '../../src/transports/platform.js';

/** What the fake platform keeps of an event: the email and time zone it reports for the sender. */
export interface FakeEvent {
  email: string | undefined;
  timeZone?: string;
}

/** A rendered reply: the reply itself, so tests read what the core decided. */
export interface FakeMessage {
  reply: Reply;
}

export interface Delivered {
  incoming: Incoming<FakeEvent>;
  answer: Answer<FakeMessage>;
}

export interface FakePlatform extends ChatPlatform<FakeEvent, FakeMessage> {
  /** Every answer that got through, in order. */
  readonly delivered: Delivered[];
  /** Every notification that got through, in order. */
  readonly notified: Array<{ userId: string; message: FakeMessage }>;
  /** The sends attempted, successful or not. */
  readonly attempts: number;
  /** The next `count` sends fail with `error`. */
  failNext(count: number, error: Error): void;
  /** The next identify() throws. */
  failIdentify(): void;
  /** Hands an event to the pipeline as the platform would; resolves once it is answered. */
  emit(event: Partial<Incoming<FakeEvent>> & { text: string }): Promise<void>;
  ready: boolean;
}

/**
 * A chat platform with no network: it satisfies the seam, answers into an array, and can be told
 * to fail. It tests the pipeline once for every platform (after the Vercel Chat SDK's
 * `createMockAdapter()`).
 */
export function createFakePlatform(name = 'fake'): FakePlatform {
  let receive: Receive<FakeEvent> | undefined;
  const delivered: Delivered[] = [];
  const notified: FakePlatform['notified'] = [];
  let failures: Array<Error> = [];
  let identifyFails = false;
  let attempts = 0;

  /** Counts a send, and fails it when told to. */
  const attempt = () => {
    attempts += 1;
    const failure = failures.shift();
    if (failure !== undefined) throw failure;
  };

  const platform: FakePlatform = {
    name,
    delivered,
    notified,
    get attempts() {
      return attempts;
    },
    ready: false,
    async start(r) {
      receive = r;
      platform.ready = true;
    },
    isReady: () => platform.ready,
    async stopReceiving() {
      receive = undefined;
    },
    async stop() {
      platform.ready = false;
    },
    async identify({ event }) {
      if (identifyFails) {
        identifyFails = false;
        throw new Error('the platform could not say who this is');
      }
      return { email: event.email, timeZone: event.timeZone };
    },
    render: (reply) => ({ reply }),
    async answer(incoming, answer, deliver) {
      await deliver('the reply', async () => {
        attempt();
        delivered.push({ incoming, answer });
      });
    },
    notify: (userId, message, deliver) =>
      deliver('the notification', async () => {
        attempt();
        notified.push({ userId, message });
      }),
    failNext(count, error) {
      failures = [...failures, ...Array.from({ length: count }, () => error)];
    },
    failIdentify() {
      identifyFails = true;
    },
    async emit(event) {
      if (receive === undefined) throw new Error('the fake platform is not receiving');
      await receive({
        id: randomUUID(),
        userId: 'U1',
        spaceId: 'S1',
        via: 'typed',
        space: 'direct',
        replaces: false,
        event: { email: 'ada.admin@example.com' },
        ...event,
      });
    },
  };
  return platform;
}

/** A refusal the pipeline should try again, and one it should not. */
export const TRANSIENT = new SendError(503, 'T-503', undefined);
export const FINAL = new SendError(400, 'T-400', undefined);
