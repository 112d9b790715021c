/**
 * Long-run fuzzing of the records module: mutated v2 batches (uncompressed and every codec, with
 * CRCs re-sealed so mutations get past the checksum), legacy message sets, and each codec's
 * decompressor. The only failures allowed are KafkaDecodeError and KafkaCompressionError.
 *
 *   pnpm --filter @tskafka/protocol fuzz:records --iterations 1000000 [--seed 1] [--only <name part>]
 *
 * Prints one line per target and exits 1 on a crash.
 */
import { fuzzRecords, recordsFuzzTargets } from '../src/records/test-support/fuzz-records.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return process.argv[i + 1] !== undefined && i >= 0 ? process.argv[i + 1]! : fallback;
};
const iterations = Number(arg('iterations', '10000'));
const seed = Number(arg('seed', '1'));
const only = arg('only', '');
const out = (line: string) => process.stdout.write(`${line}\n`);

let crashes = 0;
const started = Date.now();
for (const [i, target] of (await recordsFuzzTargets()).entries()) {
  if (!target.name.includes(only)) continue;
  const r = await fuzzRecords(target, iterations, seed + i);
  crashes += r.crashes.length;
  out(
    `${r.name.padEnd(34)} inputs=${r.inputs} decoded=${r.decoded} rejected=${r.rejected} slowest=${r.slowestMs.toFixed(2)}ms`,
  );
  for (const c of r.crashes) out(`  CRASH ${c.error}\n  input ${c.input}`);
}
out(`crashes=${crashes} in ${((Date.now() - started) / 1000).toFixed(0)}s`);
process.exit(crashes === 0 ? 0 : 1);
