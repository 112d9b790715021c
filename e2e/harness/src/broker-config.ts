import { LOOPBACK } from './ports.js';
import type { Properties } from './properties.js';
import type { MetadataMode } from './versions.js';

/** A SASL user the brokers accept with PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 alike. */
export interface SaslUser {
  readonly username: string;
  readonly password: string;
}

/** The SASL mechanisms every SASL listener enables. */
export const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;

/** Ports of one node's listeners; absent ones are not configured. */
export interface ListenerPorts {
  readonly plaintext: number;
  /** KRaft only: the controller quorum listener. */
  readonly controller?: number | undefined;
  readonly sasl?: number | undefined;
  readonly ssl?: number | undefined;
  /** SASL over TLS: present when a cluster has both SASL and SSL. */
  readonly saslSsl?: number | undefined;
}

/** The keystore a node's SSL listener serves. */
export interface KeystoreRef {
  readonly path: string;
  readonly password: string;
}

/** Everything that varies between the nodes and flavours of a test cluster. */
export interface BrokerConfigInput {
  readonly mode: MetadataMode;
  readonly nodeId: number;
  readonly ports: ListenerPorts;
  readonly dataDir: string;
  /** Number of brokers in the cluster: decides replication of internal topics. */
  readonly clusterSize: number;
  /** ZooKeeper mode: `host:port[/chroot]`. */
  readonly zookeeperConnect?: string | undefined;
  /** KRaft: `id@host:port,...` of every controller. */
  readonly quorumVoters?: string | undefined;
  readonly saslUsers?: readonly SaslUser[] | undefined;
  readonly keystore?: KeystoreRef | undefined;
  /** Extra broker settings applied last (e.g. `connections.max.reauth.ms`). */
  readonly overrides?: Properties | undefined;
}

/** `controller.quorum.voters` for nodes numbered 1..n with the given controller ports. */
export function quorumVoters(controllerPorts: readonly number[]): string {
  return controllerPorts.map((port, i) => `${i + 1}@${LOOPBACK}:${port}`).join(',');
}

/** The client-facing listeners of a node as `NAME://127.0.0.1:port`, in a fixed order. */
function clientListeners(ports: ListenerPorts): string[] {
  const listeners = [`PLAINTEXT://${LOOPBACK}:${ports.plaintext}`];
  if (ports.sasl !== undefined) listeners.push(`SASL_PLAINTEXT://${LOOPBACK}:${ports.sasl}`);
  if (ports.ssl !== undefined) listeners.push(`SSL://${LOOPBACK}:${ports.ssl}`);
  if (ports.saslSsl !== undefined) listeners.push(`SASL_SSL://${LOOPBACK}:${ports.saslSsl}`);
  return listeners;
}

/**
 * Settings that make a broker start fast, work on a single node and notice failures within seconds
 * (internal topics sized for tests, no initial rebalance delay, short session timeouts).
 */
function fastTestSettings(clusterSize: number, mode: MetadataMode): Properties {
  const rf = Math.min(clusterSize, 3);
  const minIsr = rf > 1 ? 2 : 1;
  const props: Properties = {
    'num.partitions': 1,
    'default.replication.factor': rf,
    'min.insync.replicas': minIsr,
    'auto.create.topics.enable': true,
    'delete.topic.enable': true,
    'group.initial.rebalance.delay.ms': 0,
    'group.min.session.timeout.ms': 1000,
    'offsets.topic.replication.factor': rf,
    'offsets.topic.num.partitions': 5,
    'transaction.state.log.replication.factor': rf,
    'transaction.state.log.min.isr': minIsr,
    'transaction.state.log.num.partitions': 5,
    'auto.leader.rebalance.enable': false,
    'replica.lag.time.max.ms': 10000,
    'num.network.threads': 2,
    'num.io.threads': 4,
    'num.recovery.threads.per.data.dir': 1,
    'background.threads': 2,
    // The cleaner allocates this buffer on the heap at start-up (128 MiB by default).
    'log.cleaner.dedupe.buffer.size': 33554432,
  };
  if (mode === 'zookeeper') {
    props['zookeeper.session.timeout.ms'] = 6000;
  } else {
    props['broker.session.timeout.ms'] = 4000;
    props['broker.heartbeat.interval.ms'] = 500;
    props['share.coordinator.state.topic.replication.factor'] = rf;
    props['share.coordinator.state.topic.min.isr'] = minIsr;
    props['group.consumer.min.session.timeout.ms'] = 1000;
    props['group.consumer.min.heartbeat.interval.ms'] = 500;
  }
  return props;
}

