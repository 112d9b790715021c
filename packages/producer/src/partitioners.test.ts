import { describe, expect, it } from 'vitest';
import {
  murmur2Partitioner,
  namedPartitioner,
  pykafkaHashingPartitioner,
  randomPartitioner,
  roundRobinPartitioner,
  stickyPartitioner,
} from './partitioners.js';

const ids = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('partitioners', () => {
  it('murmur2 picks what the Java client picks for a key', () => {
    // toPositive(murmur2("21")) % 100 = 40 and "kafka" % 100 = 80 (Kafka's own test values).
    expect(murmur2Partitioner(ids(100), Buffer.from('21'), 0)).toBe(40);
    expect(murmur2Partitioner(ids(100), Buffer.from('kafka'), 0)).toBe(80);
    expect(murmur2Partitioner(ids(100), Buffer.alloc(0), 0)).toBe(81);
  });

  it('pykafka-hashing matches PyKafka: int(sha1(key).hexdigest(), 16) % n', () => {
    // Expected values computed with Python's hashlib.
    expect(pykafkaHashingPartitioner(ids(3), Buffer.from('a'), 0)).toBe(1);
    expect(pykafkaHashingPartitioner(ids(7), Buffer.from('a'), 0)).toBe(4);
    expect(pykafkaHashingPartitioner(ids(100), Buffer.from('user-42'), 0)).toBe(2);
    expect(pykafkaHashingPartitioner(ids(7), Buffer.from('kafka'), 0)).toBe(0);
    expect(pykafkaHashingPartitioner(ids(100), Buffer.alloc(0), 0)).toBe(5);
    expect(() => pykafkaHashingPartitioner(ids(3), null, 0)).toThrow(TypeError);
  });

  it('round-robin cycles from the second partition, as PyKafka does', () => {
    const next = roundRobinPartitioner();
    expect(Array.from({ length: 7 }, () => next(ids(3), null, 1))).toEqual([1, 2, 0, 1, 2, 0, 1]);
  });

  it('random stays within the partitions and reaches all of them', () => {
    const seen = new Set(Array.from({ length: 500 }, () => randomPartitioner([3, 5, 9], null, 1)));
    expect([...seen].sort()).toEqual([3, 5, 9]);
  });

  it('sticky keeps a partition until batchSize bytes went to it, then switches', () => {
    const sticky = stickyPartitioner(1000);
    const picks = Array.from({ length: 30 }, () => sticky(ids(4), null, 100));
    // 10 records of 100 bytes fill one batch: each run of 10 shares a partition, runs differ.
    for (const run of [0, 10, 20]) expect(new Set(picks.slice(run, run + 10)).size).toBe(1);
    expect(picks[9]).not.toBe(picks[10]);
    expect(picks[19]).not.toBe(picks[20]);
    expect(sticky(ids(100), Buffer.from('21'), 100)).toBe(40);
  });

  it('named instances are independent', () => {
    const a = namedPartitioner('round-robin', 1);
    const b = namedPartitioner('round-robin', 1);
    expect([a(ids(3), null, 0), a(ids(3), null, 0), b(ids(3), null, 0)]).toEqual([1, 2, 1]);
  });
});
