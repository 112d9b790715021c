import { boolOption, ConfigurationError, intOption, type Logger, silentLogger } from '@tskafka/network';
import { CompressionCodec } from '@tskafka/protocol';
import { namedPartitioner, type Partitioner, type PartitionerName } from './partitioners.js';
import type { Serializer } from './serialize.js';

/** Codec names accepted by the `compression` option. */
export type CompressionName = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

/**
 * Options of a {@link Producer}. Each PyKafka `Producer` option that still means something keeps
 * its name in camelCase (table in the package README); defaults are given beside each.
 */
export interface ProducerOptions<V = unknown, K = unknown> {
  /** A built-in partitioner name or your own function. Default `'default'` (murmur2 for keyed, sticky for keyless). */
  partitioner?: PartitionerName | Partitioner;
  /** Codec of every batch. Default `'none'`. */
  compression?: CompressionName;
  /** Codec level (gzip 1-9, zstd 1-22). Default: the codec's own. */
  compressionLevel?: number;
  /** Resends of a batch after a retriable error (the first attempt not counted). Default 5. */
  maxRetries?: number;
  /** Wait before the first resend; doubles per attempt up to 10x this. Default 100. */
  retryBackoffMs?: number;
  /** 0 (no response), 1 (leader) or `'all'` / -1 (all in-sync replicas). Default `'all'`. */
  requiredAcks?: 0 | 1 | -1 | 'all';
  /** How long the broker may wait for replicas before answering (the request's timeout field). Default 10 000. */
  ackTimeoutMs?: number;
  /** Records queued and not yet acknowledged, at most. Default 100 000. */
  maxQueuedMessages?: number;
  /** Bytes of queued and not yet acknowledged records, at most. Default 32 MiB. */
  maxQueuedBytes?: number;
  /** Once this many records are queued, send without waiting for `lingerMs`. Default 70 000. */
  minQueuedMessages?: number;
  /** How long a batch may wait to fill before it is sent. Default 5. */
  lingerMs?: number;
  /** Target size of one partition's batch in bytes; a fuller batch is sent at once. Default 16 384. */
  batchSize?: number;
  /** When the queue is full: wait for room (true) or reject with `ProducerQueueFullError` (false). Default true. */
  blockOnQueueFull?: boolean;
  /** Cap on the records of one Produce request, bytes; a larger single record is refused. Default 1 000 012. */
  maxRequestSize?: number;
  /** Produce requests awaiting an answer from one broker, at most. Default 5. */
  maxInFlightRequestsPerBroker?: number;
  /**
   * Batches of one partition awaiting an answer, at most (also capped by
   * `maxInFlightRequestsPerBroker`). Default 1, or 5 for an idempotent producer, whose sequence
   * numbers keep the partition's order (5 at most: the broker de-duplicates the last 5 batches).
   * Above 1 without idempotence the next batch leaves before the broker answered the previous
   * one, which overlaps the client's and the broker's work (acks 1 and 0 gain most), at a price:
   * a batch resent after a retriable error may land after a later batch, as in Java's producer
   * with `max.in.flight.requests.per.connection` above 1 and idempotence off. Transactional
   * producers always send 1.
   */
  maxInFlightPerPartition?: number;
  /** Send each record alone and at once, one after the other (PyKafka's SyncProducer). Default false. */
  sync?: boolean;
  /** Keep a queue of `[message, error | null]` for {@link Producer.getDeliveryReport}. Default false. */
  deliveryReports?: boolean;
  /** Reports kept before the oldest is discarded (counted in `droppedDeliveryReports`). Default 100 000. */
  maxDeliveryReports?: number;
  /** How long `close()` waits for queued records to be acknowledged; -1 = forever. Default 5 000. */
  pendingTimeoutMs?: number;
  /** Turns a value and key into bytes: `(value, key) => [valueBytes, keyBytes]`. Default: none (bytes or strings expected). */
  serializer?: Serializer<V, K>;
  /** Idempotent producing (producer id + sequence numbers). Default: on when acks are `'all'` and the broker supports it. */
  idempotent?: boolean;
  /** Makes the producer transactional (implies idempotent and acks `'all'`). Default none. */
  transactionalId?: string;
  /** Broker-side transaction timeout. Default 60 000. */
  transactionTimeoutMs?: number;
  /** Logger for retries and failures. Default silent. */
  logger?: Logger;
}

/** Options with every default applied and every value checked. */
export interface ResolvedProducerOptions<V, K> {
  partitioner: Partitioner;
  compression: CompressionCodec;
  compressionLevel: number | undefined;
  maxRetries: number;
  retryBackoffMs: number;
  acks: 0 | 1 | -1;
  ackTimeoutMs: number;
  maxQueuedMessages: number;
  maxQueuedBytes: number;
  minQueuedMessages: number;
  lingerMs: number;
  batchSize: number;
  blockOnQueueFull: boolean;
  maxRequestSize: number;
  maxInFlight: number;
  /** As given; undefined picks the default (1, or 5 when idempotent). */
  maxInFlightPerPartition: number | undefined;
  sync: boolean;
  deliveryReports: boolean;
  maxDeliveryReports: number;
  pendingTimeoutMs: number;
  serializer: Serializer<V, K> | undefined;
  idempotent: boolean | undefined;
  transactionalId: string | undefined;
  transactionTimeoutMs: number;
  logger: Logger;
}

/** Batches per partition the broker remembers for de-duplicating an idempotent producer. */
export const IDEMPOTENT_WINDOW = 5;

const CODECS: Record<CompressionName, CompressionCodec> = {
  none: CompressionCodec.None,
  gzip: CompressionCodec.Gzip,
  snappy: CompressionCodec.Snappy,
  lz4: CompressionCodec.Lz4,
  zstd: CompressionCodec.Zstd,
};

