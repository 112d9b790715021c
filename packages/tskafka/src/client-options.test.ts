import { ConfigurationError } from '@tskafka/network';
import { describe, expect, it } from 'vitest';
import { parseHosts, resolveClientOptions } from './client-options.js';

describe('parseHosts', () => {
  it("parses PyKafka's comma-separated form, arrays, IPv6 and a chroot suffix", () => {
    expect(parseHosts('a:1, b:2')).toEqual([
      { host: 'a', port: 1 },
      { host: 'b', port: 2 },
    ]);
    expect(parseHosts(['[::1]:9092', { host: 'c', port: 3 }])).toEqual([
      { host: '::1', port: 9092 },
      { host: 'c', port: 3 },
    ]);
    expect(parseHosts('zk:2181/kafka')).toEqual([{ host: 'zk', port: 2181 }]);
    expect(parseHosts()).toEqual([{ host: '127.0.0.1', port: 9092 }]);
  });

  it('names the hosts option when an entry is bad', () => {
    for (const bad of ['', 'nohost', 'a:0', 'a:70000', 'a:b']) {
      expect(() => parseHosts(bad)).toThrow(ConfigurationError);
    }
    expect(() => parseHosts('a:99999')).toThrow(/^hosts: port 99999/);
  });
});

describe('resolveClientOptions', () => {
  it("applies PyKafka's defaults", () => {
    const resolved = resolveClientOptions({});
    expect(resolved.cluster.requestTimeoutMs).toBe(30_000);
    expect(resolved.offsetsChannelSocketTimeoutMs).toBe(10_000);
    expect(resolved.excludeInternalTopics).toBe(true);
    expect(resolved.cluster.autoCreateTopics).toBe(false);
    expect(resolved.zookeeperHosts).toBeUndefined();
  });

  it('keeps zookeeperHosts for balanced consumers and refuses a blank one', () => {
    expect(resolveClientOptions({ zookeeperHosts: 'zk1:2181,zk2:2181/c' }).zookeeperHosts).toBe(
      'zk1:2181,zk2:2181/c',
    );
    expect(() => resolveClientOptions({ zookeeperHosts: ' ' })).toThrow(/^zookeeperHosts:/);
  });

  it('maps socketTimeoutMs and sourceAddress onto the connection settings', () => {
    const resolved = resolveClientOptions({ socketTimeoutMs: 1234, sourceAddress: '127.0.0.1:4000' });
    expect(resolved.cluster.connectTimeoutMs).toBe(1234);
    expect(resolved.cluster.localAddress).toBe('127.0.0.1');
  });

  it('rejects invalid values naming the option', () => {
    const cases: [object, RegExp][] = [
      [{ socketTimeoutMs: -1 }, /^socketTimeoutMs:/],
      [{ socketTimeoutMs: 1.5 }, /^socketTimeoutMs:/],
      [{ maxInFlightRequests: 0 }, /^maxInFlightRequests:/],
      [{ clientId: 5 }, /^clientId:/],
      [{ sasl: { mechanism: 'NOPE', username: 'u', password: 'p' } }, /^sasl\.mechanism:/],
      [{ sasl: { mechanism: 'PLAIN', username: '', password: 'p' } }, /^sasl\.username:/],
    ];
    for (const [options, message] of cases) {
      expect(() => resolveClientOptions(options as never)).toThrow(message);
    }
  });
});
