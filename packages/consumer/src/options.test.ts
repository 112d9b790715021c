import { ConfigurationError } from '@tskafka/network';
import { describe, expect, it } from 'vitest';
import { NO_MEMBERSHIP, resolveConsumerOptions } from './options.js';

describe('resolveConsumerOptions', () => {
  it("applies PyKafka's defaults (and a deeper queue bounded by bytes)", () => {
    const o = resolveConsumerOptions();
    expect(o).toMatchObject({
      fetchMessageMaxBytes: 1_048_576,
      queuedMaxMessages: 20_000,
      queuedMaxBytes: 2_097_152,
      fetchMinBytes: 1,
      fetchWaitMaxMs: 100,
      autoCommitIntervalMs: 60_000,
      autoOffsetReset: 'earliest',
      consumerTimeoutMs: -1,
      resetOffsetOnFetch: true,
      isolationLevel: 0,
      checkCrcs: true,
    });
  });

  it.each([
    [{ queuedMaxMessages: 0 }, 'queuedMaxMessages'],
    [{ queuedMaxBytes: 0.5 }, 'queuedMaxBytes'],
    [{ fetchWaitMaxMs: 1.5 }, 'fetchWaitMaxMs'],
    [{ autoOffsetReset: 'smallest' }, 'autoOffsetReset'],
    [{ isolationLevel: 'committed' }, 'isolationLevel'],
    [{ partitions: [] }, 'partitions'],
    [{ partitions: [-1] }, 'partitions'],
    [{ consumerGroup: '' }, 'consumerGroup'],
    [{ autoCommitEnable: true }, 'autoCommitEnable'],
    [{ deserializer: 'utf8' }, 'deserializer'],
    [{ consumerTimeoutMs: -5 }, 'consumerTimeoutMs'],
    [{ groupMembership: { memberId: 'm' } }, 'groupMembership'],
    [{ checkCrcs: 'no' }, 'checkCrcs'],
  ])('rejects %o naming %s', (options, name) => {
    const attempt = () => resolveConsumerOptions(options as never);
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(new RegExp(`^${name}:`));
  });

  it('maps read_committed to isolation level 1 and dedupes partitions', () => {
    const o = resolveConsumerOptions({ isolationLevel: 'read_committed', partitions: [2, 2, 0] });
    expect([o.isolationLevel, o.partitions]).toEqual([1, [2, 0]]);
  });

  it('commits without membership unless a group member supplies its own', () => {
    expect(resolveConsumerOptions().groupMembership()).toBe(NO_MEMBERSHIP);
    const member = { generationIdOrMemberEpoch: 7, memberId: 'm-1', groupInstanceId: 'i-1' };
    expect(resolveConsumerOptions({ groupMembership: () => member }).groupMembership()).toBe(member);
  });
});
