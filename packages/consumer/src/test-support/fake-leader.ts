import { Cluster } from '@tskafka/network';
import { type ScriptedBroker, scriptedBroker } from '@tskafka/network/test-support';
import { type Api, apis, decodeRequest, encodeResponse, type ResponseInputOf } from '@tskafka/protocol';

/** The topic every fake serves, and its id (what Fetch v13+ names it by) unless the script changes it. */
export const TOPIC = 'fake-topic';
export const TOPIC_ID = 'AAAAAAAAAAAAAAAAAAAAAQ';

/** One partition's answer to a Fetch, as a test scripts it. */
export interface FetchAnswer {
  errorCode?: number;
  records?: Buffer | null;
  highWatermark?: bigint;
}

/** The leader's answer to OffsetForLeaderEpoch for one partition. */
export interface EpochEndAnswer {
  errorCode?: number;
  leaderEpoch?: number;
  endOffset?: bigint;
}

/** A partition of a Fetch request as the fake received it. */
export interface SeenFetch {
  partition: number;
  fetchOffset: bigint;
  currentLeaderEpoch: number;
}

/** A request to a {@link FakeLeader}, decoded. */
export type Seen =
  | { api: 'Fetch'; partitions: SeenFetch[] /** The topic ids it named (v13+). */; topicIds: string[] }
  | {
      api: 'OffsetForLeaderEpoch';
      partitions: { partition: number; currentLeaderEpoch: number; leaderEpoch: number }[];
    }
  | { api: 'Metadata' | 'ListOffsets' | 'OffsetFetch' | 'OffsetCommit'; body: unknown };

/** A group's committed offset for one partition, as the fake's offset store holds it. */
export interface CommittedAnswer {
  offset: bigint;
  leaderEpoch: number;
}

/** What a test scripts: the state metadata reports, and the answers to Fetch and OffsetForLeaderEpoch. */
export interface FakeScript {
  /** The partition leader epoch metadata reports (mutable: a test bumps it for a leader change). */
  leaderEpoch: number;
  /** Whether metadata knows the topic (mutable: false once deleted). */
  exists: boolean;
  /** The topic id metadata reports (mutable: a re-created topic gets a new one). Default {@link TOPIC_ID}. */
  topicId?: string;
  /** The group's committed offset of a partition (this broker is every group's coordinator); default none. */
  committed?(partition: number): CommittedAnswer | undefined;
  /** Partitions of the topic (default 1). */
  partitions?: number;
  /** The leader metadata names for a partition: 0 (this broker, the default) or -1 (none). */
  leader?(partition: number): number;
  /** Log start and end for ListOffsets EARLIEST / LATEST. */
  logStart: bigint;
  logEnd: bigint;
  /** Answers a Fetch for one partition; undefined leaves it out of the response (no news). */
  fetch(request: SeenFetch): FetchAnswer | undefined;
  /** Answers OffsetForLeaderEpoch for one partition. */
  epochEnd?(request: { partition: number; leaderEpoch: number }): EpochEndAnswer;
}

/** A one-broker cluster leading one topic (one partition unless the script says more), scripted by the test. */
export interface FakeLeader {
  readonly broker: ScriptedBroker;
  /** A cluster client on it (closed by {@link close}). */
  readonly cluster: Cluster;
  /** Every request but ApiVersions, decoded, in arrival order. */
  readonly seen: Seen[];
  close(): Promise<void>;
}

/** Delay of a Fetch answer with no records, standing in for the broker's `maxWaitMs` long poll. */
const EMPTY_FETCH_DELAY_MS = 20;

