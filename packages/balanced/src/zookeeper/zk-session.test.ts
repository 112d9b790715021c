import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectZooKeeper } from './zk-session.js';

/** A TCP server posing as ZooKeeper: `answer` decides what the client's n-th packet gets back. */
async function fakeServer(
  answer: (socket: Socket, n: number) => void,
): Promise<{ server: Server; connect: string }> {
  const server = createServer((socket) => {
    let n = 0;
    socket.on('error', () => {});
    socket.on('data', () => answer(socket, n++));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, connect: `127.0.0.1:${port}` };
}

/** ZooKeeper's ConnectResponse: protocol version, negotiated timeout, session id, password. */
function connectResponse(timeoutMs: number): Buffer {
  const body = Buffer.alloc(4 + 4 + 8 + 4 + 16);
  body.writeInt32BE(0, 0);
  body.writeInt32BE(timeoutMs, 4);
  body.writeBigInt64BE(0x1234n, 8);
  body.writeInt32BE(16, 16);
  const frame = Buffer.alloc(4);
  frame.writeInt32BE(body.length, 0);
  return Buffer.concat([frame, body]);
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Sockets and timers open now that were not open `before`. */
function leaked(before: string[]): string[] {
  const left = [...before];
  return process.getActiveResourcesInfo().filter((r) => {
    const i = left.indexOf(r);
    if (i >= 0) left.splice(i, 1);
    return i < 0 && (r === 'TCPSocketWrap' || r === 'Timeout');
  });
}

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

describe('connectZooKeeper', () => {
  it('fails with CONNECT_TIMEOUT against a server that never answers, leaving no socket or timer', async () => {
    const fake = await fakeServer(() => {});
    server = fake.server;
    const before = process.getActiveResourcesInfo();
    await expect(connectZooKeeper(fake.connect, { timeoutMs: 300 })).rejects.toMatchObject({
      name: 'ZooKeeperError',
      code: 'CONNECT_TIMEOUT',
    });
    await settle(50);
    expect(leaked(before)).toEqual([]);
  });

  it('closes cleanly when aborted while the handshake answer is on its way', async () => {
    const fake = await fakeServer((socket, n) => {
      if (n === 0) setTimeout(() => socket.end(connectResponse(4_000)), 100);
    });
    server = fake.server;
    const before = process.getActiveResourcesInfo();
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 50);
    await expect(
      connectZooKeeper(fake.connect, { timeoutMs: 2_000, signal: abort.signal }),
    ).rejects.toMatchObject({
      name: 'AbortedError',
    });
    await settle(300); // the answer arrives after the close: the library must not choke on it
    expect(leaked(before)).toEqual([]);
  });

  it('opens a session once the server answers the handshake', async () => {
    // Answers the handshake, then ends the connection at the next request (the close).
    const fake = await fakeServer((socket, n) =>
      n === 0 ? socket.write(connectResponse(4_000)) : socket.end(),
    );
    server = fake.server;
    const before = process.getActiveResourcesInfo();
    const session = await connectZooKeeper(fake.connect, { timeoutMs: 2_000 });
    expect(session.sessionId).toBe('0000000000001234');
    await session.close();
    await settle(10);
    expect(leaked(before)).toEqual([]);
  });
});
