import {
  type ClusterOptions,
  ConfigurationError,
  type HostPort,
  type Logger,
  type RetryOptions,
  type SaslOptions,
  silentLogger,
  type TlsOptions,
  validateSasl,
} from '@tskafka/network';

/**
 * Options of {@link KafkaClient}. Each PyKafka `KafkaClient` argument that still means something
 * has a camelCase twin here (see the table in the package README); defaults are PyKafka's.
 */
export interface KafkaClientOptions {
  /**
   * Bootstrap brokers: `'host:port,host:port'` or an array of `'host:port'` / `{ host, port }`.
   * `[::1]:9092` is accepted for IPv6. Default `'127.0.0.1:9092'`.
   */
  hosts?: string | readonly (string | HostPort)[];
  /** `client_id` sent with every request. Default `'tskafka'`. */
  clientId?: string;
  /** Limit on connecting to a broker and on each request's round trip, ms. Default 30 000. */
  socketTimeoutMs?: number;
  /** Request timeout for offset commit/fetch connections (used by consumers), ms. Default 10 000. */
  offsetsChannelSocketTimeoutMs?: number;
  /** Hide topics whose names start with `__` from `client.topics`. Default true. */
  excludeInternalTopics?: boolean;
  /** Local address to bind sockets to: `'host'` or `'host:port'`. Default: any. */
  sourceAddress?: string;
  /** TLS: `tls.connect` options (`ca`, `cert`, `key`, `servername`, ...) or `true` for Node's defaults. */
  ssl?: TlsOptions | boolean;
  /** SASL credentials (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512). */
  sasl?: SaslOptions;
  /** Requests pipelined per connection before more wait. Default 100. */
  maxInFlightRequests?: number;
  /** Let a metadata request create a missing topic (needs broker `auto.create.topics.enable`). Default false. */
  autoCreateTopics?: boolean;
  /** Backoff policy for retriable failures. Defaults: 5 retries, 100 ms doubling to 10 s, 20 % jitter. */
  retry?: RetryOptions;
  /** Structured logger (pino-compatible). Default silent. */
  logger?: Logger;
  /**
   * PyKafka's `zookeeper_hosts`: the ZooKeeper connect string `topic.getBalancedConsumer()` uses
   * when its options name none. Brokers are still found through `hosts` (a KRaft cluster has no
   * broker registry in ZooKeeper). Default none.
   */
  zookeeperHosts?: string;
}

/** {@link KafkaClientOptions} after validation, with defaults filled in. */
export interface ResolvedClientOptions {
  readonly cluster: ClusterOptions;
  readonly excludeInternalTopics: boolean;
  readonly offsetsChannelSocketTimeoutMs: number;
  readonly zookeeperHosts: string | undefined;
}

const DEFAULT_HOSTS = '127.0.0.1:9092';

function parseHostPort(entry: string | HostPort, option: string): HostPort {
  if (typeof entry !== 'string') {
    if (typeof entry?.host !== 'string' || entry.host === '')
      throw new ConfigurationError(option, 'host must be a non-empty string');
    return { host: entry.host, port: checkPort(entry.port, option) };
  }
  const text = entry.trim();
  const match = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:/\s]+):(\d+)(?:\/.*)?$/.exec(text);
  if (match === null) throw new ConfigurationError(option, `'${entry}' is not host:port`);
  return { host: match[1] as string, port: checkPort(Number(match[2]), option) };
}

function checkPort(port: unknown, option: string): number {
  if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65_535) {
    throw new ConfigurationError(option, `port ${String(port)} is not in 1..65535`);
  }
  return port as number;
}

/** Parses a bootstrap list (comma-separated string or array); a ZooKeeper-style `/chroot` suffix is dropped. */
export function parseHosts(hosts: KafkaClientOptions['hosts'] = DEFAULT_HOSTS): HostPort[] {
  const entries = typeof hosts === 'string' ? hosts.split(',').filter((h) => h.trim() !== '') : hosts;
  if (!Array.isArray(entries) || entries.length === 0) {
    throw new ConfigurationError('hosts', 'at least one host:port is required');
  }
  return entries.map((entry) => parseHostPort(entry, 'hosts'));
}

function positiveInt(value: unknown, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) <= 0) {
    throw new ConfigurationError(option, `must be a positive integer, got ${String(value)}`);
  }
  return value as number;
}

function parseSourceAddress(source: string | undefined): { localAddress?: string } {
  if (source === undefined || source === '') return {};
  // A port would make every socket after the first fail with EADDRINUSE, so only the host is used.
  const host = /^\[([^\]]+)\](?::\d+)?$/.exec(source)?.[1] ?? source.replace(/:\d+$/, '');
  return { localAddress: host };
}

/** Validates options once, naming the faulty one, and resolves defaults. */
export function resolveClientOptions(options: KafkaClientOptions = {}): ResolvedClientOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError('options', 'KafkaClient options must be an object');
  }
  if (options.sasl !== undefined) validateSasl(options.sasl);
  if (options.clientId !== undefined && typeof options.clientId !== 'string') {
    throw new ConfigurationError('clientId', 'must be a string');
  }
  const zookeeperHosts = options.zookeeperHosts;
  if (zookeeperHosts !== undefined && (typeof zookeeperHosts !== 'string' || zookeeperHosts.trim() === '')) {
    throw new ConfigurationError(
      'zookeeperHosts',
      'must be a ZooKeeper connect string "host:port[,...][/chroot]"',
    );
  }
  const socketTimeoutMs = positiveInt(options.socketTimeoutMs, 'socketTimeoutMs', 30_000);
  const cluster: ClusterOptions = {
    bootstrap: parseHosts(options.hosts),
    clientId: options.clientId ?? 'tskafka',
    requestTimeoutMs: socketTimeoutMs,
    connectTimeoutMs: socketTimeoutMs,
    maxInFlight: positiveInt(options.maxInFlightRequests, 'maxInFlightRequests', 100),
    ssl: options.ssl,
    sasl: options.sasl,
    retry: options.retry,
    autoCreateTopics: options.autoCreateTopics ?? false,
    logger: options.logger ?? silentLogger,
    ...parseSourceAddress(options.sourceAddress),
  };
  return {
    cluster,
    excludeInternalTopics: options.excludeInternalTopics ?? true,
    offsetsChannelSocketTimeoutMs: positiveInt(
      options.offsetsChannelSocketTimeoutMs,
      'offsetsChannelSocketTimeoutMs',
      10_000,
    ),
    zookeeperHosts,
  };
}
