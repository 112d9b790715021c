import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError, ConnectionError } from '../errors.js';
import { Cluster } from './cluster.js';

const servers: Server[] = [];
const accepted: Socket[] = [];

/** A port that accepts connections and never answers: a frozen broker. */
async function silentPort(): Promise<number> {
  const server = createServer((socket) => accepted.push(socket));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

/** A port nothing listens on. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

afterEach(async () => {
  for (const socket of accepted.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('Cluster bootstrap', () => {
  it('moves on from a frozen host and a dead one, then names both', async () => {
    const frozen = await silentPort();
    const dead = await deadPort();
    const cluster = new Cluster({
      bootstrap: [
        { host: '127.0.0.1', port: frozen },
        { host: '127.0.0.1', port: dead },
      ],
      requestTimeoutMs: 200,
    });
    const started = Date.now();
    const error = await cluster.refresh().catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(new RegExp(`no response within 200 ms.*${frozen}.*${dead}`));
    await cluster.close();
  });

  it('requires at least one bootstrap address', () => {
    expect(() => new Cluster({ bootstrap: [] })).toThrow(ConfigurationError);
  });
});