/**
 * SASL on the given listeners (`sasl_plaintext`, `sasl_ssl`): PLAIN users listed in JAAS, SCRAM users
 * stored in the cluster metadata.
 */
function saslSettings(users: readonly SaslUser[], listeners: readonly string[]): Properties {
  const plainUsers = users.map((u) => `user_${u.username}="${u.password}"`).join(' ');
  const plain = `org.apache.kafka.common.security.plain.PlainLoginModule required ${plainUsers};`;
  const scram = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';
  const props: Properties = { 'sasl.enabled.mechanisms': SASL_MECHANISMS.join(',') };
  for (const listener of listeners) {
    props[`listener.name.${listener}.plain.sasl.jaas.config`] = plain;
    props[`listener.name.${listener}.scram-sha-256.sasl.jaas.config`] = scram;
    props[`listener.name.${listener}.scram-sha-512.sasl.jaas.config`] = scram;
  }
  return props;
}

function sslSettings(keystore: KeystoreRef): Properties {
  return {
    'ssl.keystore.type': 'PKCS12',
    'ssl.keystore.location': keystore.path,
    'ssl.keystore.password': keystore.password,
    'ssl.key.password': keystore.password,
    'ssl.client.auth': 'none',
  };
}

/**
 * A node's `server.properties`. Inter-broker (and controller) traffic stays on PLAINTEXT, so brokers
 * need no credentials of their own. In KRaft every node is a combined broker+controller.
 */
export function brokerConfig(input: BrokerConfigInput): Properties {
  const { mode, ports } = input;
  const advertised = clientListeners(ports);
  const protocolMap = [
    'PLAINTEXT:PLAINTEXT',
    'SASL_PLAINTEXT:SASL_PLAINTEXT',
    'SSL:SSL',
    'SASL_SSL:SASL_SSL',
  ];
  const props: Properties = {};
  if (mode === 'zookeeper') {
    if (input.zookeeperConnect === undefined) throw new Error('ZooKeeper mode needs zookeeperConnect');
    props['broker.id'] = input.nodeId;
    props['zookeeper.connect'] = input.zookeeperConnect;
    props.listeners = advertised.join(',');
  } else {
    if (input.quorumVoters === undefined || ports.controller === undefined) {
      throw new Error('KRaft mode needs quorumVoters and a controller port');
    }
    props['process.roles'] = 'broker,controller';
    props['node.id'] = input.nodeId;
    props['controller.quorum.voters'] = input.quorumVoters;
    props['controller.listener.names'] = 'CONTROLLER';
    props.listeners = [...advertised, `CONTROLLER://${LOOPBACK}:${ports.controller}`].join(',');
    protocolMap.push('CONTROLLER:PLAINTEXT');
  }
  Object.assign(props, {
    'advertised.listeners': advertised.join(','),
    'listener.security.protocol.map': protocolMap.join(','),
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': input.dataDir,
    ...fastTestSettings(input.clusterSize, mode),
  });
  const saslListeners = [
    ...(ports.sasl !== undefined ? ['sasl_plaintext'] : []),
    ...(ports.saslSsl !== undefined ? ['sasl_ssl'] : []),
  ];
  if (saslListeners.length > 0) Object.assign(props, saslSettings(input.saslUsers ?? [], saslListeners));
  if (ports.ssl !== undefined || ports.saslSsl !== undefined) {
    if (input.keystore === undefined) throw new Error('an SSL listener needs a keystore');
    Object.assign(props, sslSettings(input.keystore));
  }
  return Object.assign(props, input.overrides);
}

/** `zoo.cfg` for a standalone ZooKeeper on loopback. A short tick allows short client sessions. */
export function zooConfig(dataDir: string, port: number): Properties {
  return {
    tickTime: 500,
    minSessionTimeout: 1000,
    maxSessionTimeout: 60000,
    dataDir,
    clientPort: port,
    clientPortAddress: LOOPBACK,
    maxClientCnxns: 0,
    // Otherwise the AdminServer tries to take port 8080.
    'admin.enableServer': false,
    '4lw.commands.whitelist': 'srvr,ruok,stat,mntr',
  };
}
