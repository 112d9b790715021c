import { ConfigurationError } from '@tskafka/network';
import { describe, expect, it } from 'vitest';
import { resolveMemberSettings } from './options.js';

describe('resolveMemberSettings', () => {
  it('defaults to a dynamic member, the broker default assignor and a 5 minute rebalance timeout', () => {
    expect(resolveMemberSettings('t', 'g', {})).toEqual({
      groupId: 'g',
      topic: 't',
      instanceId: null,
      rackId: null,
      rebalanceTimeoutMs: 300_000,
      serverAssignor: null,
    });
  });

  it('passes the chosen values through', () => {
    const settings = resolveMemberSettings('t', 'g', {
      groupRemoteAssignor: 'range',
      groupInstanceId: 'host-1',
      clientRack: 'rack-a',
      rebalanceTimeoutMs: 10_000,
    });
    expect(settings).toMatchObject({
      serverAssignor: 'range',
      instanceId: 'host-1',
      rackId: 'rack-a',
      rebalanceTimeoutMs: 10_000,
    });
  });

  it.each([
    [{ groupRemoteAssignor: 'sticky' }, 'groupRemoteAssignor'],
    [{ groupInstanceId: '' }, 'groupInstanceId'],
    [{ clientRack: 7 }, 'clientRack'],
    [{ rebalanceTimeoutMs: 0 }, 'rebalanceTimeoutMs'],
  ])('rejects %o with a ConfigurationError naming %s', (options, name) => {
    expect(() => resolveMemberSettings('t', 'g', options as never)).toThrow(ConfigurationError);
    expect(() => resolveMemberSettings('t', 'g', options as never)).toThrow(new RegExp(`^${name}:`));
  });
});
