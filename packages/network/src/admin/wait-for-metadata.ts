import { apis, type MetadataResponse } from '@tskafka/protocol';
import type { Cluster } from '../cluster/cluster.js';
import { RequestTimeoutError } from '../errors.js';
import { sleep } from '../util/abort.js';

/** One topic as a broker's Metadata response shows it. */
export type TopicView = MetadataResponse['topics'][number];

/** How often brokers are asked again while a change propagates. */
const POLL_MS = 100;

/**
 * Calls `behind` until it returns null (settled), pausing between calls.
 * @param behind resolves with a description of what has not settled yet, or null.
 * @throws {RequestTimeoutError} quoting the last description after `timeoutMs`.
 */
export async function pollUntilSettled(
  behind: () => Promise<string | null>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lagging = await behind();
    if (lagging === null) return;
    if (Date.now() >= deadline) {
      throw new RequestTimeoutError(
        `the change did not settle within ${timeoutMs} ms: ${lagging}`,
        timeoutMs,
      );
    }
    await sleep(POLL_MS, signal);
  }
}

/**
 * Polls every broker's metadata for `topics` until `settled(view)` holds for each topic on each
 * broker, so a change made through the controller is visible wherever a client may ask.
 * @throws {RequestTimeoutError} naming the first topic and broker still behind after `timeoutMs`.
 */
export function waitOnEveryBroker(
  cluster: Cluster,
  topics: readonly string[],
  settled: (view: TopicView | undefined) => boolean,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const body = { topics: topics.map((name) => ({ name })), allowAutoTopicCreation: false };
  return pollUntilSettled(
    async () => {
      for (const broker of cluster.brokers.values()) {
        const response = await broker.request(apis.Metadata, body, { signal });
        const lagging = topics.find((name) => !settled(response.topics.find((t) => t.name === name)));
        if (lagging !== undefined) return `topic '${lagging}' on broker ${broker.id}`;
      }
      return null;
    },
    timeoutMs,
    signal,
  );
}

/** The topic exists with all its partitions led. */
export const isReady =
  (partitions?: number) =>
  (view: TopicView | undefined): boolean =>
    view !== undefined &&
    view.errorCode === 0 &&
    view.partitions.length > 0 &&
    (partitions === undefined || view.partitions.length === partitions) &&
    view.partitions.every((p) => p.leaderId >= 0);

/** The broker no longer knows the topic. */
export const isGone = (view: TopicView | undefined): boolean => view === undefined || view.errorCode === 3;
