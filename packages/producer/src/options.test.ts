import { ConfigurationError } from '@tskafka/network';
import { CompressionCodec } from '@tskafka/protocol';
import { describe, expect, it } from 'vitest';
import { resolveProducerOptions } from './options.js';

const optionOf = (make: () => unknown): string | undefined => {
  try {
    make();
  } catch (error) {
    if (error instanceof ConfigurationError) return error.option;
    throw error;
  }
  return undefined;
};

describe('resolveProducerOptions', () => {
  it('fills the documented defaults', () => {
    const o = resolveProducerOptions();
    expect(o).toMatchObject({
      compression: CompressionCodec.None,
      maxRetries: 5,
      retryBackoffMs: 100,
      acks: -1,
      ackTimeoutMs: 10_000,
      maxQueuedMessages: 100_000,
      maxQueuedBytes: 32 * 1024 * 1024,
      minQueuedMessages: 70_000,
      lingerMs: 5,
      batchSize: 16_384,
      blockOnQueueFull: true,
      maxRequestSize: 1_000_012,
      maxInFlight: 5,
      sync: false,
      deliveryReports: false,
      pendingTimeoutMs: 5_000,
      idempotent: undefined,
      transactionalId: undefined,
    });
    expect(typeof o.partitioner).toBe('function');
  });

  it('sync mode sends each record at once', () => {
    expect(resolveProducerOptions({ sync: true, lingerMs: 500, minQueuedMessages: 9 })).toMatchObject({
      lingerMs: 0,
      minQueuedMessages: 1,
    });
  });

  it('maps codec names and acks spellings', () => {
    expect(resolveProducerOptions({ compression: 'zstd' }).compression).toBe(CompressionCodec.Zstd);
    expect(resolveProducerOptions({ requiredAcks: 'all' }).acks).toBe(-1);
    expect(resolveProducerOptions({ requiredAcks: 0 }).acks).toBe(0);
    expect(resolveProducerOptions({ transactionalId: 't' }).idempotent).toBe(true);
  });

  it('names the bad option', () => {
    expect(optionOf(() => resolveProducerOptions({ lingerMs: -1 }))).toBe('lingerMs');
    expect(optionOf(() => resolveProducerOptions({ batchSize: 1.5 }))).toBe('batchSize');
    expect(optionOf(() => resolveProducerOptions({ maxQueuedMessages: 0 }))).toBe('maxQueuedMessages');
    expect(optionOf(() => resolveProducerOptions({ compression: 'brotli' as never }))).toBe('compression');
    expect(optionOf(() => resolveProducerOptions({ requiredAcks: 2 as never }))).toBe('requiredAcks');
    expect(optionOf(() => resolveProducerOptions({ partitioner: 'hash' as never }))).toBe('partitioner');
    expect(optionOf(() => resolveProducerOptions({ blockOnQueueFull: 'yes' as never }))).toBe(
      'blockOnQueueFull',
    );
    expect(optionOf(() => resolveProducerOptions({ serializer: 'json' as never }))).toBe('serializer');
    expect(optionOf(() => resolveProducerOptions({ transactionalId: '' }))).toBe('transactionalId');
    expect(optionOf(() => resolveProducerOptions({ idempotent: true, requiredAcks: 1 }))).toBe(
      'requiredAcks',
    );
    expect(optionOf(() => resolveProducerOptions({ transactionalId: 't', idempotent: false }))).toBe(
      'idempotent',
    );
    expect(optionOf(() => resolveProducerOptions({ pendingTimeoutMs: -2 }))).toBe('pendingTimeoutMs');
    expect(optionOf(() => resolveProducerOptions({ maxInFlightPerPartition: 0 }))).toBe(
      'maxInFlightPerPartition',
    );
    // Idempotent (acks 'all' by default): the broker de-duplicates only the last 5 batches.
    expect(optionOf(() => resolveProducerOptions({ maxInFlightPerPartition: 6 }))).toBe(
      'maxInFlightPerPartition',
    );
    expect(optionOf(() => resolveProducerOptions({ transactionalId: 't', maxInFlightPerPartition: 2 }))).toBe(
      'maxInFlightPerPartition',
    );
    expect(
      resolveProducerOptions({ requiredAcks: 1, maxInFlightPerPartition: 8 }).maxInFlightPerPartition,
    ).toBe(8);
    expect(resolveProducerOptions().maxInFlightPerPartition).toBeUndefined();
    expect(resolveProducerOptions({ pendingTimeoutMs: -1 }).pendingTimeoutMs).toBe(-1);
  });
});
