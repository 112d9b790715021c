import { subscribe, tracingChannel, unsubscribe } from 'node:diagnostics_channel';
import { Connection, type RequestTraceContext, UnsupportedApiError } from '@tskafka/network';
import { apis } from '@tskafka/protocol';
import { describe, expect, it } from 'vitest';
import { flavours } from '../setup/clusters.js';
import { kcatBrokerIds } from '../setup/kcat.js';

describe.each(flavours())('Connection to $name', (kafka) => {
  const first = kafka.brokers[0];
  if (first === undefined) throw new Error('flavour without brokers');

  it('negotiates versions and reads the same brokers as kcat -L', async () => {
    await using connection = await Connection.connect({ host: first.host, port: first.port });
    expect(connection.versions.pick(apis.Metadata)).toBeGreaterThanOrEqual(12);
    expect(connection.versions.pick(apis.Produce)).toBeGreaterThanOrEqual(3);
    const metadata = await connection.request(apis.Metadata, { topics: null });
    const ids = metadata.brokers.map((b) => b.nodeId).sort((a, b) => a - b);
    expect(ids).toEqual(await kcatBrokerIds(kafka.bootstrap));
  });

  it('names the API when the broker serves no version of it', async () => {
    await using connection = await Connection.connect({ host: first.host, port: first.port });
    // Some declared API this broker does not serve (e.g. KRaft-only APIs on a ZooKeeper broker).
    const absent = Object.values(apis).find((api) => !connection.versions.supports(api));
    if (absent === undefined) throw new Error('the broker serves every declared API');
    if (kafka.mode === 'zookeeper')
      expect(connection.versions.supports(apis.DescribeTopicPartitions)).toBe(false);
    const error = await connection.request(absent, {} as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedApiError);
    expect((error as UnsupportedApiError).api).toBe(absent.name);
    expect(connection.closed).toBe(false);
  });

  it('publishes every request on the tskafka:request tracing channel', async () => {
    const seen: { event: string; api: string; apiVersion: number }[] = [];
    const channel = tracingChannel<unknown, RequestTraceContext>('tskafka:request');
    const record = (event: string) => (message: unknown) => {
      const context = message as RequestTraceContext;
      seen.push({ event, api: context.api, apiVersion: context.apiVersion });
    };
    const handlers = { start: record('start'), asyncEnd: record('asyncEnd'), error: record('error') };
    const endName = 'tracing:tskafka:request:asyncEnd';
    channel.subscribe(handlers as never);
    const ends: unknown[] = [];
    const onEnd = (message: unknown) => ends.push((message as RequestTraceContext).result);
    subscribe(endName, onEnd);
    try {
      await using connection = await Connection.connect({ host: first.host, port: first.port });
      const version = connection.versions.pick(apis.Metadata);
      await connection.request(apis.Metadata, { topics: [] });
      expect(seen).toEqual([
        { event: 'start', api: 'Metadata', apiVersion: version },
        { event: 'asyncEnd', api: 'Metadata', apiVersion: version },
      ]);
      expect(ends[0]).toMatchObject({ topics: [] });
    } finally {
      channel.unsubscribe(handlers as never);
      unsubscribe(endName, onEnd);
    }
  });
});
