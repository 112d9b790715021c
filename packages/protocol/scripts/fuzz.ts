/**
 * Long-run decoder fuzzing: random and mutated inputs into every decoder of the package (each
 * request and response version of every API, and the consumer-protocol blobs). The only failure
 * allowed is KafkaDecodeError; anything else is printed with the input that caused it.
 *
 *   pnpm --filter @tskafka/protocol fuzz --iterations 1000000 [--seed 1] [--only Metadata] [--latest]
 *
 * `--only` keeps decoders whose name contains the text; `--latest` keeps each API's highest version.
 *
 * Prints one line per decoder (inputs, decoded, rejected, slowest decode) and exits 1 on a crash.
 */
import { fuzzTarget, fuzzTargets } from '../src/apis/test-support/fuzz-core.ts';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

// Stack traces of the many expected KafkaDecodeErrors are not needed and dominate the run time.
Error.stackTraceLimit = 0;
const iterations = Number(option('iterations', '10000'));
const seed = Number(option('seed', '1'));
const only = option('only', '');
const out = (line: string) => process.stdout.write(`${line}\n`);

const latestOnly = process.argv.includes('--latest');
// Target names read "<Api> v<version> <side>"; blobs have no version and always stay.
const version = (name: string) => /^(\S+) v(\d+) /.exec(name);
const highest = new Map<string, number>();
for (const t of fuzzTargets(seed)) {
  const m = version(t.name);
  if (m) highest.set(m[1]!, Math.max(highest.get(m[1]!) ?? 0, Number(m[2])));
}
const isLatest = (name: string) => {
  const m = version(name);
  return m === null || highest.get(m[1]!) === Number(m[2]);
};
const targets = fuzzTargets(seed).filter((t) => t.name.includes(only) && (!latestOnly || isLatest(t.name)));
let total = 0;
let crashes = 0;
const started = Date.now();
out(`fuzzing ${targets.length} decoders, ${iterations} inputs each, seed ${seed}`);
for (const [i, target] of targets.entries()) {
  const r = fuzzTarget(target, iterations, seed + i);
  total += r.inputs;
  crashes += r.crashes.length;
  out(
    `${r.name.padEnd(48)} recorded-seeds=${target.recordedSeeds} inputs=${r.inputs} decoded=${r.decoded} rejected=${r.rejected} slowest=${r.slowestMs.toFixed(2)}ms`,
  );
  for (const c of r.crashes) out(`  CRASH ${c.error}\n  input ${c.input}`);
}
const seconds = (Date.now() - started) / 1000;
out(`total inputs=${total} decoders=${targets.length} crashes=${crashes} in ${seconds.toFixed(0)}s`);
process.exit(crashes === 0 ? 0 : 1);
