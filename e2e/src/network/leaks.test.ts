import { readFileSync } from 'node:fs';
import { KafkaClient } from 'tskafka';
import { describe, expect, it } from 'vitest';
import { flavours, uniqueName } from '../setup/clusters.js';
import { leaked, settle } from '../setup/leaks.js';

describe.each(flavours())('no handles left after close() on $name', (kafka) => {
  const user = kafka.saslUsers[0];

  it('closes every socket and timer of plaintext, SASL and TLS clients', async () => {
    await settle();
    const before = process.getActiveResourcesInfo();
    const clients = [
      new KafkaClient({ hosts: kafka.bootstrap }),
      new KafkaClient({
        hosts: kafka.saslBootstrap ?? '',
        sasl: { mechanism: 'SCRAM-SHA-512', username: user?.username ?? '', password: user?.password ?? '' },
      }),
      new KafkaClient({ hosts: kafka.sslBootstrap ?? '', ssl: { ca: readFileSync(kafka.caPemPath ?? '') } }),
    ];
    const name = uniqueName('net-leak');
    await clients[0]?.admin.createTopics([{ name, partitions: 2, replicationFactor: 1 }]);
    for (const client of clients) {
      const topic = await client.topics.get(name);
      await topic.latestAvailableOffsets();
      await topic.earliestAvailableOffsets();
      await client.cluster.findCoordinator(uniqueName('group'));
    }
    const during = leaked(before, process.getActiveResourcesInfo());
    expect(during.filter((r) => r === 'TCPSocketWrap').length).toBeGreaterThan(0);
    await Promise.all(clients.map((c) => c.close()));
    await settle();
    expect(leaked(before, process.getActiveResourcesInfo())).toEqual([]);
  });

  it('leaves nothing behind after a failed connect (bad password, bad CA)', async () => {
    await settle();
    const before = process.getActiveResourcesInfo();
    const badPassword = new KafkaClient({
      hosts: kafka.saslBootstrap ?? '',
      sasl: { mechanism: 'PLAIN', username: user?.username ?? '', password: 'wrong' },
    });
    const badCa = new KafkaClient({ hosts: kafka.sslBootstrap ?? '', ssl: true });
    await expect(badPassword.connect()).rejects.toThrow();
    await expect(badCa.connect()).rejects.toThrow();
    await settle();
    expect(leaked(before, process.getActiveResourcesInfo())).toEqual([]);
    await Promise.all([badPassword.close(), badCa.close()]);
  });
});
