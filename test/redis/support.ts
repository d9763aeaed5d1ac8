import { randomUUID } from 'node:crypto';
import { createServer, Socket, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import { createRedisClient } from '../../src/redis/connection.js';

/**
 * The real Redis server these tests run against. Every test works in its own database number and
 * under its own random key prefix, and deletes its keys, so that tests (and engineers) sharing the
 * server never see each other's state.
 */
export const REDIS_HOST = '127.0.0.1';
export const REDIS_PORT = 6379;
export const TEST_DB = 9;

export const uniqueId = (name: string): string => `test-${name}-${randomUUID()}`;

export interface CapturedLogger {
  logger: Logger;
  lines: Array<Record<string, unknown>>;
}

export function captureLogger(): CapturedLogger {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

export function connect(port = REDIS_PORT, logger: Logger = pino({ level: 'silent' })): Redis {
  return createRedisClient(`redis://${REDIS_HOST}:${port}/${TEST_DB}`, logger, { retryStrategy: () => 20 });
}

export async function untilReady(redis: Redis): Promise<void> {
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
}

/** Polls `predicate` every few ms; fails after `timeoutMs`, so a broken behaviour cannot hang a test. */
export async function until(predicate: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function deleteKeys(redis: Redis, pattern: string): Promise<number> {
  const keys = await redis.keys(pattern);
  return keys.length > 0 ? redis.del(...keys) : 0;
}

/**
 * A TCP proxy to the Redis server that can be taken down and brought back on the same port: how
 * these tests make Redis "unavailable" for one client without touching the server others use.
 */
export interface RedisProxy {
  readonly port: number;
  down(): Promise<void>;
  up(): Promise<void>;
}

export async function startRedisProxy(): Promise<RedisProxy> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const up = async () => {
    server = createServer((client) => {
      const upstream = new Socket();
      upstream.connect(REDIS_PORT, REDIS_HOST);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    const listening = server;
    await new Promise<void>((resolve) => listening.listen(port, REDIS_HOST, resolve));
    port = (listening.address() as AddressInfo).port;
  };
  const down = async () => {
    for (const socket of sockets) socket.destroy();
    const closing = server;
    server = undefined;
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };
  await up();
  return {
    get port() {
      return port;
    },
    down,
    up,
  };
}
