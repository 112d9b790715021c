/**
 * `BENCH_CRC` pins tskafka's CRC-32C implementation (see the README), in the bench and in each of
 * tskafka's own processes, which import this module with the library.
 */
import { type Crc32cImplementation, crc32cImplementation, useCrc32cImplementation } from '@tskafka/protocol';

const crc = process.env.BENCH_CRC;
if (crc !== undefined) useCrc32cImplementation(crc as Crc32cImplementation);

/**
 * Which CRC-32C tskafka computes with, for a table's first line: in this workspace `aws-crt` (a
 * dev dependency), which an application gets only by installing it.
 */
export function crcLabel(): string {
  const name = crc32cImplementation();
  const installed = name === 'aws-crt' ? ', opt-in: a default install has @node-rs/crc32' : '';
  return `tskafka's CRC-32C: ${name}${installed} (BENCH_CRC pins one)`;
}
