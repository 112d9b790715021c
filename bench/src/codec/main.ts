/**
 * Record-batch encode/decode throughput of tskafka side by side with KafkaJS's and
 * @platformatic/kafka's own record-batch code, on the same records, in one run.
 *
 * What is measured: CPU time (all threads, GC included) per batch of 1000 records. Encode turns
 * each library's own record objects into one v2 batch (lz4: compressed). Decode turns that batch
 * (encoded by tskafka) into each library's record objects and then reads every record's value
 * length, so no decoder is credited for work it defers. Only tskafka verifies the batch CRC-32C
 * (the peers skip it); the "no CRC check" row does the peers' work exactly.
 *
 *   pnpm --filter @tskafka/bench codec            (needs `pnpm turbo run build --filter=@tskafka/protocol`)
 *   BENCH_MS=500 pnpm --filter @tskafka/bench codec   (shorter run)
 *   BENCH_ONLY=responses pnpm --filter @tskafka/bench codec   (only the Metadata/Fetch rows; or =records)
 *   BENCH_CRC=@node-rs/crc32 pnpm --filter @tskafka/bench codec   (pin the CRC-32C implementation)
 *   BENCH_ROWS='1 KiB' pnpm --filter @tskafka/bench codec   (only the workloads whose name matches)
 */

import { decodeRecordBatches, lz4Blocks } from '@tskafka/protocol';
import { crcLabel } from '../crc-choice.js';
import { type Contender, RECORD_CONTENDERS } from './libraries.js';
import { type Measurement, measureAll } from './measure.js';
import { responseDecodeRates } from './responses.js';
import { loadTimed, type TimedContender } from './timed-contenders.js';
import { RECORDS_PER_BATCH, type Workload, workloads } from './workloads.js';

const MS = Number(process.env.BENCH_MS ?? 1500);
const ONLY = process.env.BENCH_ONLY;
const ROWS = new RegExp(process.env.BENCH_ROWS ?? '');
const out = (line = '') => process.stdout.write(`${line}\n`);

interface Row {
  workload: string;
  library: string;
  m: Measurement;
  bytes: number;
}

/** Every library must produce and read the same records, or the comparison means nothing. */
async function crossCheck(w: Workload, contenders: readonly Contender[]): Promise<void> {
  const tskafka = contenders[0] as Contender;
  for (const c of contenders) {
    const batch = await c.encode(w).output();
    const [decoded] = await decodeRecordBatches(batch);
    const values = decoded?.records.map((r) => r.value?.toString('latin1'));
    if (values?.join() !== w.values.map((v) => v.toString('latin1')).join())
      throw new Error(`${c.library} encoded different values for ${w.name}`);
    if (decoded?.records[0]?.headers.length !== w.headers.length)
      throw new Error(`${c.library} encoded different headers for ${w.name}`);
    const reference = await tskafka.encode(w).output();
    if ((await c.decode(w, reference).count()) !== RECORDS_PER_BATCH)
      throw new Error(`${c.library} decoded a different record count for ${w.name}`);
  }
}

/** Measures every contender on one workload, taking turns (see measureAll); `reference` is tskafka's batch. */
async function runAll(
  kind: 'encode' | 'decode',
  w: Workload,
  cs: readonly TimedContender<Contender>[],
  reference: Buffer,
  bytes: number,
): Promise<Row[]> {
  const bound = [];
  for (const { local, session } of cs) {
    if (kind === 'encode') await session.bindEncode(w);
    else await session.bindDecode(w, reference);
    const run = kind === 'encode' ? local.encode(w).run : local.decode(w, reference).run;
    bound.push({ run, rate: (ms: number) => session.rate(ms) });
  }
  const ms = await measureAll(bound, MS);
  return cs.map((c, i) => ({ workload: w.name, library: c.local.library, m: ms[i]!, bytes }));
}

function print(kind: string, rows: Row[]): void {
  out(`\n${kind} (${RECORDS_PER_BATCH} records per batch; MB/s of uncompressed batch bytes)`);
  out(
    `${'workload'.padEnd(18)}${'library'.padEnd(22)}${'records/s'.padStart(12)}${'MB/s'.padStart(8)}${'B alloc/rec'.padStart(13)}${'vs best peer'.padStart(14)}`,
  );
  for (const r of rows) {
    const peers = rows.filter((p) => p.workload === r.workload && !p.library.startsWith('tskafka'));
    const best = Math.max(...peers.map((p) => p.m.opsPerSec));
    const ratio = r.library.startsWith('tskafka') ? `${(r.m.opsPerSec / best).toFixed(2)}x` : '';
    const alloc = r.m.bytesPerOp === undefined ? 'n/a' : (r.m.bytesPerOp / RECORDS_PER_BATCH).toFixed(0);
    out(
      `${r.workload.padEnd(18)}${r.library.padEnd(22)}${(r.m.opsPerSec * RECORDS_PER_BATCH).toFixed(0).padStart(12)}${((r.m.opsPerSec * r.bytes) / 1e6).toFixed(0).padStart(8)}${alloc.padStart(13)}${ratio.padStart(14)}`,
    );
  }
}

async function recordBatches(): Promise<void> {
  const encodeRows: Row[] = [];
  const decodeRows: Row[] = [];
  const { contenders, close } = await loadTimed<Contender>(RECORD_CONTENDERS);
  try {
    const tskafka = contenders[0]?.local as Contender;
    // tskafka's rows share one encoder: it is timed once
    const encoders = contenders.filter((c) => c.local.encode !== tskafka.encode || c.local === tskafka);
    for (const w of workloads().filter((x) => ROWS.test(x.name))) {
      await crossCheck(
        w,
        contenders.map((c) => c.local),
      );
      const plainBytes = (await tskafka.encode({ ...w, lz4: false }).output()).length;
      const reference = await tskafka.encode(w).output();
      encodeRows.push(...(await runAll('encode', w, encoders, reference, plainBytes)));
      decodeRows.push(...(await runAll('decode', w, contenders, reference, plainBytes)));
    }
  } finally {
    await close();
  }
  print('ENCODE', encodeRows);
  print('DECODE', decodeRows);
}

async function main(): Promise<void> {
  out(
    `Node ${process.version}; lz4 block codec: ${lz4Blocks().implementation}; ${crcLabel()}; each contender runs ${MS} ms per workload in 7 interleaved rounds, best round (per CPU second) kept; decode reads every value; only tskafka checks CRCs (except its "no CRC check" row)`,
  );
  if (ONLY !== 'responses') await recordBatches();
  if (ONLY !== 'records') await responseDecodeRates(MS, out);
}

await main();
