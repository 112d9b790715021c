import { type Cluster, ConfigurationError } from '@tskafka/network';
import { describe, expect, it } from 'vitest';
import { ManagedBalancedConsumer } from '../managed-balanced-consumer.js';
import { resolveConsumerProtocolOptions } from './options.js';

describe('resolveConsumerProtocolOptions', () => {
  it("defaults to the broker's assignor and no rack", () => {
    expect(resolveConsumerProtocolOptions({}, 'consumer')).toEqual({ serverAssignor: null, rackId: null });
  });

  it('passes the chosen values through; metadataMaxAgeMs is accepted (and unused)', () => {
    expect(
      resolveConsumerProtocolOptions(
        { groupRemoteAssignor: 'range', clientRack: 'rack-a', metadataMaxAgeMs: 1_000 },
        'consumer',
      ),
    ).toEqual({ serverAssignor: 'range', rackId: 'rack-a' });
  });

  it.each([
    [{ groupRemoteAssignor: 'sticky' }, 'consumer', /^groupRemoteAssignor: expected one of uniform, range/],
    [{ clientRack: '' }, 'consumer', /^clientRack: expected a non-empty string/],
    [{ sessionTimeoutMs: 10_000 }, 'consumer', /^sessionTimeoutMs: .*group\.consumer\.session\.timeout\.ms/],
    [
      { heartbeatIntervalMs: 1_000 },
      'consumer',
      /^heartbeatIntervalMs: .*group\.consumer\.heartbeat\.interval\.ms/,
    ],
    [{ assignors: ['range'] }, 'consumer', /^assignors: .*groupRemoteAssignor/],
    [
      { groupRemoteAssignor: 'uniform' },
      'classic',
      /^groupRemoteAssignor: applies only to groupProtocol 'consumer'/,
    ],
    [{ clientRack: 'rack-a' }, 'classic', /^clientRack: applies only to groupProtocol 'consumer'/],
  ] as const)('rejects %o with groupProtocol %s: ConfigurationError %s', (options, protocol, message) => {
    const attempt = () => resolveConsumerProtocolOptions(options, protocol);
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(message);
  });

  it('ManagedBalancedConsumer refuses them in its constructor, before joining', () => {
    const cluster = {} as Cluster;
    const make = (options: object) =>
      new ManagedBalancedConsumer(cluster, 't', { consumerGroup: 'g', ...options });
    expect(() => make({ groupProtocol: 'consumer', heartbeatIntervalMs: 500 })).toThrow(ConfigurationError);
    expect(() => make({ groupRemoteAssignor: 'range' })).toThrow(/groupRemoteAssignor/);
  });
});
