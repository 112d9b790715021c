import { ConfigurationError } from '@tskafka/network';
import { describe, expect, it } from 'vitest';
import { resolveConsumerProtocolOptions } from './options.js';

describe('resolveConsumerProtocolOptions', () => {
  it("defaults to the broker's assignor and no rack", () => {
    expect(resolveConsumerProtocolOptions({}, 'consumer')).toEqual({ serverAssignor: null, rackId: null });
  });

  it('passes the chosen values through', () => {
    expect(
      resolveConsumerProtocolOptions({ groupRemoteAssignor: 'range', clientRack: 'rack-a' }, 'consumer'),
    ).toEqual({ serverAssignor: 'range', rackId: 'rack-a' });
  });

  it.each([
    [{ groupRemoteAssignor: 'sticky' }, 'consumer', 'groupRemoteAssignor'],
    [{ clientRack: '' }, 'consumer', 'clientRack'],
    [{ sessionTimeoutMs: 10_000 }, 'consumer', 'sessionTimeoutMs'],
    [{ heartbeatIntervalMs: 1_000 }, 'consumer', 'heartbeatIntervalMs'],
    [{ assignors: ['range'] }, 'consumer', 'assignors'],
    [{ groupRemoteAssignor: 'uniform' }, 'classic', 'groupRemoteAssignor'],
  ] as const)('rejects %o with groupProtocol %s: ConfigurationError naming %s', (options, protocol, name) => {
    const attempt = () => resolveConsumerProtocolOptions(options, protocol);
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(new RegExp(`^${name}:`));
  });
});
