import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { BalancedConsumer, type BalancedConsumerOptions } from '@tskafka/balanced';
import type { Cluster } from '@tskafka/network';
import zookeeper from 'node-zookeeper-client';
import { inject } from 'vitest';
import type { Flavour } from '../setup/clusters.js';

/** Short ZooKeeper sessions so a crashed or cut-off member's partitions move within seconds. */
export const SESSION_MS = 4_000;

/**
 * The ZooKeeper the consumers of a flavour use. 3.9: the cluster's own, as PyKafka is run (its
 * /brokers nodes are watched). 4.x (KRaft): a standalone one that only the consumers use
 * (partition changes come from metadata checks).
 */
export function zookeeperOf(kafka: Flavour): string {
  return kafka.zookeeperConnect ?? inject('zookeeperConnect');
}

/** A member with the suites' settings: short sessions, short backoff, auto-commit. */
export function zkMember(
  cluster: Cluster,
  zookeeperConnect: string,
  topic: string,
  group: string,
  extra: Partial<BalancedConsumerOptions> = {},
): BalancedConsumer {
  return new BalancedConsumer(cluster, topic, {
    consumerGroup: group,
    zookeeperConnect,
    zookeeperConnectionTimeoutMs: SESSION_MS,
    rebalanceBackoffMs: 500,
    autoCommitEnable: true,
    ...extra,
  });
}

/** Runs `use` with a fresh ZooKeeper client, then closes it and waits until its socket is gone. */
export async function withZooKeeper<T>(
  connect: string,
  use: (client: zookeeper.Client) => Promise<T>,
): Promise<T> {
  const client = zookeeper.createClient(connect, { sessionTimeout: 4_000, spinDelay: 100 });
  const connected = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ZooKeeper ${connect} did not answer`)), 4_000);
    client.once('connected', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  client.connect();
  try {
    await connected;
    return await use(client);
  } finally {
    const gone = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2_000);
      client.once('disconnected', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    client.close();
    await gone;
  }
}

const isNoNode = (error: unknown): boolean =>
  (error as { code?: number }).code === zookeeper.Exception.NO_NODE;

function children(client: zookeeper.Client, path: string): Promise<string[]> {
  return new Promise((resolve, reject) =>
    client.getChildren(path, (error, list) =>
      error && !isNoNode(error) ? reject(error) : resolve(list ?? []),
    ),
  );
}

/** Ownership read straight from ZooKeeper: partition id → owner consumer id (PyKafka's `<leader>-<partition>` nodes). */
export function readOwners(connect: string, group: string, topic: string): Promise<Map<number, string>> {
  return withZooKeeper(connect, async (client) => {
    const dir = `/consumers/${group}/owners/${topic}`;
    const owners = new Map<number, string>();
    for (const slug of await children(client, dir)) {
      const data = await new Promise<Buffer | null>((resolve) =>
        client.getData(`${dir}/${slug}`, (error, value) => resolve(error ? null : value)),
      );
      const partition = Number(slug.split('-')[1]);
      if (data !== null && owners.has(partition))
        throw new Error(`partition ${partition} has two ownership nodes`);
      if (data !== null) owners.set(partition, data.toString());
    }
    return owners;
  });
}

/** Creates an ephemeral node of `client`'s session (what a PyKafka member writes). */
export function createEphemeral(client: zookeeper.Client, path: string, data: string): Promise<void> {
  return new Promise((resolve, reject) =>
    client.create(path, Buffer.from(data), zookeeper.CreateMode.EPHEMERAL, (error) =>
      error ? reject(error) : resolve(),
    ),
  );
}

/** Member ids registered under `/consumers/<group>/ids`. */
export function readMembers(connect: string, group: string): Promise<string[]> {
  return withZooKeeper(connect, async (client) => (await children(client, `/consumers/${group}/ids`)).sort());
}

/** Sorted partition counts. */
export const sizes = (lists: readonly (readonly number[])[]): number[] =>
  lists.map((l) => l.length).sort((a, b) => a - b);

/**
 * Waits (bounded) until the `members` hold `expected` partition counts, disjoint and covering
 * `partitionCount` partitions, and ZooKeeper's ownership nodes name them as owners (of
 * `topicPartitions` nodes in all: members in other processes may own the rest). Returns the ms it took.
 */
export async function waitForOwnership(
  connect: string,
  group: string,
  topic: string,
  members: readonly BalancedConsumer[],
  expected: readonly number[],
  partitionCount: number,
  timeoutMs = 20_000,
  topicPartitions = partitionCount,
): Promise<number> {
  const started = performance.now();
  let last = '';
  while (performance.now() - started < timeoutMs) {
    const held = members.map((m) => m.partitions);
    const flat = held.flat();
    if (
      JSON.stringify(sizes(held)) === JSON.stringify(expected) &&
      new Set(flat).size === flat.length &&
      flat.length === partitionCount
    ) {
      const owners = await readOwners(connect, group, topic);
      const wrong = members.flatMap((m) => m.partitions.filter((p) => owners.get(p) !== m.consumerId));
      if (owners.size === topicPartitions && wrong.length === 0) return performance.now() - started;
      last = `ZooKeeper owners ${JSON.stringify([...owners])}`;
    } else last = `members hold ${JSON.stringify(held)}`;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${JSON.stringify(expected)} split within ${timeoutMs} ms: ${last}`);
}

