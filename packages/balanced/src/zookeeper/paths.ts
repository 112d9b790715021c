import { ConfigurationError } from '@tskafka/network';

/**
 * Characters a ZooKeeper path element cannot hold: `/` (the separator), NUL, control characters
 * and the ranges ZooKeeper's `PathUtils` rejects.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what is rejected
const FORBIDDEN = /[/\u0000-\u001f\u007f-\u009f\ud800-\uf8ff\ufff0-\uffff]/;

/**
 * Checks that `value` can be one element of a ZooKeeper path (a group name, a consumer id).
 * @throws {ConfigurationError} naming `option`
 */
export function checkPathElement(option: string, value: unknown): string {
  if (typeof value !== 'string' || value === '')
    throw new ConfigurationError(option, 'expected a non-empty string');
  if (value === '.' || value === '..' || FORBIDDEN.test(value))
    throw new ConfigurationError(
      option,
      `${JSON.stringify(value)} cannot be a ZooKeeper path element ('/', '.', '..' and control characters are not allowed)`,
    );
  return value;
}

/** The znodes of one group and topic, laid out as PyKafka's BalancedConsumer does. */
export class GroupPaths {
  /** `/consumers/<group>/ids`: one ephemeral node per member, data = the topic name. */
  readonly ids: string;
  /** `/consumers/<group>/owners/<topic>`: one ephemeral node per owned partition, data = the owner id. */
  readonly owners: string;

  constructor(group: string, topic: string) {
    this.ids = `/consumers/${group}/ids`;
    this.owners = `/consumers/${group}/owners/${topic}`;
  }

  /** A member's registration node. */
  member(consumerId: string): string {
    return `${this.ids}/${consumerId}`;
  }

  /** A partition's ownership node: `<leader broker id>-<partition id>`. */
  owner(slug: string): string {
    return `${this.owners}/${slug}`;
  }
}

/** The ownership node name PyKafka uses: the leader id, a dash, the partition id. */
export function ownerSlug(leader: number, partition: number): string {
  return `${leader}-${partition}`;
}

/** The partition id of an ownership node name, or null for a name not in PyKafka's form. */
export function partitionOfSlug(slug: string): number | null {
  const match = /^-?\d+-(\d+)$/.exec(slug);
  return match === null ? null : Number(match[1]);
}
