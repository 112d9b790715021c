import { describe, expect, it } from 'vitest';
import { javaClientProperties, kcatSecurityArgs } from './client-security.js';

const scram = {
  protocol: 'SASL_PLAINTEXT',
  mechanism: 'SCRAM-SHA-512',
  username: 'u',
  password: 'p',
} as const;

describe('client security settings', () => {
  it('maps SASL to librdkafka properties', () => {
    expect(kcatSecurityArgs(scram)).toEqual([
      ...['-X', 'security.protocol=sasl_plaintext', '-X', 'sasl.mechanisms=SCRAM-SHA-512'],
      ...['-X', 'sasl.username=u', '-X', 'sasl.password=p'],
    ]);
  });

  it('maps SASL to a Java JAAS line with the login module of the mechanism', () => {
    expect(javaClientProperties(scram)['sasl.jaas.config']).toBe(
      'org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="p";',
    );
    expect(javaClientProperties({ ...scram, mechanism: 'PLAIN' })['sasl.jaas.config']).toMatch(
      /^org\.apache\.kafka\.common\.security\.plain\.PlainLoginModule /,
    );
  });

  it('trusts the CA only when given one', () => {
    expect(kcatSecurityArgs({ protocol: 'SSL', caPemPath: '/ca.pem' })).toContain('ssl.ca.location=/ca.pem');
    expect(kcatSecurityArgs({ protocol: 'SSL' }).join(' ')).not.toContain('ssl.ca.location');
    expect(javaClientProperties({ protocol: 'SSL', caPemPath: '/ca.pem' })).toMatchObject({
      'ssl.truststore.type': 'PEM',
      'ssl.truststore.location': '/ca.pem',
    });
  });
});
