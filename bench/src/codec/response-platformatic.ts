import { fetchV11, metadataV6, Reader as PlatformaticReader } from '@platformatic/kafka';
import type { ResponseContender } from './response-libraries.js';
import { summarizeFetch, summarizeMetadata } from './response-summary.js';
import { FETCH_VERSION, METADATA_VERSION } from './response-versions.js';

export const platformatic: ResponseContender = {
  library: '@platformatic/kafka',
  comparable: true,
  bind: (w) => {
    if (w.api === 'Metadata') {
      const run = () => metadataV6.parseResponse(7, 3, METADATA_VERSION, PlatformaticReader.from(w.body));
      return { run, summary: async () => summarizeMetadata(run()) };
    }
    const run = () => fetchV11.parseResponse(7, 1, FETCH_VERSION, PlatformaticReader.from(w.body));
    return {
      run,
      summary: async () => {
        const partitions = run().responses.flatMap((t) => t.partitions);
        const records = partitions.flatMap((p) =>
          (p.records ?? []).flatMap((b) =>
            b.records.map((r) => ({ ...r, offset: b.firstOffset + BigInt(r.offsetDelta) })),
          ),
        );
        return summarizeFetch(partitions.length, records);
      },
    };
  },
};
