import { UnsupportedApiError } from '../errors.js';

/** What the table needs to know about one of our APIs: its key, name and the versions we implement. */
export interface ApiIdentity {
  readonly key: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
}

/** One entry of an ApiVersions response: the versions a broker serves for an API key. */
export interface BrokerApiRange {
  readonly apiKey: number;
  readonly minVersion: number;
  readonly maxVersion: number;
}

/**
 * Lowest versions worth sending whatever a broker advertises. 4.x brokers advertise Produce
 * from v0 but serve only v3+ (KAFKA-18659); every broker since 0.11 serves v3, so v3 is always safe.
 */
const VERSION_FLOORS: ReadonlyMap<number, number> = new Map([[0, 3]]);

/**
 * The versions one broker serves, as its ApiVersions response on this connection said. Picks,
 * per API, the highest version both sides support. Valid for that connection only: brokers of
 * one cluster may differ during a rolling upgrade.
 */
export class VersionTable {
  readonly #ranges: ReadonlyMap<number, BrokerApiRange>;

  constructor(ranges: Iterable<BrokerApiRange>) {
    this.#ranges = new Map([...ranges].map((range) => [range.apiKey, range]));
  }

  /** Whether some version of `api` can be used with this broker (within `max` when given). */
  supports(api: ApiIdentity, max?: number): boolean {
    return this.#choose(api, max) !== null;
  }

  /**
   * The highest version of `api` both sides support, no higher than `max` when given (a caller's
   * cap, e.g. transactional Produce without transactions V2).
   * @throws {UnsupportedApiError} naming the API and both ranges when there is none.
   */
  pick(api: ApiIdentity, max?: number): number {
    const version = this.#choose(api, max);
    if (version !== null) return version;
    const broker = this.#ranges.get(api.key);
    const theirs =
      broker === undefined ? 'does not serve it' : `serves v${broker.minVersion}-v${broker.maxVersion}`;
    const cap = max === undefined ? '' : ` (capped at v${max})`;
    throw new UnsupportedApiError(
      api.name,
      `no common version of ${api.name} (key ${api.key}): this client implements v${api.minVersion}-v${api.maxVersion}${cap}, the broker ${theirs}`,
    );
  }

  #choose(api: ApiIdentity, max: number | undefined): number | null {
    const broker = this.#ranges.get(api.key);
    if (broker === undefined) return null;
    const high = Math.min(api.maxVersion, broker.maxVersion, max ?? Number.POSITIVE_INFINITY);
    const low = Math.max(api.minVersion, broker.minVersion, VERSION_FLOORS.get(api.key) ?? 0);
    return high >= low ? high : null;
  }
}
