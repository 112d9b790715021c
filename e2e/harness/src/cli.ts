#!/usr/bin/env node
// `pnpm kafka up|down|status`: a local Kafka for development that outlives the command starting it.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { attachKafka } from './cluster-control.js';
import type { KafkaClusterInfo } from './cluster-info.js';
import { launchKafka } from './kafka.js';
import { cacheRoot } from './paths.js';
import { kafkaLine } from './versions.js';
import { fetchMetadata } from './wire.js';

const USAGE = `usage:
  pnpm kafka up [--version 3.9|4] [--brokers N] [--sasl] [--ssl]   start a cluster in the background
  pnpm kafka status                                                 show what runs and whether it answers
  pnpm kafka down                                                   stop it and delete its data`;

/** Where `up` records what it started: `$TSKAFKA_DEV_STATE`, else in the cache root. */
const statePath = () => process.env.TSKAFKA_DEV_STATE ?? join(cacheRoot(), 'dev-cluster.json');

function readState(): KafkaClusterInfo | undefined {
  return existsSync(statePath())
    ? (JSON.parse(readFileSync(statePath(), 'utf8')) as KafkaClusterInfo)
    : undefined;
}

function describe(info: KafkaClusterInfo): string {
  const lines = [`Kafka ${info.kafkaVersion} (${info.mode}), ${info.brokers.length} broker(s)`];
  lines.push(`  bootstrap (PLAINTEXT):      ${info.bootstrap}`);
  if (info.saslBootstrap) {
    const users = info.saslUsers.map((u) => `${u.username}/${u.password}`).join(', ');
    lines.push(
      `  bootstrap (SASL_PLAINTEXT): ${info.saslBootstrap}  users ${users} (PLAIN, SCRAM-SHA-256/512)`,
    );
  }
  if (info.sslBootstrap)
    lines.push(`  bootstrap (SSL):            ${info.sslBootstrap}  CA ${info.caPemPath}`);
  if (info.zookeeperConnect) lines.push(`  ZooKeeper:                  ${info.zookeeperConnect}`);
  lines.push(`  logs:                       ${info.logDir}/<node>/server.log`);
  return lines.join('\n');
}

async function up(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      version: { type: 'string', default: '4' },
      brokers: { type: 'string', default: '1' },
      sasl: { type: 'boolean', default: false },
      ssl: { type: 'boolean', default: false },
    },
  });
  const running = readState();
  if (running && attachKafka(running).brokers.some((b) => attachKafka(running).isRunning(b.id))) {
    console.error(`a dev cluster is already running (pnpm kafka down first):\n${describe(running)}`);
    return 1;
  }
  const started = performance.now();
  const info = await launchKafka(
    {
      version: kafkaLine(values.version).name,
      brokers: Number(values.brokers),
      sasl: values.sasl,
      ssl: values.ssl,
    },
    'dev',
  );
  mkdirSync(dirname(statePath()), { recursive: true });
  writeFileSync(statePath(), JSON.stringify(info, null, 2));
  console.log(
    `${describe(info)}\nready in ${((performance.now() - started) / 1000).toFixed(1)} s; stop with: pnpm kafka down`,
  );
  return 0;
}

async function status(): Promise<number> {
  const info = readState();
  if (info === undefined) {
    console.log('no dev cluster (start one with: pnpm kafka up)');
    return 3;
  }
  const cluster = attachKafka(info);
  console.log(describe(info));
  let healthy = true;
  for (const b of info.brokers) {
    const answer = await fetchMetadata(b.port, 2000).then(
      (md) => `answers, sees brokers [${md.brokers.map((x) => x.id).join(',')}]`,
      (err: Error) => `does not answer (${err.message})`,
    );
    const running = cluster.isRunning(b.id);
    healthy &&= running && answer.startsWith('answers');
    console.log(`  broker ${b.id} on ${b.host}:${b.port}: ${running ? 'running' : 'not running'}, ${answer}`);
  }
  return healthy ? 0 : 1;
}

async function down(): Promise<number> {
  const info = readState();
  if (info === undefined) {
    console.log('no dev cluster');
    return 0;
  }
  await attachKafka(info).stop();
  rmSync(statePath(), { force: true });
  console.log(`stopped Kafka ${info.kafkaVersion} and removed ${info.runDir}`);
  return 0;
}

const [command, ...rest] = process.argv.slice(2);
const commands: Record<string, () => Promise<number>> = { up: () => up(rest), status, down };
const run = command === undefined ? undefined : commands[command];
if (run === undefined) {
  console.error(USAGE);
  process.exitCode = 2;
} else {
  try {
    process.exitCode = await run();
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  }
}
