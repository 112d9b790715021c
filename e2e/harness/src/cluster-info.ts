import type { SaslUser } from './broker-config.js';
import type { KafkaLineName, MetadataMode } from './versions.js';

/** One broker of a harness cluster; every address is 127.0.0.1. */
export interface BrokerInfo {
  /** `broker.id` / `node.id`, numbered from 1. */
  readonly id: number;
  readonly host: string;
  /** PLAINTEXT listener port. */
  readonly port: number;
  /** SASL_PLAINTEXT listener port, when SASL is enabled. */
  readonly saslPort?: number | undefined;
  /** SSL listener port, when SSL is enabled. */
  readonly sslPort?: number | undefined;
  /** SASL_SSL listener port, when both SASL and SSL are enabled. */
  readonly saslSslPort?: number | undefined;
  /** The node's folder in the run dir (config, data, `server.log`, pid). */
  readonly dir: string;
}

/**
 * Everything known about a running cluster, as plain JSON: it crosses from the vitest global setup to
 * test workers and into the dev command's state file. {@link attachKafka} turns it back into a handle.
 */
export interface KafkaClusterInfo {
  /** The short line name (`'3.9'`, `'4'`). */
  readonly version: KafkaLineName;
  /** The exact Kafka version running, e.g. `'4.3.1'`. */
  readonly kafkaVersion: string;
  readonly mode: MetadataMode;
  /** Comma-separated PLAINTEXT `host:port` of every broker. */
  readonly bootstrap: string;
  /** Comma-separated SASL_PLAINTEXT addresses, when SASL is enabled. */
  readonly saslBootstrap?: string | undefined;
  /** Comma-separated SSL addresses, when SSL is enabled. */
  readonly sslBootstrap?: string | undefined;
  /** Comma-separated SASL_SSL addresses, when both SASL and SSL are enabled. */
  readonly saslSslBootstrap?: string | undefined;
  readonly brokers: readonly BrokerInfo[];
  /** Users accepted on the SASL listener with PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 (empty without SASL). */
  readonly saslUsers: readonly SaslUser[];
  /** PEM of the CA that signed the brokers' certificate, when SSL is enabled. */
  readonly caPemPath?: string | undefined;
  /** ZooKeeper mode: the cluster's ZooKeeper, `127.0.0.1:<port>`. */
  readonly zookeeperConnect?: string | undefined;
  /** ZooKeeper mode: the ZooKeeper node folder. */
  readonly zookeeperDir?: string | undefined;
  /** The run dir holding every node's folder; deleted on a clean stop. */
  readonly runDir: string;
  /** Where the logs are (`<logDir>/<node>/server.log`); same as runDir. */
  readonly logDir: string;
}

/** A comma-separated bootstrap list of the given ports on loopback. */
export const bootstrapOf = (host: string, ports: readonly number[]): string =>
  ports.map((p) => `${host}:${p}`).join(',');
