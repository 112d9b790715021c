import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type KafkaCluster,
  type KafkaClusterInfo,
  reapLeftovers,
  startKafka,
  startZooKeeper,
  type ZooKeeper,
} from '@tskafka/harness';
import type { TestProject } from 'vitest/node';
import { cliFilters, flavoursUsedBy, readSources } from './flavour-usage.js';
import { type FlavourName, selectedFlavours, startOptions } from './flavours.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Every running flavour's cluster, by flavour name (only the selected ones are present). */
    kafkaClusters: Partial<Record<FlavourName, KafkaClusterInfo>>;
    /** `127.0.0.1:<port>` of a standalone ZooKeeper (for ZooKeeper-balanced consumers). */
    zookeeperConnect: string;
  }
}

/**
 * The flavours this run needs: those named in `TSKAFKA_FLAVOURS` if set, else those the selected test
 * files (and shared helpers) ask for, so running one file starts only what it uses.
 */
async function flavoursForRun(project: TestProject): Promise<FlavourName[]> {
  if (process.env.TSKAFKA_FLAVOURS?.trim()) return selectedFlavours();
  const { testFiles: every } = await project.globTestFiles();
  const filters = cliFilters(process.argv, every);
  const { testFiles } = filters.length > 0 ? await project.globTestFiles(filters) : { testFiles: every };
  const src = join(project.config.root, 'src');
  const helpers = readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('setup'))
    .map((f) => join(src, f));
  // The setup folder's own tests mention flavours only as data.
  const tests = testFiles.filter((f) => !f.startsWith(`${src}/setup/`));
  return flavoursUsedBy(readSources([...tests, ...helpers]));
}

/**
 * Starts each flavour the run needs once for the whole run, plus a standalone ZooKeeper, and stops
 * them all at the end. One cluster starts at a time, so start-up never has more than one cluster's
 * JVMs competing for the two cores.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const reaped = reapLeftovers();
  if (reaped > 0) console.warn(`harness: killed ${reaped} JVM(s) left over from an earlier run`);
  const clusters: KafkaCluster[] = [];
  let zookeeper: ZooKeeper | undefined;
  const teardown = async () => {
    await Promise.all([...clusters.map((c) => c.stop()), zookeeper?.stop()]);
    // Catches JVMs of test workers that died without running their exit hooks during this run.
    const orphans = reapLeftovers();
    if (orphans > 0) console.warn(`harness: killed ${orphans} JVM(s) whose test worker died`);
  };
  try {
    const infos: Partial<Record<FlavourName, KafkaClusterInfo>> = {};
    for (const name of await flavoursForRun(project)) {
      const started = performance.now();
      const cluster = await startKafka(startOptions(name));
      clusters.push(cluster);
      infos[name] = cluster.info;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        `harness: ${name} (Kafka ${cluster.kafkaVersion}) ready in ${seconds} s at ${cluster.bootstrap}`,
      );
    }
    zookeeper = await startZooKeeper();
    project.provide('kafkaClusters', infos);
    project.provide('zookeeperConnect', zookeeper.connect);
  } catch (err) {
    await teardown();
    throw err;
  }
  return teardown;
}
