import type { Via } from '../commands/handle-command.js';
import type { Reply } from '../replies/reply.js';
import type { Deliver } from './delivery.js';

/**
 * The seam between the core and a chat platform (README, "Adding a chat platform"). A platform
 * turns what its users do into `Incoming` commands and hands each to the pipeline
 * (`transports/pipeline.ts`), which claims, identifies, handles, renders and asks the platform to
 * deliver. Everything a platform needs to know about its own events stays in `Event`, opaque to the
 * pipeline; everything the rules decide (who asks, what they may see, whether the answer must be
 * private) stays in the pipeline and the core, decided once for every platform.
 *
 * Shaped after Bolt's `Receiver` (a transport only calls `processEvent`) and the Vercel Chat SDK's
 * `Adapter` (one object per platform: receive, post, edit or delete, open a direct message).
 */
export interface ChatPlatform<Event, Message> {
  /** Names the platform in logs, metrics (`platform` label) and audit records. */
  readonly name: string;
  /**
   * Starts taking events (a webhook route, a socket) and hands each to `receive`. Resolves once the
   * platform accepted the bot's credentials; throws a start-up error otherwise.
   */
  start(receive: Receive<Event>): Promise<void>;
  /** Connected and able to answer: `/healthz` is 200 only while every platform says so. */
  isReady(): boolean;
  /** Stops taking new events; answers to what is already in flight can still be delivered. */
  stopReceiving(): Promise<void>;
  /** Lets go of everything (sockets, devices); called once the work in flight has drained. */
  stop(): Promise<void>;

  /**
   * Who acts: their email as the platform knows it, undefined when it cannot tell; and their time
   * zone (an IANA name) when their profile has one, so that the reply's times read in it.
   */
  identify(incoming: Incoming<Event>): Promise<Identity>;
  /** The reply in the platform's own format: Adaptive Card, Block Kit, … */
  render(reply: Reply): Message;
  /**
   * Delivers the answer to `incoming`. Each message sent goes through `deliver`, which retries it,
   * and logs and counts it as lost when it cannot get through; `answer` itself never throws.
   */
  answer(incoming: Incoming<Event>, answer: Answer<Message>, deliver: Deliver): Promise<void>;
  /**
   * Sends `message` privately to someone who did not just ask (a watch's alert): a direct message
   * to the platform's user `userId`, through `deliver`. Resolves whether it got through.
   */
  notify(userId: string, message: Message, deliver: Deliver): Promise<boolean>;
}

export interface Identity {
  email: string | undefined;
  timeZone?: string | undefined;
}

/** What a platform hands the pipeline: one command, from one person, from one place. */
export interface Incoming<Event> {
  /**
   * The platform's own id of this event (a message id, Slack's event_id or trigger_id, an attachment
   * action id): the pipeline answers each id once, however often the platform delivers it.
   */
  id: string;
  /** The platform's id of the person who acts: who typed the command, or clicked the button. */
  userId: string;
  /** The platform's id of the space it came from: a Webex room, a Slack channel or DM. */
  spaceId: string;
  /** Typed by the person, or a button they clicked: a button is a command typed for them. */
  via: Via;
  /** The command line, the bot's own mention removed. */
  text: string;
  /** A one-to-one conversation with the bot, or a space where others read along. */
  space: 'direct' | 'group';
  /** A Refresh click: the answer should replace the message clicked, where the platform allows. */
  replaces: boolean;
  /** Whatever the platform needs to identify the sender and answer; the pipeline never reads it. */
  event: Event;
}

/** How the pipeline asks for an answer to be delivered. */
export interface Answer<Message> {
  message: Message;
  /**
   * Only the requester may see it. A platform must honour this (Webex: a direct message; Slack: an
   * ephemeral one); everything else is the platform's choice.
   */
  privately: boolean;
  /** Replace the message clicked (a Refresh), if the platform can do so while honouring `privately`. */
  replaces: boolean;
  /** A file that goes with the message, to the requester alone (the attendance CSV). */
  file?: FileToSend;
}

export interface FileToSend {
  name: string;
  mimeType: string;
  content: string;
}

export type Receive<Event> = (incoming: Incoming<Event>) => Promise<void>;
