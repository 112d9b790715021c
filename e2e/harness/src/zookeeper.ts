import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zooConfig } from './broker-config.js';
import { HarnessError } from './errors.js';
import { serverArgv, serverLogConfigFile } from './jvm.js';
import { resolveKafka } from './maven.js';
import { launchNode, stopNodes } from './node-process.js';
import { freePorts, LOOPBACK } from './ports.js';
import { renderProperties } from './properties.js';
import { waitUntilReady } from './readiness.js';
import { createRunDir, keepRunDir, reapLeftovers, releaseRunDir } from './run-dir.js';
import { kafkaLine, ZOOKEEPER_LINE } from './versions.js';
import { zookeeperStatus } from './wire.js';

/** Options for {@link startZooKeeper}. */
export interface ZooKeeperOptions {
  /** Maximum heap in MiB (default 128). */
  readonly heapMb?: number;
  /** Start-up timeout in ms (default 30 s). */
  readonly readyTimeoutMs?: number;
}

/** A running standalone ZooKeeper. */
export interface ZooKeeper {
  /** `127.0.0.1:<port>`, for `zookeeper.connect` or a ZooKeeper client. */
  readonly connect: string;
  readonly port: number;
  /** The node folder (config, data, `server.log`). */
  readonly dir: string;
  /** SIGTERM, SIGKILL after 10 s, data removed. */
  stop(): Promise<void>;
}

/**
 * Launches ZooKeeper (the 3.8 server from the Kafka 3.9 jars) into `<runDir>/zookeeper` and waits
 * until `srvr` reports it serving. Used alone and under a 3.9 cluster.
 */
export async function launchZooKeeper(
  runDir: string,
  heapMb: number,
  readyTimeoutMs: number,
): Promise<{ dir: string; port: number }> {
  const line = kafkaLine(ZOOKEEPER_LINE);
  const lib = await resolveKafka(line);
  const dir = join(runDir, 'zookeeper');
  mkdirSync(join(dir, 'data'), { recursive: true });
  const [port] = await freePorts(1);
  if (port === undefined) throw new HarnessError('no free port');
  const cfg = join(dir, 'zoo.cfg');
  writeFileSync(cfg, renderProperties(zooConfig(join(dir, 'data'), port)));
  const main = ['org.apache.zookeeper.server.quorum.QuorumPeerMain', cfg];
  const argv = serverArgv(line, lib, serverLogConfigFile(runDir, line), { heapMb }, main);
  launchNode({ name: 'zookeeper', dir, argv });
  // `ruok` answers before the server serves; `srvr` reports the mode only once it does.
  await waitUntilReady(
    async () => ((await zookeeperStatus(port)).includes('Mode: standalone') ? true : undefined),
    { what: `ZooKeeper on port ${port}`, nodes: [dir], timeoutMs: readyTimeoutMs },
  );
  return { dir, port };
}

/** Starts a standalone ZooKeeper in its own run dir (for the ZooKeeper-balanced consumer tests). */
export async function startZooKeeper(options: ZooKeeperOptions = {}): Promise<ZooKeeper> {
  reapLeftovers();
  const runDir = createRunDir('owned');
  let launched: { dir: string; port: number };
  try {
    launched = await launchZooKeeper(runDir, options.heapMb ?? 128, options.readyTimeoutMs ?? 30_000);
  } catch (err) {
    await stopNodes([join(runDir, 'zookeeper')], 2000);
    keepRunDir(runDir);
    releaseRunDir(runDir);
    throw err;
  }
  const { dir, port } = launched;
  return {
    connect: `${LOOPBACK}:${port}`,
    port,
    dir,
    async stop() {
      await stopNodes([dir], 10_000);
      releaseRunDir(runDir);
    },
  };
}
