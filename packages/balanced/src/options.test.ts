import { ConfigurationError } from '@tskafka/network';
import { describe, expect, it } from 'vitest';
import { resolveGroupOptions } from './options.js';

describe('resolveGroupOptions', () => {
  it("applies PyKafka's rebalance defaults and passes consumer options through", () => {
    const o = resolveGroupOptions({ consumerGroup: 'g', queuedMaxMessages: 10 });
    expect([o.rebalanceMaxRetries, o.rebalanceBackoffMs]).toEqual([5, 2_000]);
    expect(o.consumerOptions).toEqual({ consumerGroup: 'g', queuedMaxMessages: 10 });
    expect(o.consumer.queuedMaxMessages).toBe(10);
  });

  it.each([
    [{}, 'consumerGroup'],
    [{ consumerGroup: '' }, 'consumerGroup'],
    [{ consumerGroup: 'x'.repeat(32_768) }, 'consumerGroup'],
    [{ consumerGroup: 'g', rebalanceMaxRetries: 0 }, 'rebalanceMaxRetries'],
    [{ consumerGroup: 'g', rebalanceBackoffMs: -1 }, 'rebalanceBackoffMs'],
    [{ consumerGroup: 'g', rebalanceListener: { onPartitionsRevoked: 1 } }, 'rebalanceListener'],
    [{ consumerGroup: 'g', postRebalanceCallback: 'x' }, 'postRebalanceCallback'],
    [{ consumerGroup: 'g', partitions: [0] }, 'partitions'],
    [{ consumerGroup: 'g', queuedMaxMessages: 0 }, 'queuedMaxMessages'],
  ])('rejects %o naming %s', (options, name) => {
    const attempt = () => resolveGroupOptions(options as never);
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(new RegExp(`^${name}:`));
  });
});
