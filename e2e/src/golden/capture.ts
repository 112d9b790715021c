/**
 * Re-captures the protocol package's golden fixtures: request/response frames exchanged between real
 * brokers (Kafka 3.9 with ZooKeeper and 4.x KRaft, started by the harness) and independent clients
 * (kcat/librdkafka and Kafka's own Java tools), recorded by a proxy between them.
 *
 * Run: `pnpm --filter @tskafka/e2e golden:capture` (writes packages/protocol/fixtures/golden/).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type ClientSecurity,
  DEFAULT_SASL_USERS,
  type KafkaCluster,
  type KafkaLineName,
  kcat,
  kcatSecurityArgs,
  runKafkaTool,
  startKafka,
  writeJavaClientConfig,
} from '@tskafka/harness';
import { type GoldenFixture, goldenFileName } from './fixture.js';
import { type CapturedExchange, RecordingProxy } from './recording-proxy.js';

const OUT = resolve(import.meta.dirname, '../../../packages/protocol/fixtures/golden');

/** A client run that talks to the broker only through the proxies. */
interface Session {
  readonly client: 'kcat' | 'java';
  readonly what: string;
  /** Only against these broker lines (default: every line). */
  readonly lines?: readonly KafkaLineName[];
  run(proxy: Proxies): Promise<unknown>;
}

interface Proxies {
  readonly plaintext: string;
  readonly sasl: string;
  readonly topic: string;
  readonly version: KafkaLineName;
  /** A folder for client config files. */
  readonly scratch: string;
}

const SCRAM = ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
const alice = (mechanism: 'PLAIN' | (typeof SCRAM)[number]): ClientSecurity => ({
  protocol: 'SASL_PLAINTEXT',
  mechanism,
  ...DEFAULT_SASL_USERS[0]!,
});

const sessions: Session[] = [
  { client: 'kcat', what: 'metadata', run: (p) => kcat(['-b', p.plaintext, '-L']) },
  {
    client: 'java',
    what: 'create topic',
    run: (p) =>
      runKafkaTool(p.version, 'org.apache.kafka.tools.TopicCommand', [
        ...['--bootstrap-server', p.plaintext, '--create', '--topic', p.topic],
        ...['--partitions', '2', '--replication-factor', '1'],
      ]),
  },
  {
    client: 'kcat',
    what: 'produce',
    run: (p) =>
      kcat(['-b', p.plaintext, '-P', '-t', p.topic, '-p', '0', '-K', ':', '-H', 'trace=abc'], {
        input: 'k1:one\nk2:two\n',
      }),
  },
  {
    client: 'kcat',
    what: 'fetch',
    run: (p) => kcat(['-b', p.plaintext, '-C', '-t', p.topic, '-p', '0', '-o', 'beginning', '-c', '2', '-e']),
  },
  { client: 'kcat', what: 'offsets', run: (p) => kcat(['-b', p.plaintext, '-Q', '-t', `${p.topic}:0:-1`]) },
  {
    client: 'kcat',
    what: 'group',
    run: (p) =>
      kcat(['-b', p.plaintext, '-G', `golden-kcat-${p.version}`, '-o', 'beginning', '-c', '2', p.topic], {
        timeoutMs: 60_000,
      }),
  },
  {
    client: 'java',
    what: 'produce',
    run: (p) =>
      runKafkaTool(p.version, 'org.apache.kafka.tools.ProducerPerformance', [
        ...['--topic', p.topic, '--num-records', '5', '--record-size', '20', '--throughput', '-1'],
        ...['--producer-props', `bootstrap.servers=${p.plaintext}`, 'acks=all', 'linger.ms=0'],
      ]),
  },
  {
    client: 'java',
    what: 'group',
    run: (p) =>
      runKafkaTool(p.version, 'org.apache.kafka.tools.consumer.ConsoleConsumer', [
        ...['--bootstrap-server', p.plaintext, '--topic', p.topic, '--group', `golden-java-${p.version}`],
        ...['--from-beginning', '--max-messages', '4', '--timeout-ms', '30000'],
      ]),
  },
  {
    client: 'java',
    what: 'KIP-848 group',
    lines: ['4'],
    run: (p) =>
      runKafkaTool(p.version, 'org.apache.kafka.tools.consumer.ConsoleConsumer', [
        ...['--bootstrap-server', p.plaintext, '--topic', p.topic, '--group', `golden-848-${p.version}`],
        ...['--consumer-property', 'group.protocol=consumer'],
        ...['--from-beginning', '--max-messages', '4', '--timeout-ms', '30000'],
      ]),
  },
  {
    client: 'kcat',
    what: 'sasl PLAIN',
    run: (p) => kcat(['-b', p.sasl, ...kcatSecurityArgs(alice('PLAIN')), '-L']),
  },
  // Debian's librdkafka 2.0.2 SCRAM client is refused by 4.x brokers (see e2e/src/harness/sasl.test.ts),
  // so SCRAM frames come from Kafka's Java client on both lines.
  ...SCRAM.map(
    (mechanism): Session => ({
      client: 'java',
      what: `sasl ${mechanism}`,
      run: (p) =>
        runKafkaTool(p.version, 'org.apache.kafka.tools.TopicCommand', [
          ...['--bootstrap-server', p.sasl, '--list'],
          ...['--command-config', writeJavaClientConfig(p.scratch, alice(mechanism))],
        ]),
    }),
  ),
];

