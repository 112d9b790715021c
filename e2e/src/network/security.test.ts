import { readFileSync } from 'node:fs';
import { SASL_MECHANISMS } from '@tskafka/harness';
import { AuthenticationError, KafkaClient, TlsError } from 'tskafka';
import { beforeAll, describe, expect, it } from 'vitest';
import { flavours, uniqueName } from '../setup/clusters.js';

describe.each(flavours())('SASL and SSL on $name', (kafka) => {
  const user = kafka.saslUsers[0];
  const { saslBootstrap, sslBootstrap, saslSslBootstrap, caPemPath } = kafka;
  if (
    user === undefined ||
    saslBootstrap === undefined ||
    sslBootstrap === undefined ||
    saslSslBootstrap === undefined ||
    caPemPath === undefined
  ) {
    throw new Error('flavour started without SASL and SSL listeners');
  }

  const known = uniqueName('net-secure');
  beforeAll(async () => {
    await using plain = new KafkaClient({ hosts: kafka.bootstrap });
    await plain.admin.createTopics([{ name: known, partitions: 1, replicationFactor: 1 }]);
  });

  describe.each(SASL_MECHANISMS)('%s', (mechanism) => {
    it('authenticates and lists topics', async () => {
      await using client = new KafkaClient({
        hosts: saslBootstrap,
        sasl: { mechanism, username: user.username, password: user.password },
      });
      await client.updateCluster();
      expect(client.topics.has(known)).toBe(true);
      expect(client.brokers.size).toBe(kafka.brokers.length);
      // The second refresh goes to a broker from metadata (its SASL listener), authenticating again.
      await client.updateCluster();
      expect([...client.brokers.values()].some((b) => b.connected)).toBe(true);
    });

    it('authenticates over TLS (SASL_SSL) and lists topics', async () => {
      await using client = new KafkaClient({
        hosts: saslSslBootstrap,
        ssl: { ca: readFileSync(caPemPath) },
        sasl: { mechanism, username: user.username, password: user.password },
      });
      await client.updateCluster();
      expect(client.topics.has(known)).toBe(true);
      expect(client.brokers.size).toBe(kafka.brokers.length);
    });

    it('rejects a wrong password with AuthenticationError carrying the broker error', async () => {
      const client = new KafkaClient({
        hosts: saslBootstrap,
        sasl: { mechanism, username: user.username, password: `${user.password}-wrong` },
        retry: { retries: 0 },
      });
      const error = await client.connect().catch((e: unknown) => e);
      await client.close();
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as AuthenticationError).retriable).toBe(false);
      expect(((error as Error).cause as { errorName?: string }).errorName).toBe('SASL_AUTHENTICATION_FAILED');
    });
  });

  it('connects over TLS with the cluster CA and lists topics', async () => {
    await using client = new KafkaClient({ hosts: sslBootstrap, ssl: { ca: readFileSync(caPemPath) } });
    await client.updateCluster();
    expect(client.brokers.size).toBe(kafka.brokers.length);
    expect(client.topics.has(known)).toBe(true);
  });

  it('refuses a broker certificate that does not verify with TlsError', async () => {
    const client = new KafkaClient({ hosts: sslBootstrap, ssl: true, socketTimeoutMs: 10_000 });
    const error = await client.connect().catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(TlsError);
    expect((error as Error).message).toMatch(/certificate|self.signed|verify/i);
  });
});
