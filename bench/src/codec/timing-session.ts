/**
 * The timed half of one codec contender. Each runs in a process of its own (own-process.ts) that
 * imports only that contender's module, as an application using that library would: the
 * collections that fresh decompressed memory brings (about one per 64 MiB) then mark that
 * library's heap only, not every library's.
 */
import type { Contender, Fn } from './libraries.js';
import { rate } from './rate.js';
import type { ResponseContender } from './response-libraries.js';
import type { ResponseWorkload } from './response-workloads.js';
import type { Workload } from './workloads.js';

let loaded: unknown;
let bound: Fn | undefined;

export const timingSession = {
  /** Imports the contender (an absolute module URL and its export). */
  async load(moduleHref: string, exportName: string): Promise<void> {
    loaded = ((await import(moduleHref)) as Record<string, unknown>)[exportName];
    if (loaded === undefined) throw new Error(`no export ${exportName} in ${moduleHref}`);
  },
  bindEncode(w: Workload): void {
    bound = (loaded as Contender).encode(w).run;
  },
  bindDecode(w: Workload, batch: Buffer): void {
    bound = (loaded as Contender).decode(w, batch).run;
  },
  bindResponse(w: ResponseWorkload): void {
    bound = (loaded as ResponseContender).bind(w)?.run;
  },
  rate(ms: number): Promise<number> {
    if (bound === undefined) throw new Error('timing session: nothing bound');
    return rate(bound, ms);
  },
};

export type TimingSession = typeof timingSession;
