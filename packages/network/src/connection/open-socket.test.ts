import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortedError, ConnectionError, TlsError } from '../errors.js';
import { openSocket } from './open-socket.js';

const servers: Server[] = [];
const accepted: Socket[] = [];

function listen(onSocket: (socket: Socket) => void): Promise<number> {
  const server = createServer((socket) => {
    accepted.push(socket);
    onSocket(socket);
  });
  servers.push(server);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

afterEach(async () => {
  for (const socket of accepted.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('openSocket', () => {
  it('connects over TCP with Nagle off', async () => {
    const port = await listen(() => {});
    const socket = await openSocket({ host: '127.0.0.1', port, connectTimeoutMs: 2_000 });
    expect(socket.remotePort).toBe(port);
    socket.destroy();
  });

  it('rejects a refused connection with a retriable ConnectionError naming the broker', async () => {
    const port = await listen(() => {});
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const error = await openSocket({ host: '127.0.0.1', port, connectTimeoutMs: 2_000 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).retriable).toBe(true);
    expect((error as ConnectionError).broker).toBe(`127.0.0.1:${port}`);
  });

  it('rejects a peer that does not speak TLS with a non-retriable TlsError', async () => {
    const port = await listen((socket) => socket.end('HTTP/1.0 400 not tls\r\n\r\n'));
    const error = await openSocket({ host: '127.0.0.1', port, ssl: true, connectTimeoutMs: 2_000 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TlsError);
    expect((error as TlsError).retriable).toBe(false);
  });

  it('times out a TLS handshake the peer never answers', async () => {
    const port = await listen(() => {});
    const started = Date.now();
    await expect(openSocket({ host: '127.0.0.1', port, ssl: true, connectTimeoutMs: 100 })).rejects.toThrow(
      /timed out after 100 ms/,
    );
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('stops on abort', async () => {
    const port = await listen(() => {});
    const controller = new AbortController();
    const opening = openSocket({
      host: '127.0.0.1',
      port,
      ssl: true,
      connectTimeoutMs: 5_000,
      signal: controller.signal,
    });
    controller.abort();
    await expect(opening).rejects.toBeInstanceOf(AbortedError);
  });
});
