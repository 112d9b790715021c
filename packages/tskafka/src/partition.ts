import { type Broker, EARLIEST_OFFSET, LATEST_OFFSET, listOffsets } from '@tskafka/network';
import type { Topic } from './topic.js';

/**
 * One partition of a {@link Topic}. Its leader, replicas and ISR are read from the client's
 * latest metadata each time, so they follow leader changes after a refresh.
 *
 * @example
 * ```ts
 * const p = topic.partitions.get(0)!;
 * console.log(p.leader.id, p.isr.map((b) => b.id), await p.latestAvailableOffset());
 * ```
 */
export class Partition {
  /** Partition id (0-based). */
  readonly id: number;
  /** The topic this partition belongs to. */
  readonly topic: Topic;

  /** @internal Created by {@link Topic}. */
  constructor(topic: Topic, id: number) {
    this.topic = topic;
    this.id = id;
  }

  /**
   * The leader broker per the latest metadata.
   * @throws {KafkaProtocolError} LEADER_NOT_AVAILABLE during an election (retriable).
   */
  get leader(): Broker {
    return this.topic.cluster.leaderFor(this.topic.name, this.id);
  }

  /** Brokers holding a replica (metadata order; replicas on brokers this client does not know are left out). */
  get replicas(): Broker[] {
    return this.#brokers(this.topic.cluster.partition(this.topic.name, this.id).replicas);
  }

  /** In-sync replicas. */
  get isr(): Broker[] {
    return this.#brokers(this.topic.cluster.partition(this.topic.name, this.id).isr);
  }

  /** The offset the next message appended to this partition will get (the high watermark). */
  async latestAvailableOffset(signal?: AbortSignal): Promise<bigint> {
    return this.#offset(LATEST_OFFSET, signal);
  }

  /** The offset of the oldest message still in this partition. */
  async earliestAvailableOffset(signal?: AbortSignal): Promise<bigint> {
    return this.#offset(EARLIEST_OFFSET, signal);
  }

  /** `topic/partition`, e.g. `orders/3`. */
  toString(): string {
    return `${this.topic.name}/${this.id}`;
  }

  async #offset(spec: number, signal?: AbortSignal): Promise<bigint> {
    const found = await listOffsets(this.topic.cluster, this.topic.name, [this.id], spec, { signal });
    return found.get(this.id)?.offset ?? 0n;
  }

  #brokers(ids: readonly number[]): Broker[] {
    const brokers = this.topic.cluster.brokers;
    return ids.flatMap((id) => {
      const broker = brokers.get(id);
      return broker === undefined ? [] : [broker];
    });
  }
}
