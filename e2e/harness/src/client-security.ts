import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SASL_MECHANISMS } from './broker-config.js';
import { type Properties, renderProperties } from './properties.js';

/** How an external client (kcat, Kafka's Java tools) connects to a harness listener. */
export type ClientSecurity =
  | { readonly protocol: 'PLAINTEXT' }
  | {
      readonly protocol: 'SASL_PLAINTEXT';
      readonly mechanism: (typeof SASL_MECHANISMS)[number];
      readonly username: string;
      readonly password: string;
    }
  /** Without `caPemPath` the client trusts only the system CAs, so the harness's certificate is refused. */
  | { readonly protocol: 'SSL'; readonly caPemPath?: string | undefined };

/** `-X key=value` arguments that make kcat (librdkafka) connect with the given security. */
export function kcatSecurityArgs(security: ClientSecurity): string[] {
  const settings: Record<string, string> = { 'security.protocol': security.protocol.toLowerCase() };
  if (security.protocol === 'SASL_PLAINTEXT') {
    settings['sasl.mechanisms'] = security.mechanism;
    settings['sasl.username'] = security.username;
    settings['sasl.password'] = security.password;
  } else if (security.protocol === 'SSL' && security.caPemPath !== undefined) {
    settings['ssl.ca.location'] = security.caPemPath;
  }
  return Object.entries(settings).flatMap(([k, v]) => ['-X', `${k}=${v}`]);
}

/** Java client properties for the given security (for `--command-config`, `--producer.config`, ...). */
export function javaClientProperties(security: ClientSecurity): Properties {
  const props: Properties = { 'security.protocol': security.protocol };
  if (security.protocol === 'SASL_PLAINTEXT') {
    const module =
      security.mechanism === 'PLAIN'
        ? 'org.apache.kafka.common.security.plain.PlainLoginModule'
        : 'org.apache.kafka.common.security.scram.ScramLoginModule';
    props['sasl.mechanism'] = security.mechanism;
    props['sasl.jaas.config'] =
      `${module} required username="${security.username}" password="${security.password}";`;
  } else if (security.protocol === 'SSL' && security.caPemPath !== undefined) {
    props['ssl.truststore.type'] = 'PEM';
    props['ssl.truststore.location'] = security.caPemPath;
  }
  return props;
}

let written = 0;

/** Writes {@link javaClientProperties} to a fresh file in `dir` and returns its path. */
export function writeJavaClientConfig(dir: string, security: ClientSecurity): string {
  const path = join(dir, `client-${process.pid}-${++written}.properties`);
  writeFileSync(path, renderProperties(javaClientProperties(security)));
  return path;
}