/** Starts a {@link FakeLeader} that behaves as `script` says. */
export async function fakeLeader(script: FakeScript): Promise<FakeLeader> {
  const seen: Seen[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let port = 0;
  const broker = await scriptedBroker(
    [
      apis.Metadata,
      apis.ListOffsets,
      apis.Fetch,
      apis.OffsetForLeaderEpoch,
      apis.FindCoordinator,
      apis.OffsetFetch,
      apis.OffsetCommit,
    ],
    (request, socket) => {
      const answer = <A extends Api>(api: A, body: ResponseInputOf<A>, delayMs = 0) => {
        const frame = encodeResponse(api, request.version, request.correlationId, body);
        if (delayMs === 0) return void socket.write(frame);
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!socket.destroyed) socket.write(frame);
        }, delayMs);
        timers.add(timer);
      };
      switch (request.apiKey) {
        case apis.Metadata.key: {
          seen.push({
            api: 'Metadata',
            body: decodeRequest(apis.Metadata, request.version, request.payload).body,
          });
          const partitions = Array.from({ length: script.partitions ?? 1 }, (_, partitionIndex) => {
            const leaderId = script.leader?.(partitionIndex) ?? 0;
            return {
              errorCode: leaderId < 0 ? 5 : 0,
              partitionIndex,
              leaderId,
              leaderEpoch: script.leaderEpoch,
              replicaNodes: [0],
              isrNodes: leaderId < 0 ? [] : [0],
              offlineReplicas: [],
            };
          });
          const topicId = script.topicId ?? TOPIC_ID;
          const topic = script.exists
            ? { errorCode: 0, name: TOPIC, topicId, isInternal: false, partitions }
            : { errorCode: 3, name: TOPIC, topicId, isInternal: false, partitions: [] };
          return answer(apis.Metadata, {
            brokers: [{ nodeId: 0, host: '127.0.0.1', port }],
            controllerId: 0,
            topics: [topic],
          } as ResponseInputOf<typeof apis.Metadata>);
        }
        case apis.ListOffsets.key: {
          const body = decodeRequest(apis.ListOffsets, request.version, request.payload).body;
          seen.push({ api: 'ListOffsets', body });
          const topics = body.topics.map((t) => ({
            name: t.name,
            partitions: t.partitions.map((p) => ({
              partitionIndex: p.partitionIndex,
              errorCode: 0,
              offset: p.timestamp === -2n ? script.logStart : script.logEnd,
            })),
          }));
          return answer(apis.ListOffsets, { topics } as ResponseInputOf<typeof apis.ListOffsets>);
        }
        case apis.Fetch.key: {
          const body = decodeRequest(apis.Fetch, request.version, request.payload).body;
          const partitions = body.topics.flatMap((t) =>
            t.partitions.map((p) => ({
              partition: p.partition,
              fetchOffset: p.fetchOffset,
              currentLeaderEpoch: p.currentLeaderEpoch,
            })),
          );
          const topicIds = request.version >= 13 ? body.topics.map((t) => t.topicId) : [];
          seen.push({ api: 'Fetch', partitions, topicIds });
          // A topic id this broker does not know (the topic was re-created): UNKNOWN_TOPIC_ID.
          const unknownId = topicIds.some((id) => id !== (script.topicId ?? TOPIC_ID));
          const answers = partitions.flatMap((p) => {
            const a = unknownId ? { errorCode: 100 } : script.fetch(p);
            if (a === undefined) return [];
            return [
              {
                partitionIndex: p.partition,
                errorCode: a.errorCode ?? 0,
                highWatermark: a.highWatermark ?? script.logEnd,
                records: a.records ?? null,
                abortedTransactions: null,
              },
            ];
          });
          const empty = answers.every((a) => a.records === null && a.errorCode === 0);
          return answer(
            apis.Fetch,
            {
              errorCode: 0,
              sessionId: 0,
              responses:
                answers.length === 0
                  ? []
                  : [{ topic: TOPIC, topicId: script.topicId ?? TOPIC_ID, partitions: answers }],
            } as ResponseInputOf<typeof apis.Fetch>,
            empty ? EMPTY_FETCH_DELAY_MS : 0,
          );
        }
        case apis.OffsetForLeaderEpoch.key: {
          const body = decodeRequest(apis.OffsetForLeaderEpoch, request.version, request.payload).body;
          const partitions = body.topics.flatMap((t) => t.partitions);
          seen.push({ api: 'OffsetForLeaderEpoch', partitions });
          const answers = partitions.map((p) => {
            const a = script.epochEnd?.(p) ?? {};
            return {
              partition: p.partition,
              errorCode: a.errorCode ?? 0,
              leaderEpoch: a.leaderEpoch ?? -1,
              endOffset: a.endOffset ?? -1n,
            };
          });
          return answer(apis.OffsetForLeaderEpoch, {
            topics: [{ topic: TOPIC, partitions: answers }],
          } as ResponseInputOf<typeof apis.OffsetForLeaderEpoch>);
        }
        case apis.FindCoordinator.key: {
          const coordinator = { nodeId: 0, host: '127.0.0.1', port, errorCode: 0, errorMessage: null };
          const body = request.version >= 4 ? { coordinators: [{ key: 'g', ...coordinator }] } : coordinator;
          return answer(apis.FindCoordinator, body as ResponseInputOf<typeof apis.FindCoordinator>);
        }
        case apis.OffsetFetch.key: {
          const body = decodeRequest(apis.OffsetFetch, request.version, request.payload).body;
          seen.push({ api: 'OffsetFetch', body });
          const asked = (body.groups?.[0]?.topics ?? body.topics ?? []).flatMap((t) => t.partitionIndexes);
          const partitions = asked.map((partitionIndex) => {
            const c = script.committed?.(partitionIndex);
            return {
              partitionIndex,
              committedOffset: c?.offset ?? -1n,
              committedLeaderEpoch: c?.leaderEpoch ?? -1,
              metadata: '',
              errorCode: 0,
            };
          });
          const topics = [{ name: TOPIC, topicId: script.topicId ?? TOPIC_ID, partitions }];
          const reply =
            request.version >= 8
              ? { groups: [{ groupId: body.groups?.[0]?.groupId ?? '', topics, errorCode: 0 }] }
              : { topics, errorCode: 0 };
          return answer(apis.OffsetFetch, reply as ResponseInputOf<typeof apis.OffsetFetch>);
        }
        case apis.OffsetCommit.key: {
          const body = decodeRequest(apis.OffsetCommit, request.version, request.payload).body;
          seen.push({ api: 'OffsetCommit', body });
          const topics = body.topics.map((t) => ({
            ...t,
            partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: 0 })),
          }));
          return answer(apis.OffsetCommit, { topics } as ResponseInputOf<typeof apis.OffsetCommit>);
        }
        default:
          socket.destroy();
      }
    },
  );
  port = broker.port;
  const cluster = new Cluster({
    bootstrap: [{ host: '127.0.0.1', port }],
    retry: { initialBackoffMs: 10, maxBackoffMs: 100 },
  });
  return {
    broker,
    cluster,
    seen,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      await cluster.close();
      await broker.close();
    },
  };
}

/** The Fetch requests among `seen`, flattened to their partitions. */
export function fetchesOf(seen: readonly Seen[]): SeenFetch[] {
  return seen.flatMap((s) => (s.api === 'Fetch' ? s.partitions : []));
}

/** Waits until `check` holds (polling every 5 ms), failing after `timeoutMs`. */
export async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