const PARTITIONERS: readonly PartitionerName[] = [
  'default',
  'murmur2',
  'sticky',
  'round-robin',
  'random',
  'pykafka-hashing',
];

function resolveAcks(value: unknown): 0 | 1 | -1 {
  if (value === undefined || value === 'all' || value === -1) return -1;
  if (value === 0 || value === 1) return value;
  throw new ConfigurationError('requiredAcks', `expected 0, 1, -1 or 'all', got ${String(value)}`);
}

function resolvePartitioner(value: unknown, batchSize: number): Partitioner {
  if (typeof value === 'function') return value as Partitioner;
  const name = value ?? 'default';
  if (typeof name === 'string' && PARTITIONERS.includes(name as PartitionerName))
    return namedPartitioner(name as PartitionerName, batchSize);
  throw new ConfigurationError('partitioner', `expected a function or one of ${PARTITIONERS.join(', ')}`);
}

function resolveCodec(value: unknown): CompressionCodec {
  const codec = CODECS[(value ?? 'none') as CompressionName];
  if (codec === undefined)
    throw new ConfigurationError('compression', `expected one of ${Object.keys(CODECS).join(', ')}`);
  return codec;
}

/** `maxInFlightPerPartition` as given (undefined: the default), within what the mode allows. */
function resolvePerPartition(
  options: Pick<ProducerOptions, 'maxInFlightPerPartition' | 'idempotent'>,
  acks: number,
  transactionalId: string | undefined,
): number | undefined {
  if (options.maxInFlightPerPartition === undefined) return undefined;
  const n = intOption(options, 'maxInFlightPerPartition', 1, 1);
  if (n > 1 && transactionalId !== undefined)
    throw new ConfigurationError(
      'maxInFlightPerPartition',
      'a transactional producer sends 1 batch at a time',
    );
  const idempotent = options.idempotent ?? acks === -1;
  if (n > IDEMPOTENT_WINDOW && idempotent)
    throw new ConfigurationError(
      'maxInFlightPerPartition',
      `an idempotent producer has at most ${IDEMPOTENT_WINDOW} (the broker de-duplicates its last ${IDEMPOTENT_WINDOW} batches), got ${n}`,
    );
  return n;
}

/**
 * Checks every option once and fills in the defaults.
 * @throws {ConfigurationError} naming the first bad option and what it accepts.
 */
export function resolveProducerOptions<V, K>(
  options: ProducerOptions<V, K> = {},
): ResolvedProducerOptions<V, K> {
  const sync = boolOption(options, 'sync', false);
  const transactionalId = options.transactionalId;
  if (transactionalId !== undefined && (typeof transactionalId !== 'string' || transactionalId === ''))
    throw new ConfigurationError('transactionalId', 'expected a non-empty string');
  const acks = resolveAcks(options.requiredAcks);
  const idempotent = options.idempotent;
  if (idempotent !== undefined && typeof idempotent !== 'boolean')
    throw new ConfigurationError('idempotent', `expected a boolean, got ${String(idempotent)}`);
  if ((idempotent === true || transactionalId !== undefined) && acks !== -1)
    throw new ConfigurationError('requiredAcks', "idempotent and transactional producers need 'all'");
  if (transactionalId !== undefined && idempotent === false)
    throw new ConfigurationError('idempotent', 'a transactional producer is always idempotent');
  if (options.serializer !== undefined && typeof options.serializer !== 'function')
    throw new ConfigurationError('serializer', 'expected a function (value, key) => [value, key]');
  const batchSize = intOption(options, 'batchSize', 16_384, 1);
  const perPartition = resolvePerPartition(options, acks, transactionalId);
  const level = options.compressionLevel;
  if (level !== undefined && !Number.isSafeInteger(level))
    throw new ConfigurationError('compressionLevel', `expected an integer, got ${String(level)}`);
  return {
    partitioner: resolvePartitioner(options.partitioner, batchSize),
    compression: resolveCodec(options.compression),
    compressionLevel: level,
    maxRetries: intOption(options, 'maxRetries', 5, 0),
    retryBackoffMs: intOption(options, 'retryBackoffMs', 100, 0),
    acks,
    ackTimeoutMs: intOption(options, 'ackTimeoutMs', 10_000, 1),
    maxQueuedMessages: intOption(options, 'maxQueuedMessages', 100_000, 1),
    maxQueuedBytes: intOption(options, 'maxQueuedBytes', 32 * 1024 * 1024, 1),
    minQueuedMessages: sync ? 1 : intOption(options, 'minQueuedMessages', 70_000, 1),
    lingerMs: sync ? 0 : intOption(options, 'lingerMs', 5, 0),
    batchSize,
    blockOnQueueFull: boolOption(options, 'blockOnQueueFull', true),
    maxRequestSize: intOption(options, 'maxRequestSize', 1_000_012, 1),
    maxInFlight: intOption(options, 'maxInFlightRequestsPerBroker', 5, 1),
    maxInFlightPerPartition: perPartition,
    sync,
    deliveryReports: boolOption(options, 'deliveryReports', false),
    maxDeliveryReports: intOption(options, 'maxDeliveryReports', 100_000, 1),
    pendingTimeoutMs: intOption(options, 'pendingTimeoutMs', 5_000, 0, true),
    serializer: options.serializer,
    idempotent: transactionalId !== undefined ? true : idempotent,
    transactionalId,
    transactionTimeoutMs: intOption(options, 'transactionTimeoutMs', 60_000, 1),
    logger: options.logger ?? silentLogger,
  };
}
