import { Connection } from '@tskafka/network';
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
});
