import type { KafkaClusterInfo } from './cluster-info.js';
import { HarnessError } from './errors.js';
import { freezeNode, nodeRunning, relaunchNode, signalNode, stopNodes, waitStopped } from './node-process.js';
import { waitUntilReady } from './readiness.js';
import { releaseRunDir } from './run-dir.js';
import { fetchMetadata } from './wire.js';

/** A cluster plus the operations tests use for fault injection. Works from any process. */
export interface KafkaCluster extends KafkaClusterInfo {
  /** The plain-JSON description (for `provide`, state files, {@link attachKafka} elsewhere). */
  readonly info: KafkaClusterInfo;
  /** SIGKILL one broker and wait until its process is gone. */
  kill(id: number): Promise<void>;
  /** Stop one broker (if running) and start it again on the same ports and data; waits until it serves. */
  restart(id: number): Promise<void>;
  /** Freeze one broker with SIGSTOP (its sockets stay open but nothing answers); returns once every thread stopped. */
  pause(id: number): void;
  /** Unfreeze a paused broker with SIGCONT. */
  resume(id: number): void;
  /** Whether a broker's JVM is running (paused counts as running). */
  isRunning(id: number): boolean;
  /** Waits until a broker's metadata lists exactly the brokers `ids` (default: all). */
  waitForBrokers(ids?: readonly number[], timeoutMs?: number): Promise<void>;
  /** SIGTERM every node together (brokers before ZooKeeper), SIGKILL after a deadline, data removed. */
  stop(): Promise<void>;
}

/** Grace period for a clean shutdown before SIGKILL. */
const STOP_GRACE_MS = 15_000;

/** Reconstructs a cluster handle from its description; any process may control the cluster this way. */
export function attachKafka(info: KafkaClusterInfo): KafkaCluster {
  const broker = (id: number) => {
    const b = info.brokers.find((x) => x.id === id);
    if (b === undefined) throw new HarnessError(`no broker ${id} in this cluster`);
    return b;
  };
  const brokerDirs = info.brokers.map((b) => b.dir);

  const waitForBrokers = async (ids = info.brokers.map((b) => b.id), timeoutMs = 120_000) => {
    const want = [...ids].sort((a, b) => a - b).join(',');
    const live = info.brokers.filter((b) => ids.includes(b.id));
    await waitUntilReady(
      async () => {
        for (const b of live) {
          const md = await fetchMetadata(b.port);
          const got = md.brokers
            .map((x) => x.id)
            .sort((x, y) => x - y)
            .join(',');
          if (got !== want || md.controllerId < 0) return undefined;
        }
        return true;
      },
      { what: `brokers [${want}] of Kafka ${info.kafkaVersion}`, nodes: live.map((b) => b.dir), timeoutMs },
    );
  };

  return {
    ...info,
    info,
    waitForBrokers,
    async kill(id) {
      signalNode(broker(id).dir, 'SIGKILL');
      if (!(await waitStopped([broker(id).dir], 10_000)))
        throw new HarnessError(`broker ${id} survived SIGKILL`);
    },
    async restart(id) {
      const { dir } = broker(id);
      await stopNodes([dir], STOP_GRACE_MS);
      relaunchNode(dir);
      const running = info.brokers.filter((b) => b.id === id || nodeRunning(b.dir)).map((b) => b.id);
      await waitForBrokers(running);
    },
    pause(id) {
      if (!freezeNode(broker(id).dir)) throw new HarnessError(`broker ${id} is not running or did not stop`);
    },
    resume(id) {
      if (!signalNode(broker(id).dir, 'SIGCONT')) throw new HarnessError(`broker ${id} is not running`);
    },
    isRunning: (id) => nodeRunning(broker(id).dir),
    async stop() {
      await stopNodes(brokerDirs, STOP_GRACE_MS);
      if (info.zookeeperDir !== undefined) await stopNodes([info.zookeeperDir], 10_000);
      releaseRunDir(info.runDir);
    },
  };
}
