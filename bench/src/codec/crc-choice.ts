/**
 * `BENCH_CRC` pins tskafka's CRC-32C implementation (see the README), in the bench and in each of
 * tskafka's timing processes, which import this module with the library.
 */
import { type Crc32cImplementation, useCrc32cImplementation } from '@tskafka/protocol';

const crc = process.env.BENCH_CRC;
if (crc !== undefined) useCrc32cImplementation(crc as Crc32cImplementation);
