import type { ProduceRecord } from '@tskafka/protocol';

/** What the producer reports for an acknowledged record. */
export interface RecordMetadata {
  topic: string;
  partition: number;
  /** The record's offset; -1n when acks are 0 (the broker does not answer). */
  offset: bigint;
  /** The broker's append time when the topic uses LogAppendTime, else the record's create time. */
  timestamp: number;
}

/** Resolves the promise of one record. */
export type Resolve = (metadata: RecordMetadata) => void;
/** Rejects the promise of one record. */
export type Reject = (error: Error) => void;

/** Records bound for one partition, sent together as one record batch. */
export class Batch {
  readonly records: ProduceRecord[] = [];
  // Each record's promise functions in flat arrays, index for index with `records`: no
  // per-record object holding them (they live until the ack, so every object here is promoted).
  readonly resolves: Resolve[] = [];
  readonly rejects: Reject[] = [];
  /** Approximate encoded size of the records. */
  bytes = 0;
  /** Failed attempts so far. */
  attempts = 0;
  /** Sequence of the first record when idempotent; kept across resends so the broker can de-duplicate. */
  baseSequence = -1;
  /** Producer id and epoch the sequence belongs to. */
  producerId = -1n;
  producerEpoch = -1;
  /** Encoded bytes, kept for resends. */
  encoded: Buffer | null = null;
  /** Earliest time the batch may be sent again (after a retriable failure). */
  notBefore = 0;
  /** Position in the partition's send order, given when the batch first leaves. */
  order: number | undefined = undefined;
  /** Set on the halves of a batch split after MESSAGE_TOO_LARGE, so they are not merged again. */
  split = false;

  constructor(
    readonly partition: number,
    readonly createdAt: number,
  ) {}

  /** Whether records or other batches may still join: never sent, never split. */
  get mergeable(): boolean {
    return this.attempts === 0 && this.encoded === null && !this.split;
  }

  /** Moves every record of `other` (queued right behind this one) into this batch. */
  absorb(other: Batch): void {
    for (let i = 0; i < other.records.length; i++) {
      this.records.push(other.records[i]!);
      this.resolves.push(other.resolves[i]!);
      this.rejects.push(other.rejects[i]!);
    }
    this.bytes += other.bytes;
  }

  /**
   * Splits the batch in two halves (after the broker refused it as too large), keeping record
   * order; both halves are re-encoded, and sequence numbers are re-derived from the same base.
   */
  halve(): [Batch, Batch] {
    const middle = this.records.length >>> 1;
    const first = new Batch(this.partition, this.createdAt);
    const second = new Batch(this.partition, this.createdAt);
    for (let i = 0; i < this.records.length; i++) {
      const half = i < middle ? first : second;
      half.records.push(this.records[i]!);
      half.resolves.push(this.resolves[i]!);
      half.rejects.push(this.rejects[i]!);
    }
    first.bytes = Math.round((this.bytes * middle) / this.records.length);
    second.bytes = this.bytes - first.bytes;
    for (const half of [first, second]) {
      half.attempts = this.attempts;
      half.split = true;
      half.producerId = this.producerId;
      half.producerEpoch = this.producerEpoch;
      half.order = this.order;
    }
    if (this.baseSequence >= 0) {
      first.baseSequence = this.baseSequence;
      second.baseSequence = (this.baseSequence + middle) % 2 ** 31;
    }
    return [first, second];
  }

  /** Resolves every record with its offset (`baseOffset + index`). */
  succeed(topic: string, baseOffset: bigint, logAppendTime: number): void {
    const step = baseOffset >= 0n ? 1n : 0n;
    // A running sum: one bigint per record rather than BigInt(i) plus the sum.
    let offset = baseOffset >= 0n ? baseOffset : -1n;
    for (let i = 0; i < this.records.length; i++) {
      const timestamp = logAppendTime >= 0 ? logAppendTime : (this.records[i]!.timestamp as number);
      this.resolves[i]!({ topic, partition: this.partition, offset, timestamp });
      offset += step;
    }
  }

  /** Rejects every record with `error`. */
  fail(error: Error): void {
    for (const reject of this.rejects) reject(error);
  }
}
