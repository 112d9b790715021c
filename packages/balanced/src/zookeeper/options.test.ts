import { ConfigurationError } from '@tskafka/network';
import { describe, expect, it } from 'vitest';
import { RangeProtocol, RoundRobinProtocol } from '../membership-protocols.js';
import { splitBalancedOptions } from './options.js';
import { checkPathElement, GroupPaths, ownerSlug, partitionOfSlug } from './paths.js';

describe('splitBalancedOptions', () => {
  it("applies PyKafka's defaults and keeps ZooKeeper options out of the consumer options", () => {
    const { group, zookeeper } = splitBalancedOptions({ consumerGroup: 'g', autoCommitEnable: true });
    expect(group).toEqual({ consumerGroup: 'g', autoCommitEnable: true });
    expect(zookeeper).toMatchObject({
      zookeeperConnect: '127.0.0.1:2181',
      timeoutMs: 6_000,
      protocol: RangeProtocol,
      partitionCheckIntervalMs: 10_000,
    });
    expect(zookeeper.consumerId).toMatch(/^[^:]+:[0-9a-f-]{36}$/);
  });

  it('takes zookeeperConnect over zookeeperHosts, a chroot, roundrobin and a consumer id', () => {
    const { group, zookeeper } = splitBalancedOptions({
      consumerGroup: 'g',
      zookeeperConnect: 'a:2181,b:2182/kafka',
      zookeeperHosts: 'ignored:1',
      membershipProtocol: 'roundrobin',
      consumerId: 'me',
      zookeeperConnectionTimeoutMs: 4_000,
    });
    expect(group).toEqual({ consumerGroup: 'g' });
    expect(zookeeper).toMatchObject({
      zookeeperConnect: 'a:2181,b:2182/kafka',
      protocol: RoundRobinProtocol,
      consumerId: 'me',
      timeoutMs: 4_000,
    });
  });

  it('accepts a protocol object of one’s own', () => {
    const decidePartitions = () => [];
    const { zookeeper } = splitBalancedOptions({
      consumerGroup: 'g',
      membershipProtocol: { name: 'mine', decidePartitions },
    });
    expect(zookeeper.protocol.name).toBe('mine');
    expect(zookeeper.protocol.decidePartitions(['a'], [], 'a')).toEqual([]);
  });

  it.each([
    [{ consumerGroup: '' }, 'consumerGroup'],
    [{ consumerGroup: 'a/b' }, 'consumerGroup'],
    [{ consumerGroup: '..' }, 'consumerGroup'],
    [{ consumerGroup: 'g', zookeeperConnect: '' }, 'zookeeperConnect'],
    [{ consumerGroup: 'g', zookeeperConnect: 'host:port' }, 'zookeeperConnect'],
    [{ consumerGroup: 'g', zookeeperConnectionTimeoutMs: 0 }, 'zookeeperConnectionTimeoutMs'],
    [{ consumerGroup: 'g', membershipProtocol: 'sticky' }, 'membershipProtocol'],
    [{ consumerGroup: 'g', consumerId: 'x/y' }, 'consumerId'],
    [{ consumerGroup: 'g', partitionCheckIntervalMs: 10 }, 'partitionCheckIntervalMs'],
  ])('rejects %o naming %s', (options, option) => {
    expect(() => splitBalancedOptions(options as never)).toThrow(ConfigurationError);
    expect(() => splitBalancedOptions(options as never)).toThrow(new RegExp(`^${option}:`));
  });
});

describe('ZooKeeper paths', () => {
  it("lays znodes out as PyKafka's BalancedConsumer", () => {
    const paths = new GroupPaths('g', 't');
    expect(paths.member('host:uuid')).toBe('/consumers/g/ids/host:uuid');
    expect(paths.owner(ownerSlug(2, 10))).toBe('/consumers/g/owners/t/2-10');
  });

  it('reads the partition id of an ownership node name, and nothing from other names', () => {
    expect(partitionOfSlug('2-10')).toBe(10);
    expect(partitionOfSlug('-1-3')).toBe(3);
    expect(partitionOfSlug('10')).toBeNull();
    expect(partitionOfSlug('a-1')).toBeNull();
  });

  it('accepts ordinary names, including dots and colons', () => {
    expect(checkPathElement('x', 'my.group:1')).toBe('my.group:1');
  });
});
