import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePorts, LOOPBACK } from './ports.js';

describe('freePorts', () => {
  it('returns distinct ports that can then be bound on loopback', async () => {
    const ports = await freePorts(8);
    expect(new Set(ports).size).toBe(8);
    for (const port of ports) {
      expect(port).toBeGreaterThan(1024);
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host: LOOPBACK, port }, resolve);
      });
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('gives concurrent callers different ports', async () => {
    const [a, b] = await Promise.all([freePorts(5), freePorts(5)]);
    expect(new Set([...(a ?? []), ...(b ?? [])]).size).toBe(10);
  });
});
