import { describe, expect, it } from 'vitest';
import { murmur2, toPositive } from './murmur2.js';

// Values the Java client computes (Kafka's UtilsTest and cross-checked clients; see protocol-scope §5.2).
const KNOWN: [string, number][] = [
  ['', 275646681],
  ['21', -973932308],
  ['abc', 479470107],
  ['foo', 597841616],
  ['bar', 988958145],
  ['baz', 1973573280],
  ['foobar', -790332482],
  ['kafka', -798503068],
  ['sarama', 770765511],
  ['a-little-bit-long-string', -985981536],
  ['a-little-bit-longer-string', -1486304829],
  ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
];

describe('murmur2', () => {
  it.each(KNOWN)('hashes %j like the Java client', (input, expected) => {
    expect(murmur2(Buffer.from(input, 'utf8'))).toBe(expected);
  });

  it('maps to partitions like Utils.toPositive(hash) % n', () => {
    expect(toPositive(murmur2(Buffer.from('21'))) % 100).toBe(40);
    expect(toPositive(murmur2(Buffer.from('kafka'))) % 100).toBe(80);
    expect(toPositive(murmur2(Buffer.from(''))) % 1000).toBe(681);
    expect(toPositive(-2147483648)).toBe(0);
  });
});
