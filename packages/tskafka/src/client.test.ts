import { createServer } from 'node:net';
import { ClosedError, ConfigurationError, ConnectionError } from '@tskafka/network';
import { describe, expect, it } from 'vitest';
import { KafkaClient } from './client.js';

/** A loopback port with nothing listening (bound once, then released). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** How many sockets and timers are active: what a client could leave behind. */
const handles = () => {
  const active = process.getActiveResourcesInfo();
  return {
    sockets: active.filter((r) => r === 'TCPSocketWrap').length,
    timers: active.filter((r) => r === 'Timeout').length,
  };
};

describe('KafkaClient without a reachable broker', () => {
  it('rejects connect with a ConnectionError naming every host tried, and leaves nothing open', async () => {
    const [a, b] = [await deadPort(), await deadPort()];
    await new Promise((resolve) => setImmediate(resolve));
    const before = handles();
    const client = new KafkaClient({ hosts: `127.0.0.1:${a},127.0.0.1:${b}`, socketTimeoutMs: 2_000 });
    const started = Date.now();
    const error = await client.connect().catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toContain(`127.0.0.1:${a}`);
    expect((error as Error).message).toContain(`127.0.0.1:${b}`);
    await client.close();
    await new Promise((resolve) => setImmediate(resolve));
    const after = handles();
    expect(after.sockets).toBeLessThanOrEqual(before.sockets);
    expect(after.timers).toBeLessThanOrEqual(before.timers);
  });

  it('rejects every call after close with ClosedError', async () => {
    const client = new KafkaClient({ hosts: `127.0.0.1:${await deadPort()}` });
    await client.close();
    await expect(client.connect()).rejects.toBeInstanceOf(ClosedError);
    await expect(client.topics.get('x')).rejects.toBeInstanceOf(ClosedError);
    await expect(client.updateCluster()).rejects.toBeInstanceOf(ClosedError);
  });

  it('validates options at construction', () => {
    expect(() => new KafkaClient({ hosts: 'nope' })).toThrow(ConfigurationError);
    expect(String(new KafkaClient({ hosts: 'h:1,g:2' }))).toBe('KafkaClient(h:1,g:2)');
  });
});
