import { describe, expect, it } from 'vitest';
import {
  type MembershipProtocol,
  orderPartitions,
  type PartitionPlacement,
  RangeProtocol,
  RoundRobinProtocol,
} from './membership-protocols.js';

const placements = (count: number, leader: (id: number) => number): PartitionPlacement[] =>
  Array.from({ length: count }, (_, id) => ({ topic: 't', id, leader: leader(id) }));

describe('orderPartitions', () => {
  it('sorts by the string "<topic>-<leader>-<partition>" as PyKafka does (10 before 2)', () => {
    expect(orderPartitions(placements(12, () => 1)).map((p) => p.id)).toEqual([
      0, 1, 10, 11, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
  });

  it('puts the leader id before the partition id, so a leader move reorders', () => {
    const order = orderPartitions(placements(5, (id) => (id * 7) % 3));
    expect(order.map((p) => `${p.topic}-${p.leader}-${p.id}`)).toEqual([
      't-0-0',
      't-0-3',
      't-1-1',
      't-1-4',
      't-2-2',
    ]);
  });
});

// The results below were computed with PyKafka's decide_partitions_range / _roundrobin on the same input.
describe('RangeProtocol', () => {
  it('gives sorted members consecutive runs of the sorted partitions', () => {
    const parts = placements(12, () => 1);
    const members = ['c', 'a', 'b'];
    expect(members.map((m) => RangeProtocol.decidePartitions(members, parts, m))).toEqual([
      [6, 7, 8, 9],
      [0, 1, 10, 11],
      [2, 3, 4, 5],
    ]);
  });
});

describe('RoundRobinProtocol', () => {
  it('deals the sorted partitions to the sorted members in turn', () => {
    const parts = placements(12, () => 1);
    const members = ['a', 'b', 'c'];
    expect(members.map((m) => RoundRobinProtocol.decidePartitions(members, parts, m))).toEqual([
      [0, 11, 4, 7],
      [1, 2, 5, 8],
      [10, 3, 6, 9],
    ]);
  });
});

describe.each([RangeProtocol, RoundRobinProtocol])(
  '$name, as PyKafka tests it',
  (protocol: MembershipProtocol) => {
    it('assigns every partition exactly once, the first P mod N members one more (100 group sizes)', () => {
      for (let i = 0; i < 100; i++) {
        const memberCount = i + 1;
        const partitionCount = 100 - i;
        const members = Array.from({ length: memberCount }, (_, m) => `test-debian:${m}`).sort();
        const parts = placements(partitionCount, (id) => id % memberCount);
        const all: number[] = [];
        members.forEach((member, index) => {
          const mine = protocol.decidePartitions(members, parts, member);
          const each =
            Math.floor(partitionCount / memberCount) + (index < partitionCount % memberCount ? 1 : 0);
          expect(mine).toHaveLength(each);
          all.push(...mine);
        });
        expect(all.sort((a, b) => a - b)).toEqual(parts.map((p) => p.id));
      }
    });

    it('gives a member missing from the list nothing, and idles members beyond the partition count', () => {
      const parts = placements(2, () => 0);
      expect(protocol.decidePartitions(['a', 'b'], parts, 'z')).toEqual([]);
      const members = ['a', 'b', 'c'];
      expect(members.map((m) => protocol.decidePartitions(members, parts, m).length)).toEqual([1, 1, 0]);
    });
  },
);
