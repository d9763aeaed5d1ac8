import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AttachmentAction, StoredMessage, WebexWorld } from './webex-messaging.js';

/**
 * What the SDK needs for websocket mode, on top of the REST emulator and its service catalog
 * (webex-messaging.ts): WDM's device registration, and a Mercury socket that authorizes, answers pings and pushes activities.
 * Webex's real Mercury protocol is undocumented; this follows what @webex/internal-plugin-mercury
 * 2.x sends and waits for.
 */
export interface MercuryEmulator {
  readonly url: string;
  readonly devices: Set<string>;
  /** Sockets that sent a valid authorization. */
  readonly authorized: Set<WebSocket>;
  /** Pushes the activity Webex sends when `message` is posted, to every authorized socket. */
  pushMessage(message: StoredMessage): void;
  /** Pushes the activity Webex sends when a card's button is clicked (`cardAction`). */
  pushCardAction(action: AttachmentAction): void;
  close(): Promise<void>;
}

export async function addMercury(world: WebexWorld, botToken: string): Promise<MercuryEmulator> {
  const base = world.emulator.baseUrl;
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/mercury`;
  const devices = new Set<string>();
  const authorized = new Set<WebSocket>();
  let sequence = 0;
  const envelope = (data: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ id: randomUUID(), sequenceNumber: ++sequence, data, ...extra });

  server.on('connection', (socket) => {
    socket.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { id?: string; type?: string; data?: { token?: string } };
      if (frame.type === 'authorization') {
        if (frame.data?.token !== `Bearer ${botToken}`) {
          socket.close(4401, 'authentication failed');
          return;
        }
        authorized.add(socket);
        socket.send(envelope({ eventType: 'mercury.buffer_state' }));
      } else if (frame.type === 'ping') {
        socket.send(JSON.stringify({ type: 'pong', id: frame.id, sequenceNumber: ++sequence }));
      }
    });
    socket.on('close', () => authorized.delete(socket));
  });

  world.emulator.route('POST', '/wdm/devices', () => {
    const id = randomUUID();
    devices.add(id);
    return {
      status: 200,
      body: {
        url: `${base}/wdm/devices/${id}`,
        webSocketUrl: url,
        deviceType: 'UNKNOWN',
        name: 'participant-bot',
        userId: Buffer.from(world.bot.id, 'base64').toString('utf8').split('/').at(-1),
        creationTime: new Date().toISOString(),
      },
    };
  });
  world.emulator.route('DELETE', '/wdm/devices/:id', (request) => {
    devices.delete(request.params.id ?? '');
    return { status: 204 };
  });

  const uuidOf = (hydra: string) => Buffer.from(hydra, 'base64').toString('utf8').split('/').at(-1) ?? '';
  const target = (roomId: string) => {
    const room = world.rooms.get(roomId);
    const roomUuid = uuidOf(roomId);
    return {
      id: roomUuid,
      objectType: 'conversation',
      url: `${base}/conversation/conversations/${roomUuid}`,
      tags: room?.type === 'direct' ? ['ONE_ON_ONE'] : [],
    };
  };
  const push = (activity: Record<string, unknown>) => {
    const frame = envelope({ eventType: 'conversation.activity', activity });
    for (const socket of authorized) socket.send(frame);
  };

  return {
    url,
    devices,
    authorized,
    pushMessage(message) {
      const sender = world.people.get(message.personId);
      push({
        id: uuidOf(message.id),
        verb: 'post',
        objectType: 'activity',
        actor: { entryUUID: uuidOf(message.personId), emailAddress: sender?.emails[0], objectType: 'person' },
        object: { id: uuidOf(message.id), objectType: 'comment' },
        target: target(message.roomId),
        published: message.created,
      });
    },
    // What @webex/plugin-attachment-actions 2.x reads from it: verb, actor, target, parent, object.
    pushCardAction(action) {
      push({
        id: uuidOf(action.id),
        verb: 'cardAction',
        objectType: 'activity',
        actor: { entryUUID: uuidOf(action.personId), objectType: 'person' },
        object: { objectType: action.type, inputs: action.inputs },
        parent: { id: uuidOf(action.messageId), type: 'reply' },
        target: target(action.roomId),
        published: action.created,
      });
    },
    async close() {
      for (const socket of server.clients) socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
