import { type Cluster, type Logger, UnknownTopicError } from '@tskafka/network';
import type { PartitionPlacement } from '../membership-protocols.js';
import type { ZooKeeperSession } from './zk-session.js';

/**
 * The topic's partitions and their leaders, as the membership protocol needs them, and the
 * notices that they changed: ZooKeeper watches on `/brokers/ids`, `/brokers/topics` and the
 * topic's node when the ZooKeeper is the Kafka cluster's own (PyKafka's watches), and a periodic
 * metadata check always (the only source with a KRaft cluster, whose ZooKeeper has no `/brokers`).
 */
/** Delay of the metadata check that follows a ZooKeeper notice about the brokers or the topic. */
const RECHECK_MS = 1_000;

export class TopicPartitions {
  readonly #cluster: Cluster;
  readonly #topic: string;
  readonly #onChange: () => void;
  readonly #logger: Logger;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | null = null;
  #polling = false;
  /** The placements the last decision used, as one string. */
  #used = '';
  #recheck: NodeJS.Timeout | null = null;
  #stopped = false;
  readonly #watcher = (): void => {
    if (this.#stopped) return;
    this.#onChange();
    // ZooKeeper changes before the brokers' metadata does: look again in a moment.
    if (this.#recheck !== null) clearTimeout(this.#recheck);
    this.#recheck = setTimeout(() => {
      this.#recheck = null;
      void this.#poll();
    }, RECHECK_MS);
  };

  constructor(cluster: Cluster, topic: string, intervalMs: number, onChange: () => void, logger: Logger) {
    this.#cluster = cluster;
    this.#topic = topic;
    this.#intervalMs = intervalMs;
    this.#onChange = onChange;
    this.#logger = logger;
  }

  /**
   * The topic's partitions with their leaders, from fresh metadata when `refresh` (or when none is
   * cached). Remembered as what the current decision is based on.
   * @throws {UnknownTopicError} when the cluster has no such topic
   */
  async read(refresh: boolean, signal: AbortSignal): Promise<PartitionPlacement[]> {
    const cached = this.#cluster.metadata?.topics.get(this.#topic);
    const topic =
      refresh || cached === undefined
        ? (await this.#cluster.refresh([this.#topic], signal)).topics.get(this.#topic)
        : cached;
    if (topic === undefined) throw new UnknownTopicError(this.#topic);
    const placements = [...topic.partitions.values()]
      .map((p) => ({ topic: this.#topic, id: p.id, leader: p.leader }))
      .sort((a, b) => a.id - b.id);
    this.#used = fingerprint(placements);
    return placements;
  }

  /**
   * Sets (again: ZooKeeper watches fire once) the watches on the cluster's `/brokers` nodes when
   * this ZooKeeper has them. Returns false when it has none (KRaft, or a ZooKeeper of its own).
   */
  async watchBrokers(session: ZooKeeperSession): Promise<boolean> {
    if ((await session.children('/brokers/ids', this.#watcher)) === null) return false;
    await session.children('/brokers/topics', this.#watcher);
    await session.data(`/brokers/topics/${this.#topic}`, this.#watcher);
    return true;
  }

  /** Starts the periodic metadata check: a change of partitions or leaders calls `onChange`. */
  startPolling(): void {
    this.#timer ??= setInterval(() => void this.#poll(), this.#intervalMs);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) clearInterval(this.#timer);
    if (this.#recheck !== null) clearTimeout(this.#recheck);
    this.#timer = null;
    this.#recheck = null;
  }

  async #poll(): Promise<void> {
    if (this.#polling) return;
    this.#polling = true;
    try {
      const topic = (await this.#cluster.refresh([this.#topic])).topics.get(this.#topic);
      const now = topic === undefined ? '' : fingerprint([...topic.partitions.values()]);
      if (this.#timer !== null && topic !== undefined && now !== this.#used) {
        this.#logger.info({ topic: this.#topic }, 'partitions or leaders changed: rebalancing');
        this.#onChange();
      }
    } catch (error) {
      this.#logger.debug({ topic: this.#topic, error }, 'partition check failed; next one later');
    } finally {
      this.#polling = false;
    }
  }
}

function fingerprint(placements: readonly { id: number; leader: number }[]): string {
  return placements
    .map((p) => `${p.leader}-${p.id}`)
    .sort()
    .join(',');
}
