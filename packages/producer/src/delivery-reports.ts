import type { ProduceRecord, RecordBytes } from '@tskafka/protocol';
import type { RecordMetadata, Reject, Resolve } from './batch.js';
import type { ProduceHeader } from './serialize.js';

/** A produced message as its delivery report describes it (serialized key and value). */
export interface DeliveredMessage {
  value: RecordBytes;
  partitionKey: RecordBytes;
  headers: readonly ProduceHeader[] | undefined;
  partition: number;
  /** -1n when the record failed or acks are 0. */
  offset: bigint;
  timestamp: number;
}

/** PyKafka's delivery report: the message and null on success, or the error it failed with. */
export type DeliveryReport = [message: DeliveredMessage, error: Error | null];

/**
 * A bounded FIFO of delivery reports. When it holds `capacity` reports the oldest is discarded
 * (and counted), so a producer whose reports nobody reads cannot grow without bound.
 */
export class DeliveryReportQueue {
  readonly #reports: DeliveryReport[] = [];
  #head = 0;
  readonly #waiters: ((report: DeliveryReport | undefined) => void)[] = [];
  /** Reports discarded because the queue was full. */
  dropped = 0;

  constructor(private readonly capacity: number) {}

  /** Reports waiting to be read. */
  get size(): number {
    return this.#reports.length - this.#head;
  }

  /** Adds a report, handing it straight to a waiting reader when there is one. */
  push(report: DeliveryReport): void {
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) {
      waiter(report);
      return;
    }
    if (this.size >= this.capacity) {
      this.#head++;
      this.dropped++;
    }
    this.#reports.push(report);
    if (this.#head > 1024 && this.#head * 2 > this.#reports.length) {
      this.#reports.splice(0, this.#head);
      this.#head = 0;
    }
  }

  /** The oldest report; waits up to `timeoutMs` (-1 = forever) and resolves undefined when none came. */
  take(timeoutMs: number): Promise<DeliveryReport | undefined> {
    if (this.size > 0) {
      const report = this.#reports[this.#head]!;
      this.#reports[this.#head++] = undefined as never;
      return Promise.resolve(report);
    }
    if (timeoutMs === 0) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter = (report: DeliveryReport | undefined) => {
        clearTimeout(timer);
        resolve(report);
      };
      this.#waiters.push(waiter);
      if (timeoutMs > 0)
        timer = setTimeout(() => {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          resolve(undefined);
        }, timeoutMs);
    });
  }

  /** Releases every waiting reader with undefined (on close). */
  release(): void {
    for (const waiter of this.#waiters.splice(0)) waiter(undefined);
  }
}

/**
 * Wraps a record's promise functions so that its outcome is also queued as a delivery report.
 * Returns the wrapped `[resolve, reject]`.
 */
export function reportingSettlers(
  reports: DeliveryReportQueue,
  record: ProduceRecord,
  partition: number,
  resolve: Resolve,
  reject: Reject,
): [Resolve, Reject] {
  const message = (offset: bigint, timestamp: number): DeliveredMessage => ({
    value: record.value,
    partitionKey: record.key ?? null,
    headers: record.headers as ProduceHeader[] | undefined,
    partition,
    offset,
    timestamp,
  });
  return [
    (m: RecordMetadata) => {
      reports.push([message(m.offset, m.timestamp), null]);
      resolve(m);
    },
    (e: Error) => {
      reports.push([message(-1n, record.timestamp as number), e]);
      reject(e);
    },
  ];
}
