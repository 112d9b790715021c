import { createServer } from 'node:net';
import { ClosedError, Cluster, ConfigurationError, ConnectionError } from '@tskafka/network';
import { describe, expect, it } from 'vitest';
import { cooperativeStickyAssignor } from '../assignors/cooperative-sticky.js';
import { rangeAssignor } from '../assignors/range.js';
import { ManagedBalancedConsumer } from './managed-balanced-consumer.js';
import { splitManagedOptions } from './managed-options.js';

const resolve = (options: object) => splitManagedOptions({ consumerGroup: 'g', ...options }).managed;

describe('managed options', () => {
  it("applies Java's defaults: 45 s sessions, 300 s rebalances, 3 s heartbeats, range then cooperative-sticky (eager)", () => {
    expect(resolve({})).toMatchObject({
      groupProtocol: 'classic',
      sessionTimeoutMs: 45_000,
      rebalanceTimeoutMs: 300_000,
      heartbeatIntervalMs: 3_000,
      groupInstanceId: null,
      assignors: [rangeAssignor, cooperativeStickyAssignor],
      rebalanceProtocol: 'eager',
      leaveGroupOnClose: true,
      metadataMaxAgeMs: 300_000,
    });
  });

  it('is cooperative only when every assignor supports it; a static member stays on close unless asked', () => {
    expect(resolve({ assignors: ['cooperative-sticky'] }).rebalanceProtocol).toBe('cooperative');
    const custom = { name: 'mine', assign: () => new Map() };
    expect(resolve({ assignors: ['cooperative-sticky', custom] }).rebalanceProtocol).toBe('eager');
    expect(resolve({ groupInstanceId: 'host-1' }).leaveGroupOnClose).toBe(false);
    expect(resolve({ groupInstanceId: 'host-1', leaveGroupOnClose: true }).leaveGroupOnClose).toBe(true);
  });

  it.each([
    [{ consumerGroup: '' }, /consumerGroup/],
    [{ groupInstanceId: 'has space' }, /groupInstanceId/],
    [{ groupInstanceId: 'x'.repeat(250) }, /groupInstanceId/],
    [{ heartbeatIntervalMs: 45_000 }, /heartbeatIntervalMs/],
    [{ sessionTimeoutMs: 0 }, /sessionTimeoutMs/],
    [{ assignors: [] }, /assignors/],
    [{ assignors: ['sticky'] }, /unknown assignor "sticky"/],
    [{ assignors: [{ name: 'no-assign' }] }, /needs an assign\(\) function/],
    [{ assignors: ['range', 'range'] }, /repeat/],
    [{ groupProtocol: 'zookeeper' }, /groupProtocol/],
    [{ leaveGroupOnClose: 'yes' }, /leaveGroupOnClose/],
  ])('%j is a ConfigurationError', (options, message) => {
    const cluster = new Cluster({ bootstrap: [{ host: '127.0.0.1', port: 1 }] });
    const make = () =>
      new ManagedBalancedConsumer(cluster, 't', { consumerGroup: 'g', ...(options as object) });
    expect(make).toThrow(ConfigurationError);
    expect(make).toThrow(message);
  });
});

/** A port that refuses connections: bind, read it, release. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

describe('ManagedBalancedConsumer without a reachable coordinator', () => {
  it('close() before the first assignment resolves at once; ready() rejects with ClosedError', async () => {
    const cluster = new Cluster({
      bootstrap: [{ host: '127.0.0.1', port: await closedPort() }],
      retry: { retries: 1_000, initialBackoffMs: 50, maxBackoffMs: 50 },
    });
    const consumer = new ManagedBalancedConsumer(cluster, 't', { consumerGroup: 'g' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await consumer.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect(consumer.ready()).rejects.toBeInstanceOf(ClosedError);
    await cluster.close();
  });

  it('ready() and consume() reject with ConnectionError (no hang), close() resolves', async () => {
    const port = await closedPort();
    const cluster = new Cluster({
      bootstrap: [{ host: '127.0.0.1', port }],
      retry: { retries: 1, initialBackoffMs: 10 },
    });
    const consumer = new ManagedBalancedConsumer(cluster, 't', {
      consumerGroup: 'g',
      rebalanceMaxRetries: 2,
      rebalanceBackoffMs: 10,
    });
    const started = Date.now();
    await expect(consumer.ready()).rejects.toBeInstanceOf(ConnectionError);
    await expect(consumer.consume(100)).rejects.toBeInstanceOf(ConnectionError);
    expect(Date.now() - started).toBeLessThan(5_000);
    await consumer.close();
    await cluster.close();
  });
});
