import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brokerConfig, type ListenerPorts, quorumVoters, type SaslUser } from './broker-config.js';
import { attachKafka, type KafkaCluster } from './cluster-control.js';
import { type BrokerInfo, bootstrapOf, type KafkaClusterInfo } from './cluster-info.js';
import { runCommand } from './command.js';
import { HarnessError } from './errors.js';
import { serverArgv, serverLogConfigFile, toolArgv } from './jvm.js';
import { resolveKafka } from './maven.js';
import { javaBin, launchNode, stopNodes } from './node-process.js';
import { freePorts, LOOPBACK } from './ports.js';
import { type Properties, renderProperties } from './properties.js';
import { createRunDir, keepRunDir, nodeDirs, reapLeftovers, releaseRunDir } from './run-dir.js';
import { type TlsMaterial, tlsMaterial } from './tls.js';
import { type KafkaLine, type KafkaLineName, kafkaLine } from './versions.js';
import { launchZooKeeper } from './zookeeper.js';

/** Options for {@link startKafka}. */
export interface StartKafkaOptions {
  /** Kafka line: `'3.9'` (ZooKeeper mode) or `'4'` (KRaft). Default `'4'`. */
  readonly version?: KafkaLineName;
  /** Number of brokers (KRaft: combined broker+controller nodes forming the quorum). Default 1. */
  readonly brokers?: number;
  /** Add a SASL_PLAINTEXT listener with PLAIN and SCRAM-SHA-256/512 users. Default false. */
  readonly sasl?: boolean;
  /**
   * Add an SSL listener with a self-signed certificate for 127.0.0.1. Default false. With `sasl` too,
   * a SASL_SSL listener (the same users over TLS) is added as well.
   */
  readonly ssl?: boolean;
  /** Extra broker settings, applied to every broker last (e.g. `{ 'connections.max.reauth.ms': 3000 }`). */
  readonly brokerProperties?: Properties;
  /** Broker heap in MiB (default 448). */
  readonly heapMb?: number;
  /** Extra broker JVM flags. */
  readonly jvmArgs?: readonly string[];
  /** Start-up timeout in ms (default 90 s, 150 s for several brokers). */
  readonly readyTimeoutMs?: number;
}

/** The SASL user every harness cluster accepts (PLAIN and both SCRAM mechanisms). */
export const DEFAULT_SASL_USERS: readonly SaslUser[] = [{ username: 'alice', password: 'alice-secret' }];

interface Plan {
  readonly line: KafkaLine & { readonly name: KafkaLineName };
  readonly lib: string;
  readonly runDir: string;
  readonly brokers: (BrokerInfo & { readonly ports: ListenerPorts })[];
  readonly saslUsers: readonly SaslUser[];
}

/** The requested broker count, checked before anything is created. */
function brokerCount(options: StartKafkaOptions): number {
  const count = options.brokers ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 9) {
    throw new HarnessError(`brokers must be an integer from 1 to 9, got ${count}`);
  }
  return count;
}

/** Allocates ports and folders for every broker. */
async function plan(options: StartKafkaOptions, runDir: string): Promise<Plan> {
  const line = kafkaLine(options.version ?? '4');
  const lib = await resolveKafka(line);
  const count = brokerCount(options);
  const saslSsl = options.sasl === true && options.ssl === true;
  const perBroker =
    1 + (line.mode === 'kraft' ? 1 : 0) + (options.sasl ? 1 : 0) + (options.ssl ? 1 : 0) + (saslSsl ? 1 : 0);
  const ports = await freePorts(count * perBroker);
  const take = () => ports.shift() as number;
  const brokers = Array.from({ length: count }, (_, i) => {
    const id = i + 1;
    const listenerPorts: ListenerPorts = {
      plaintext: take(),
      controller: line.mode === 'kraft' ? take() : undefined,
      sasl: options.sasl ? take() : undefined,
      ssl: options.ssl ? take() : undefined,
      saslSsl: saslSsl ? take() : undefined,
    };
    const dir = join(runDir, `broker-${id}`);
    mkdirSync(join(dir, 'data'), { recursive: true });
    const { plaintext: port, sasl: saslPort, ssl: sslPort, saslSsl: saslSslPort } = listenerPorts;
    return { id, host: LOOPBACK, port, saslPort, sslPort, saslSslPort, dir, ports: listenerPorts };
  });
  return { line, lib, runDir, brokers, saslUsers: options.sasl ? DEFAULT_SASL_USERS : [] };
}

/** Runs a Kafka tool from the line's jars and fails with its stderr when it fails. */
const tool = (p: Plan, main: readonly string[]) =>
  runCommand(javaBin(), toolArgv(p.line, p.lib, main), { timeoutMs: 90_000 });

/** The SCRAM credentials of every user in `[name=..,password=..]` form for each mechanism. */
const scramSpecs = (users: readonly SaslUser[]) =>
  users.flatMap((u) =>
    ['SCRAM-SHA-256', 'SCRAM-SHA-512'].map((m) => `${m}=[name=${u.username},password=${u.password}]`),
  );

/** ZooKeeper mode: SCRAM users go into ZooKeeper before any broker starts, so they exist from the start. */
async function addScramUsersViaZooKeeper(p: Plan, zookeeperConnect: string): Promise<void> {
  for (const u of p.saslUsers) {
    const config = ['SCRAM-SHA-256', 'SCRAM-SHA-512'].map((m) => `${m}=[password=${u.password}]`).join(',');
    await tool(p, [
      'kafka.admin.ConfigCommand',
      ...['--zookeeper', zookeeperConnect, '--alter', '--entity-type', 'users'],
      ...['--entity-name', u.username, '--add-config', config],
    ]);
  }
}

