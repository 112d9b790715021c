import { type Measurement, measureAll } from './measure.js';
import { type BoundDecoder, RESPONSE_CONTENDERS, type ResponseContender } from './response-libraries.js';
import { FETCH_VERSION, METADATA_VERSION } from './response-versions.js';
import { type ResponseWorkload, responseWorkloads } from './response-workloads.js';
import { loadTimed, type TimedContender } from './timed-contenders.js';

interface Row {
  contender: ResponseContender;
  m: Measurement;
}

/** The rows that apply to a workload, each checked to decode exactly what tskafka encoded. */
async function bindAll(
  w: ResponseWorkload,
  contenders: readonly TimedContender<ResponseContender>[],
): Promise<
  Array<{ contender: ResponseContender; decoder: BoundDecoder; timed: TimedContender<ResponseContender> }>
> {
  const bound = [];
  for (const timed of contenders) {
    const contender = timed.local;
    const decoder = contender.bind(w);
    if (decoder === undefined) continue;
    const got = await decoder.summary();
    // the records-as-bytes row can only show it found every partition
    const ok = contender.recordsAsBytes ? w.expected.startsWith(`${got} `) : got === w.expected;
    if (!ok) throw new Error(`${contender.library} decoded ${w.name} as "${got}", expected "${w.expected}"`);
    await timed.session.bindResponse(w);
    bound.push({ contender, decoder, timed });
  }
  return bound;
}

function print(w: ResponseWorkload, rows: Row[], out: (line: string) => void): void {
  const version = w.api === 'Metadata' ? METADATA_VERSION : FETCH_VERSION;
  out(`\n${w.api} v${version}, ${w.name} (${w.body.length} B)`);
  const perRecord = w.records > 0;
  out(
    `  ${'library'.padEnd(28)}${'responses/s'.padStart(12)}${'MB/s'.padStart(8)}${(perRecord ? 'records/s' : '').padStart(12)}${(perRecord ? 'B alloc/rec' : 'B alloc/resp').padStart(14)}${'vs best peer'.padStart(14)}`,
  );
  const peers = rows.filter((r) => !r.contender.library.startsWith('tskafka'));
  const best = Math.max(...peers.map((p) => p.m.opsPerSec));
  for (const { contender, m } of rows) {
    const tskafka = contender.library.startsWith('tskafka');
    const ratio = !tskafka ? '' : contender.comparable ? `${(m.opsPerSec / best).toFixed(2)}x` : 'n/c';
    const alloc = m.bytesPerOp === undefined ? 'n/a' : (m.bytesPerOp / Math.max(w.records, 1)).toFixed(0);
    out(
      `  ${contender.library.padEnd(28)}${m.opsPerSec.toFixed(1).padStart(12)}${(contender.recordsAsBytes ? '' : ((m.opsPerSec * w.body.length) / 1e6).toFixed(0)).padStart(8)}${(perRecord && !contender.recordsAsBytes ? (m.opsPerSec * w.records).toFixed(0) : '').padStart(12)}${alloc.padStart(14)}${ratio.padStart(14)}`,
    );
  }
}

/**
 * Metadata and Fetch response decode of tskafka side by side with KafkaJS's and
 * @platformatic/kafka's own response parsers, on the same bytes, timed like the record batches.
 */
export async function responseDecodeRates(ms: number, out: (line: string) => void): Promise<void> {
  out(
    `\nRESPONSE DECODE (same response bytes for every library; n/c = not comparable: less work, or other bytes)`,
  );
  const { contenders, close } = await loadTimed<ResponseContender>(RESPONSE_CONTENDERS);
  try {
    for (const w of await responseWorkloads()) {
      const bound = await bindAll(w, contenders);
      const measured = await measureAll(
        bound.map((b) => ({ run: b.decoder.run, rate: (t: number) => b.timed.session.rate(t) })),
        ms,
      );
      print(
        w,
        bound.map((b, i) => ({ contender: b.contender, m: measured[i]! })),
        out,
      );
    }
  } finally {
    await close();
  }
}
