import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * Slack's side of Socket Mode, on 127.0.0.1: greets each connection with `hello`, sends envelopes
 * on request, and records the acks (`{ envelope_id, payload }`) the app sends back.
 */
export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export interface SlackSocketServer {
  /** `ws://127.0.0.1:PORT/`, for apps.connections.open to hand out. */
  readonly url: string;
  readonly acks: SocketAck[];
  /** Resolves once an app has connected and been greeted. */
  connected(): Promise<void>;
  /** Sends a `slash_commands` envelope; resolves with its envelope_id. */
  sendSlashCommand(payload: Record<string, unknown>): string;
  /** Sends an `interactive` envelope (a click: block_actions); resolves with its envelope_id. */
  sendInteractive(payload: Record<string, unknown>): string;
  waitForAck(envelopeId: string, timeoutMs?: number): Promise<SocketAck>;
  close(): Promise<void>;
}

export async function startSlackSocketServer(): Promise<SlackSocketServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const acks: SocketAck[] = [];
  const ackWaiters = new Set<() => void>();
  let socket: WebSocket | undefined;
  let greeted: () => void = () => undefined;
  const greeting = new Promise<void>((resolve) => {
    greeted = resolve;
  });

  server.on('connection', (ws) => {
    socket = ws;
    ws.on('message', (data) => {
      acks.push(JSON.parse(String(data)) as SocketAck);
      for (const waiter of [...ackWaiters]) waiter();
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0EMULATOR' } }));
    greeted();
  });

  const send = (type: string, payload: Record<string, unknown>): string => {
    if (socket === undefined) throw new Error('slack socket server: no app connected');
    const envelopeId = randomUUID();
    socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: true }));
    return envelopeId;
  };

  return {
    url: `ws://127.0.0.1:${port}/`,
    acks,
    connected: () => greeting,
    sendSlashCommand: (payload) => send('slash_commands', payload),
    sendInteractive: (payload) => send('interactive', payload),
    waitForAck: (envelopeId, timeoutMs = 5_000) =>
      new Promise<SocketAck>((resolve, reject) => {
        const find = () => acks.find((ack) => ack.envelope_id === envelopeId);
        const found = find();
        if (found !== undefined) return resolve(found);
        const timer = setTimeout(() => {
          ackWaiters.delete(check);
          reject(new Error(`slack socket server: no ack for ${envelopeId} within ${timeoutMs} ms`));
        }, timeoutMs);
        const check = () => {
          const ack = find();
          if (ack === undefined) return;
          clearTimeout(timer);
          ackWaiters.delete(check);
          resolve(ack);
        };
        ackWaiters.add(check);
      }),
    close: async () => {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
