import { type KafkaCluster, type KafkaLineName, startKafka } from '@tskafka/harness';
import { KafkaClient, sleep, traceRequests } from 'tskafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// KIP-368 against real brokers whose SASL sessions last 2 s (`connections.max.reauth.ms`): the
// client must authenticate again on the same socket before the broker would cut it off.

const LIFETIME_MS = 2000;
const SASL_AUTHENTICATE = 36;

describe.each(['3.9', '4'] as KafkaLineName[])('KIP-368 re-authentication on Kafka %s', (version) => {
  let kafka: KafkaCluster;
  beforeAll(async () => {
    kafka = await startKafka({
      version,
      sasl: true,
      brokerProperties: { 'connections.max.reauth.ms': LIFETIME_MS },
    });
  });
  afterAll(async () => {
    await kafka?.stop();
  });

  it.each(['PLAIN', 'SCRAM-SHA-512'] as const)(
    '%s: one connection outlives several session lifetimes by re-authenticating',
    async (mechanism) => {
      const user = kafka.saslUsers[0]!;
      const authentications: string[] = [];
      const stop = traceRequests({
        asyncEnd: (ctx) => {
          if (ctx.apiKey === SASL_AUTHENTICATE) authentications.push(ctx.broker);
        },
      });
      try {
        await using client = new KafkaClient({
          hosts: kafka.saslBootstrap!,
          sasl: { mechanism, username: user.username, password: user.password },
        });
        await client.connect();
        const [broker] = client.brokers.values();
        const connection = await broker!.connection();
        const before = authentications.length;
        // 4 lifetimes of steady traffic on that connection.
        for (const deadline = Date.now() + 4 * LIFETIME_MS; Date.now() < deadline; ) {
          await client.updateCluster();
          await sleep(250);
        }
        expect(await broker!.connection()).toBe(connection);
        expect(connection.closed).toBe(false);
        // SCRAM takes two SaslAuthenticate round trips per authentication, PLAIN one.
        const perAuthentication = mechanism === 'PLAIN' ? 1 : 2;
        expect((authentications.length - before) / perAuthentication).toBeGreaterThanOrEqual(3);
      } finally {
        stop();
      }
    },
  );
});
