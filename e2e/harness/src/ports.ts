import { createServer, type Server } from 'node:net';

/** Loopback address every harness server binds to and advertises (never `localhost`: it may be ::1). */
export const LOOPBACK = '127.0.0.1';

function listen(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: LOOPBACK, port: 0, exclusive: true }, () => resolve(server));
  });
}

/**
 * Asks the kernel for `count` distinct free loopback ports by binding port 0. All sockets stay open
 * until every port is known, so the kernel cannot hand out the same port twice within one call;
 * concurrent harnesses each get their own.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await listen());
    return servers.map((s) => {
      const address = s.address();
      if (address === null || typeof address === 'string') throw new Error('no TCP address');
      return address.port;
    });
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}
