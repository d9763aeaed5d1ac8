import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { pino } from 'pino';
import { startBot } from '../../src/bot.js';
import { readConfig } from '../../src/config.js';

/** Resolves with the status line of the first HTTP response on `socket`. */
function statusLine(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    socket.on('data', (chunk) => {
      received += String(chunk);
      const end = received.indexOf('\r\n');
      if (end >= 0) resolve(received.slice(0, end));
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`closed before a status line: ${JSON.stringify(received)}`)));
  });
}

/**
 * What a load balancer sees of /healthz once shutdown has begun (README, "Operations"): the server
 * no longer accepts connections, and a health check already arriving on an open connection is
 * answered 503, from the moment stop() starts.
 */
describe('/healthz while the bot stops (startBot, sandbox mode)', () => {
  it('answers 503 to a health check that arrives after stop() began', async () => {
    const running = await startBot(readConfig({ PORT: '0' }), pino({ level: 'silent' }));
    const { port } = running.server.address() as AddressInfo;
    const before = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(before.status, 200);

    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const answered = statusLine(socket);
    // The request line and part of the headers: the connection is busy, so stop() keeps it open.
    socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stopped = running.stop();
    socket.write('Connection: close\r\n\r\n');
    assert.match(await answered, /^HTTP\/1\.1 503 /);
    socket.destroy();
    await stopped;
  });

  it('closes idle keep-alive and slow connections once the work has drained: no client holds the shutdown', async () => {
    const running = await startBot(readConfig({ PORT: '0' }), pino({ level: 'silent' }));
    const { port } = running.server.address() as AddressInfo;
    const open = async () => {
      const socket = connect(port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.on('error', () => undefined);
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      return { socket, closed };
    };
    // Idle: one request answered, then the connection kept alive and left alone.
    const idle = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const connection = await open();
        const answered = statusLine(connection.socket);
        connection.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n');
        assert.match(await answered, /^HTTP\/1\.1 200 /);
        return connection;
      }),
    );
    // Slow: a request begun and never finished.
    const slow = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const connection = await open();
        connection.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
        return connection;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Were any of them to hold it, stop() would wait out the whole 25 s grace, past this test's timeout.
    await running.stop();
    await Promise.all([...idle, ...slow].map((connection) => connection.closed));
  });
});