/** Starts one proxy per broker listener and points every proxy's address rewriting at all of them. */
async function proxiesFor(
  cluster: KafkaCluster,
): Promise<{ plaintext: RecordingProxy; sasl: RecordingProxy }> {
  const [broker] = cluster.brokers;
  if (!broker?.saslPort) throw new Error('capture needs a single broker with a SASL listener');
  const plaintext = await RecordingProxy.start({ host: broker.host, port: broker.port });
  const sasl = await RecordingProxy.start({ host: broker.host, port: broker.saslPort });
  const portMap = new Map([
    [broker.port, plaintext.port],
    [broker.saslPort, sasl.port],
  ]);
  plaintext.portMap = portMap;
  sasl.portMap = portMap;
  return { plaintext, sasl };
}

/** Keeps the first complete exchange of each (client, API key, version). */
function firstOfEach(
  client: string,
  exchanges: readonly CapturedExchange[],
  into: Map<string, GoldenFixture>,
) {
  for (const e of exchanges) {
    if (e.response === null) continue;
    const id = `${client}/${e.apiKey}/${e.apiVersion}`;
    if (!into.has(id)) {
      into.set(id, {
        client,
        apiKey: e.apiKey,
        apiVersion: e.apiVersion,
        request: e.request.toString('hex'),
        response: e.response.toString('hex'),
      });
    }
  }
}

async function captureLine(version: KafkaLineName): Promise<GoldenFixture[]> {
  const cluster = await startKafka({ version, sasl: true });
  const found = new Map<string, GoldenFixture>();
  try {
    const proxies = await proxiesFor(cluster);
    const address = (p: RecordingProxy) => `127.0.0.1:${p.port}`;
    const context: Proxies = {
      plaintext: address(proxies.plaintext),
      sasl: address(proxies.sasl),
      topic: `golden-${version.replace('.', '')}`,
      version,
      scratch: mkdtempSync(join(tmpdir(), 'tskafka-golden-')),
    };
    try {
      for (const session of sessions.filter((s) => s.lines?.includes(version) ?? true)) {
        proxies.plaintext.exchanges.length = 0;
        proxies.sasl.exchanges.length = 0;
        await session.run(context);
        firstOfEach(session.client, [...proxies.plaintext.exchanges, ...proxies.sasl.exchanges], found);
        console.log(`${version} ${session.client} ${session.what}: ${found.size} distinct exchanges so far`);
      }
    } finally {
      await proxies.plaintext.close();
      await proxies.sasl.close();
      rmSync(context.scratch, { recursive: true, force: true });
    }
    const fixtures = [...found.values()].map((f) => ({ ...f, kafkaVersion: cluster.kafkaVersion }));
    return fixtures.sort(
      (a, b) => a.client.localeCompare(b.client) || a.apiKey - b.apiKey || a.apiVersion - b.apiVersion,
    );
  } finally {
    await cluster.stop();
  }
}

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  for (const version of ['3.9', '4'] as const) {
    const fixtures = await captureLine(version);
    const dir = join(OUT, `kafka-${fixtures[0]?.kafkaVersion ?? version}`);
    mkdirSync(dir, { recursive: true });
    for (const fixture of fixtures) {
      writeFileSync(join(dir, goldenFileName(fixture)), `${JSON.stringify(fixture, null, 2)}\n`);
    }
    console.log(`kafka ${version}: wrote ${fixtures.length} fixtures to ${dir}`);
  }
}

await main();