/** A BalancedConsumer in a process of its own (to be SIGKILLed); resolves once it owns partitions. */
export async function memberProcess(
  bootstrap: string,
  zookeeperConnect: string,
  topic: string,
  group: string,
  timeoutMs: number,
): Promise<{ child: ChildProcess; consumerId: string }> {
  const script = fileURLToPath(new URL('./zookeeper-member-process.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    [script, bootstrap, zookeeperConnect, topic, group, String(timeoutMs)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    const match = /^ready (\S+) \d/.exec(line);
    if (match !== null) return { child, consumerId: match[1] ?? '' };
  }
  throw new Error('the member process ended before it owned partitions');
}

/**
 * A TCP relay to ZooKeeper that a test can break: `cut()` drops every connection and refuses new
 * ones (the client sees its connection close); `freeze()` keeps connections open but forwards
 * nothing (a frozen server or a network dropping packets: nobody notices from TCP alone);
 * `heal()` lets traffic through again.
 */
export class ZooKeeperRelay {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #mode: 'open' | 'cut' | 'frozen' = 'open';

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(target: string): Promise<ZooKeeperRelay> {
    const [host = '127.0.0.1', port = '2181'] = target.split(':');
    const server = createServer();
    const relay = new ZooKeeperRelay(server);
    server.on('connection', (socket) => relay.#accept(socket, host, Number(port)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return relay;
  }

  get connect(): string {
    const address = this.#server.address();
    return typeof address === 'object' && address !== null ? `127.0.0.1:${address.port}` : '';
  }

  cut(): void {
    this.#mode = 'cut';
    for (const socket of this.#sockets) socket.destroy();
  }

  freeze(): void {
    this.#mode = 'frozen';
    for (const socket of this.#sockets) socket.pause();
  }

  heal(): void {
    this.#mode = 'open';
    for (const socket of this.#sockets) socket.resume();
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(socket: Socket, host: string, port: number): void {
    if (this.#mode === 'cut') {
      socket.destroy();
      return;
    }
    const upstream = tcpConnect(port, host);
    for (const s of [socket, upstream]) {
      this.#sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => {
        this.#sockets.delete(s);
        socket.destroy();
        upstream.destroy();
      });
    }
    socket.pipe(upstream);
    upstream.pipe(socket);
    if (this.#mode === 'frozen') for (const s of [socket, upstream]) s.pause();
  }
}