/** A KRaft cluster id: 16 random bytes in base64url, not starting with '-' (it would parse as a flag). */
function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Writes every broker's config, formats KRaft storage, and launches all nodes at once. */
async function launchBrokers(p: Plan, options: StartKafkaOptions, tls: TlsMaterial | undefined, zk?: string) {
  const voters = quorumVoters(p.brokers.map((b) => b.ports.controller ?? 0));
  const logConfig = serverLogConfigFile(p.runDir, p.line);
  const configs = p.brokers.map((b) => {
    const path = join(b.dir, 'server.properties');
    const props = brokerConfig({
      mode: p.line.mode,
      nodeId: b.id,
      ports: b.ports,
      dataDir: join(b.dir, 'data'),
      clusterSize: p.brokers.length,
      zookeeperConnect: zk,
      quorumVoters: p.line.mode === 'kraft' ? voters : undefined,
      saslUsers: p.saslUsers,
      keystore: tls?.keystore,
      overrides: options.brokerProperties,
    });
    writeFileSync(path, renderProperties(props));
    return path;
  });
  if (p.line.mode === 'kraft') {
    const id = clusterId();
    const scram = scramSpecs(p.saslUsers).flatMap((s) => ['--add-scram', s]);
    await Promise.all(
      configs.map((c) => tool(p, ['kafka.tools.StorageTool', 'format', '-t', id, '-c', c, ...scram])),
    );
  }
  const sizing = { heapMb: options.heapMb ?? 448, jvmArgs: options.jvmArgs };
  // All at once: a KRaft node cannot finish starting until a quorum of its peers runs.
  p.brokers.forEach((b, i) => {
    const argv = serverArgv(p.line, p.lib, logConfig, sizing, ['kafka.Kafka', configs[i] as string]);
    launchNode({ name: `broker-${b.id}`, dir: b.dir, argv });
  });
}

/**
 * Starts a cluster and returns its description once every broker answers metadata listing all the
 * brokers. On failure every node is stopped, the run dir is kept, and the error names its logs.
 */
export async function launchKafka(
  options: StartKafkaOptions,
  kind: 'owned' | 'dev',
): Promise<KafkaClusterInfo> {
  kafkaLine(options.version ?? '4');
  brokerCount(options);
  if (kind === 'owned') reapLeftovers();
  const runDir = createRunDir(kind);
  try {
    const p = await plan(options, runDir);
    const tlsPromise = options.ssl ? tlsMaterial() : Promise.resolve(undefined);
    tlsPromise.catch(() => {}); // awaited below; avoids an unhandled rejection while ZooKeeper starts
    let zookeeper: { dir: string; port: number } | undefined;
    if (p.line.mode === 'zookeeper') {
      zookeeper = await launchZooKeeper(runDir, 128, 30_000);
      if (p.saslUsers.length > 0) await addScramUsersViaZooKeeper(p, `${LOOPBACK}:${zookeeper.port}`);
    }
    const tls = await tlsPromise;
    const zookeeperConnect = zookeeper && `${LOOPBACK}:${zookeeper.port}`;
    await launchBrokers(p, options, tls, zookeeperConnect);
    const addresses = (port: (b: BrokerInfo) => number | undefined) =>
      bootstrapOf(
        LOOPBACK,
        p.brokers.map((b) => port(b) ?? 0),
      );
    const info: KafkaClusterInfo = {
      version: p.line.name,
      kafkaVersion: p.line.version,
      mode: p.line.mode,
      bootstrap: addresses((b) => b.port),
      saslBootstrap: options.sasl ? addresses((b) => b.saslPort) : undefined,
      sslBootstrap: options.ssl ? addresses((b) => b.sslPort) : undefined,
      saslSslBootstrap: options.sasl && options.ssl ? addresses((b) => b.saslSslPort) : undefined,
      brokers: p.brokers.map(({ ports: _, ...b }) => b),
      saslUsers: p.saslUsers,
      caPemPath: tls?.caPemPath,
      zookeeperConnect,
      zookeeperDir: zookeeper?.dir,
      runDir,
      logDir: runDir,
    };
    const timeout = options.readyTimeoutMs ?? (p.brokers.length > 1 ? 150_000 : 90_000);
    await attachKafka(info).waitForBrokers(undefined, timeout);
    return info;
  } catch (err) {
    await stopNodes(nodeDirs(runDir), 5000);
    keepRunDir(runDir);
    releaseRunDir(runDir);
    if (err instanceof HarnessError) err.message += `\nlogs kept in ${runDir}`;
    throw err;
  }
}

/**
 * Starts a Kafka cluster of real JVMs on free loopback ports, owned by this process: its nodes are
 * killed if the process exits without calling `stop()`.
 *
 * @example
 * const kafka = await startKafka({ version: '3.9', brokers: 3, sasl: true });
 * try { useBootstrap(kafka.bootstrap); } finally { await kafka.stop(); }
 */
export async function startKafka(options: StartKafkaOptions = {}): Promise<KafkaCluster> {
  return attachKafka(await launchKafka(options, 'owned'));
}
