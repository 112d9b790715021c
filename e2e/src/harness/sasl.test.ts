import { type ClientSecurity, runKafkaTool, SASL_MECHANISMS, writeJavaClientConfig } from '@tskafka/harness';
import { describe, expect, it } from 'vitest';
import { type Flavour, flavours } from '../setup/clusters.js';
import { kcatBrokerIds } from '../setup/kcat.js';

const AUTH_FAILED = /Authentication failed|SASL authentication error/;

/**
 * Debian's kcat links librdkafka 2.0.2, whose SCRAM client repeats the client nonce in its final
 * message; Kafka 4.x checks the nonce strictly (RFC 5802) and refuses it (fixed in librdkafka
 * 2.6.1). On 4.x the SCRAM proofs therefore use Kafka's Java client; PLAIN uses kcat everywhere.
 */
const kcatCanScram = (kafka: Flavour) => kafka.version === '3.9';

let javaQueue: Promise<unknown> = Promise.resolve();

/**
 * Lists topics through Kafka's Java admin client; resolves with its exit code and stderr. The tests
 * below run concurrently (kcat waits out its timeout on a refusal), but their JVMs go one at a time:
 * several starting together starve a busy two-core machine.
 */
function javaList(kafka: Flavour, security: ClientSecurity) {
  const config = writeJavaClientConfig(kafka.runDir, security);
  const run = () =>
    runKafkaTool(
      kafka.version,
      'org.apache.kafka.tools.TopicCommand',
      ['--bootstrap-server', kafka.saslBootstrap ?? '', '--command-config', config, '--list'],
      { allowFailure: true, timeoutMs: 90_000 },
    );
  const result = javaQueue.then(run, run);
  javaQueue = result.catch(() => {});
  return result;
}

describe.concurrent.each(flavours())('SASL on $name', (kafka) => {
  const user = kafka.saslUsers[0];
  if (user === undefined || kafka.saslBootstrap === undefined)
    throw new Error('flavour started without SASL');
  const ids = kafka.brokers.map((b) => b.id);
  const sasl = (mechanism: (typeof SASL_MECHANISMS)[number], password: string): ClientSecurity => ({
    protocol: 'SASL_PLAINTEXT',
    mechanism,
    username: user.username,
    password,
  });

  describe.each(SASL_MECHANISMS)('%s', (mechanism) => {
    const viaKcat = mechanism === 'PLAIN' || kcatCanScram(kafka);

    it(`accepts the right password (${viaKcat ? 'kcat' : 'Java client'})`, async () => {
      if (viaKcat) {
        expect(await kcatBrokerIds(kafka.saslBootstrap ?? '', sasl(mechanism, user.password))).toEqual(ids);
      } else {
        const result = await javaList(kafka, sasl(mechanism, user.password));
        expect(result.stderr).not.toMatch(AUTH_FAILED);
        expect(result.code).toBe(0);
      }
    });

    it(`refuses a wrong password with an authentication error (${viaKcat ? 'kcat' : 'Java client'})`, async () => {
      if (viaKcat) {
        const failure = kcatBrokerIds(
          kafka.saslBootstrap ?? '',
          sasl(mechanism, `${user.password}-wrong`),
          5, // seconds: long enough for the refusal to arrive on a busy machine
        );
        await expect(failure).rejects.toThrow(AUTH_FAILED);
      } else {
        const result = await javaList(kafka, sasl(mechanism, `${user.password}-wrong`));
        expect(result.code).not.toBe(0);
        expect(result.stderr).toMatch(AUTH_FAILED);
      }
    });
  });
});
