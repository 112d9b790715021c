import { AbortedError, type Logger, sleep } from '@tskafka/network';
import type { MembershipProtocol, PartitionPlacement } from '../membership-protocols.js';
import { PartitionOwnedError, ZooKeeperError } from './errors.js';
import { type GroupPaths, ownerSlug, partitionOfSlug } from './paths.js';
import type { SessionEvent, ZooKeeperSession } from './zk-session.js';

/** The consuming side a rebalance drives (the group consumer's `AssignedConsumer`). */
export interface AssignmentTarget {
  readonly partitions: number[];
  /** Makes `partitions` the complete assignment (revoking, with a commit, what is not listed). */
  assign(partitions: readonly number[]): Promise<void>;
  /** Stops delivering `partitions`, committing their positions when auto-commit is on. */
  revoke(partitions: readonly number[]): Promise<void>;
  /** Stops delivering `partitions` (default all) without committing. */
  lose(partitions?: readonly number[]): Promise<void>;
}

/** Where the topic's partitions come from (see `TopicPartitions`). */
export interface PartitionSource {
  read(refresh: boolean, signal: AbortSignal): Promise<PartitionPlacement[]>;
  watchBrokers(session: ZooKeeperSession): Promise<boolean>;
}

export interface CoordinatorOptions {
  readonly topic: string;
  readonly consumerId: string;
  readonly paths: GroupPaths;
  readonly protocol: MembershipProtocol;
  readonly maxRetries: number;
  readonly backoffMs: number;
  /** The ZooKeeper timeout: bounds the clean-up at stop. */
  readonly timeoutMs: number;
  /** Opens a new session (at start and after one expired). */
  readonly connect: (signal: AbortSignal) => Promise<ZooKeeperSession>;
  readonly partitions: PartitionSource;
  readonly assignment: AssignmentTarget;
  /** Surfaces a failure to the next `consume()`. */
  readonly fail: (error: unknown) => void;
  readonly logger: Logger;
}

/**
 * PyKafka's ZooKeeper rebalancing, one topic, one member. Registers the member
 * (`/ids/<consumer id>`, ephemeral, data = topic), watches the members and the topic's partitions,
 * and on every change decides this member's partitions with the membership protocol, releases
 * ownership nodes it should no longer hold (after their offsets are committed) and creates the
 * new ones (`/owners/<topic>/<leader>-<partition>`, ephemeral, data = consumer id). A partition
 * whose node someone else still holds is retried with backoff (attempt × backoffMs).
 *
 * Never two owners: on a lost connection the member stops delivering at once (before its session
 * can expire and its nodes be taken); after expiry it opens a new session, registers again and
 * rebalances. Changes that arrive during a rebalance are folded into one more rebalance.
 */
export class ZooKeeperCoordinator {
  readonly #o: CoordinatorOptions;
  readonly #stopping = new AbortController();
  #session: ZooKeeperSession | null = null;
  #connected = false;
  #dirty = false;
  #refresh = true;
  #loop: Promise<void> | null = null;
  #retryTimer: NodeJS.Timeout | null = null;
  /** The ownership node that failed the last attempt. */
  #blocker = '';
  /** Ends the current backoff early: something changed, so the next attempt may succeed. */
  #wake: (() => void) | null = null;
  #first: { resolve: () => void; reject: (error: unknown) => void } | null = null;
  readonly #onMembersChanged = (): void => this.trigger('members changed');
  /** One watcher for every blocking node: the library keeps a watcher until it fires, once per function. */
  readonly #onBlockerGone = (): void => this.#wake?.();

  constructor(options: CoordinatorOptions) {
    this.#o = options;
  }

  /** The session in use (null between an expiry and the next session). */
  get session(): ZooKeeperSession | null {
    return this.#session;
  }

  /**
   * Connects, registers and runs the first rebalance; resolves once its assignment is applied.
   * Later changes are handled in the background until {@link stop}.
   * @throws {ZooKeeperError} when ZooKeeper cannot be reached (`CONNECT_TIMEOUT`) or the first
   *   rebalance fails after its retries
   */
  start(signal: AbortSignal): Promise<void> {
    signal.addEventListener('abort', () => this.#stopping.abort(signal.reason), { once: true });
    if (signal.aborted) this.#stopping.abort(signal.reason);
    const first = new Promise<void>((resolve, reject) => {
      this.#first = { resolve, reject };
    });
    this.trigger('start');
    return first;
  }

  /** Asks for a rebalance (coalesced with one running). `refresh` re-reads the topic's metadata. */
  trigger(reason: string, refresh = false): void {
    if (this.#stopping.signal.aborted) return;
    this.#o.logger.debug({ topic: this.#o.topic, reason }, 'rebalance requested');
    this.#dirty = true;
    this.#refresh ||= refresh;
    this.#wake?.();
    this.#kick();
  }

  /** Runs the rebalance loop unless it runs; a request that came as it ended starts it again. */
  #kick(): void {
    if (this.#loop !== null || this.#stopping.signal.aborted) return;
    this.#loop = this.#run().finally(() => {
      this.#loop = null;
      if (this.#dirty) this.#kick();
    });
  }

  /**
   * Stops rebalancing, deletes this member's ownership nodes and registration, and closes the
   * session. Call after the assigned partitions' offsets were committed.
   */
  async stop(): Promise<void> {
    this.#stopping.abort(new AbortedError('the balanced consumer is closing'));
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    await this.#loop;
    const session = this.#session;
    this.#session = null;
    if (session === null) return;
    try {
      // Bounded: a call made while the connection is down waits for it to come back.
      if (this.#connected) await within(this.#release(session), this.#o.timeoutMs);
    } catch (error) {
      this.#o.logger.warn({ error }, 'could not delete ownership nodes; they vanish with the session');
    } finally {
      await session.close();
    }
  }

  async #run(): Promise<void> {
    while (this.#dirty && !this.#stopping.signal.aborted) {
      this.#dirty = false;
      try {
        await this.#rebalance();
        this.#first?.resolve();
        this.#first = null;
      } catch (error) {
        if (this.#stopping.signal.aborted) break;
        this.#o.logger.warn({ topic: this.#o.topic, error }, 'rebalance failed after its retries');
        if (this.#first !== null) {
          this.#first.reject(error);
          this.#first = null;
          this.#dirty = false;
          return;
        }
        this.#o.fail(error);
        // Try again later even if nothing changes (PyKafka would stay short of partitions).
        if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
        this.#retryTimer = setTimeout(
          () => {
            this.#retryTimer = null;
            this.trigger('retry', true);
          },
          Math.max(this.#o.backoffMs * this.#o.maxRetries, 1_000),
        );
      }
    }
    if (this.#stopping.signal.aborted) this.#first?.reject(this.#stopping.signal.reason);
  }

  /**
   * Up to `maxRetries` failed attempts, the n-th (0-based) retried after n × backoffMs, as PyKafka.
   * A retry woken early because the node in its way was deleted is progress and does not count.
   */
  async #rebalance(): Promise<void> {
    for (let failures = 0, first = true; ; first = false) {
      const refresh = this.#refresh || !first;
      this.#refresh = false;
      try {
        await this.#attempt(refresh);
        return;
      } catch (error) {
        if (this.#stopping.signal.aborted || failures + 1 >= this.#o.maxRetries) throw error;
        // At start-up an unreachable ZooKeeper fails ready() within the connection timeout.
        if (this.#first !== null && error instanceof ZooKeeperError && error.code === 'CONNECT_TIMEOUT')
          throw error;
        this.#o.logger.info({ topic: this.#o.topic, failures, error }, 'rebalance attempt failed; retrying');
        const blocker = error instanceof PartitionOwnedError ? this.#blocker : null;
        if (!(await this.#backoff(failures * this.#o.backoffMs, blocker))) failures++;
      }
    }
  }

  async #attempt(refresh: boolean): Promise<void> {
    const signal = this.#stopping.signal;
    const session = await this.#ensureSession();
    const wait = <T>(promise: Promise<T>): Promise<T> => untilAborted(promise, signal);
    await wait(this.#register(session));
    const participants = await wait(this.#participants(session));
    const placements = await wait(this.#o.partitions.read(refresh, signal));
    const wanted = this.#decide(participants, placements);
    const leaderOf = new Map(placements.map((p) => [p.id, p.leader]));
    const nodes = await wait(this.#ownerNodes(session));
    const assignment = this.#o.assignment;

    // What ZooKeeper says this member owns decides: never consume a partition without its node.
    const ownedNodes = [...nodes].filter(([, node]) => node.owner === this.#o.consumerId);
    const owned = new Set(ownedNodes.map(([, node]) => node.partition));
    const unowned = assignment.partitions.filter((p) => !owned.has(p));
    if (unowned.length > 0) await wait(assignment.lose(unowned));
    const release = [...owned].filter((p) => !wanted.has(p));
    const held = new Set(assignment.partitions);
    const releaseHeld = release.filter((p) => held.has(p));
    if (releaseHeld.length > 0) await wait(assignment.revoke(releaseHeld));
    // Offsets are committed: now let others take them. Nodes named after an old leader go too.
    const stale = ownedNodes.filter(
      ([slug, node]) =>
        !wanted.has(node.partition) || slug !== ownerSlug(leaderOf.get(node.partition) ?? -1, node.partition),
    );
    await wait(Promise.all(stale.map(([slug]) => session.remove(this.#o.paths.owner(slug)))));
    for (const [, node] of stale) owned.delete(node.partition);

    let blocked: PartitionOwnedError | null = null;
    for (const partition of [...wanted].sort((a, b) => a - b)) {
      if (owned.has(partition)) continue;
      const other = [...nodes].find(([, n]) => n.partition === partition && n.owner !== this.#o.consumerId);
      const slug = ownerSlug(leaderOf.get(partition) ?? -1, partition);
      const taken =
        other === undefined &&
        (await wait(session.create(this.#o.paths.owner(slug), Buffer.from(this.#o.consumerId), 'ephemeral')));
      if (taken) owned.add(partition);
      else if (blocked === null) {
        this.#blocker = this.#o.paths.owner(other?.[0] ?? slug);
        blocked = new PartitionOwnedError(
          partition,
          other?.[1].owner ?? (await this.#ownerOf(session, slug)),
        );
      }
    }
    // Consume what is owned now, even when some partition is still held by another member; but
    // not after the connection dropped meanwhile (the drop already stopped delivery).
    if (!this.#connected || session !== this.#session)
      throw new ZooKeeperError('CONNECTION_LOSS', 'the ZooKeeper connection dropped during the rebalance');
    await wait(assignment.assign([...owned]));
    // Joined: ready() need not wait for the retries of a partition someone still holds.
    this.#first?.resolve();
    this.#first = null;
    if (blocked !== null) throw blocked;
    this.#o.logger.info(
      {
        topic: this.#o.topic,
        consumerId: this.#o.consumerId,
        members: participants.length,
        partitions: [...owned],
      },
      'rebalance complete',
    );
  }

  /**
   * Waits `ms` before the next attempt, or less: until `blocker` (the ownership node that failed
   * the attempt) is deleted, as its owner does right after committing, or until another change
   * arrives (a member joined or left: the decision may differ). True when woken so.
   */
  async #backoff(ms: number, blocker: string | null): Promise<boolean> {
    const woken = new AbortController();
    let freed = false;
    const onFreed = (): void => {
      freed = true;
      woken.abort();
    };
    const onStop = (): void => woken.abort();
    this.#stopping.signal.addEventListener('abort', onStop, { once: true });
    this.#wake = onFreed;
    try {
      const waits = [sleep(ms, woken.signal)];
      const session = this.#session;
      if (blocker !== null && session !== null && ms > 0)
        waits.push(
          session
            .exists(blocker, this.#onBlockerGone)
            .then((exists) => (exists ? new Promise<void>(() => {}) : onFreed())),
        );
      await Promise.race(waits).catch(() => {});
    } finally {
      this.#wake = null;
      woken.abort();
      this.#stopping.signal.removeEventListener('abort', onStop);
    }
    if (this.#stopping.signal.aborted) throw this.#stopping.signal.reason;
    return freed;
  }

  /** The current session, or a new one (registered, watches set) after expiry or at start. */
  async #ensureSession(): Promise<ZooKeeperSession> {
    if (this.#session !== null) return this.#session;
    const session = await this.#o.connect(this.#stopping.signal);
    if (this.#stopping.signal.aborted) {
      await session.close();
      throw this.#stopping.signal.reason;
    }
    this.#session = session;
    this.#connected = true;
    session.onEvent((event) => this.#onSessionEvent(session, event));
    const wait = <T>(promise: Promise<T>): Promise<T> => untilAborted(promise, this.#stopping.signal);
    await wait(session.ensurePath(this.#o.paths.ids));
    await wait(session.ensurePath(this.#o.paths.owners));
    const brokers = await wait(this.#o.partitions.watchBrokers(session));
    this.#o.logger.info(
      { sessionId: session.sessionId, brokerWatches: brokers },
      brokers ? 'ZooKeeper session open; watching /brokers' : 'ZooKeeper session open; no /brokers here',
    );
    return session;
  }

  #onSessionEvent(session: ZooKeeperSession, event: SessionEvent): void {
    if (session !== this.#session || this.#stopping.signal.aborted) return;
    if (event === 'disconnected') {
      // The session may expire before we hear from ZooKeeper again, and then others take our
      // partitions: stop delivering now.
      this.#connected = false;
      this.#o.logger.warn({ topic: this.#o.topic }, 'ZooKeeper connection lost: partitions dropped');
      this.#loseAll();
    } else if (event === 'connected') {
      this.#connected = true;
      this.trigger('reconnected', true);
    } else {
      this.#connected = false;
      this.#session = null;
      void session.close();
      this.#loseAll();
      this.trigger('session expired', true);
    }
  }

  #loseAll(): void {
    this.#o.assignment.lose().catch((error: unknown) => {
      if (!this.#stopping.signal.aborted) this.#o.fail(error);
    });
  }

  /** Creates this member's registration node, or checks that the existing one is this session's. */
  async #register(session: ZooKeeperSession): Promise<void> {
    const path = this.#o.paths.member(this.#o.consumerId);
    if (await session.create(path, Buffer.from(this.#o.topic), 'ephemeral')) return;
    const node = await session.data(path);
    if (node === null || node.ephemeralOwner === session.sessionId) return;
    throw new ZooKeeperError(
      'NODE_EXISTS',
      `consumer id ${this.#o.consumerId} is registered by another session`,
    );
  }

  /** Members registered for this topic, watched: any change of the member list triggers a rebalance. */
  async #participants(session: ZooKeeperSession): Promise<string[]> {
    const ids = (await session.children(this.#o.paths.ids, this.#onMembersChanged)) ?? [];
    const topics = await Promise.all(ids.map((id) => session.data(this.#o.paths.member(id))));
    const members = ids.filter((_, i) => topics[i]?.data.toString() === this.#o.topic);
    if (!members.includes(this.#o.consumerId))
      throw new ZooKeeperError('NO_NODE', 'this member is not registered (its session ended)');
    return members;
  }

  /** Ownership nodes of the topic: name → partition and owner id. */
  async #ownerNodes(session: ZooKeeperSession): Promise<Map<string, { partition: number; owner: string }>> {
    const slugs = (await session.children(this.#o.paths.owners)) ?? [];
    const nodes = new Map<string, { partition: number; owner: string }>();
    await Promise.all(
      slugs.map(async (slug) => {
        const partition = partitionOfSlug(slug);
        const node = partition === null ? null : await session.data(this.#o.paths.owner(slug));
        if (partition !== null && node !== null) nodes.set(slug, { partition, owner: node.data.toString() });
      }),
    );
    return nodes;
  }

  async #ownerOf(session: ZooKeeperSession, slug: string): Promise<string> {
    return (await session.data(this.#o.paths.owner(slug)))?.data.toString() ?? '';
  }

  /** The protocol's decision, checked: a custom protocol may only name partitions that exist. */
  #decide(participants: string[], placements: PartitionPlacement[]): Set<number> {
    const ids = this.#o.protocol.decidePartitions(participants, placements, this.#o.consumerId);
    const exists = new Set(placements.map((p) => p.id));
    const bad = ids.find((id) => !exists.has(id));
    if (!Array.isArray(ids) || bad !== undefined)
      throw new TypeError(
        `membership protocol ${this.#o.protocol.name} returned a partition that does not exist: ${bad}`,
      );
    return new Set(ids);
  }

  /** Deletes this member's ownership nodes and registration (closing would too, a moment later). */
  async #release(session: ZooKeeperSession): Promise<void> {
    for (const [slug, node] of await this.#ownerNodes(session))
      if (node.owner === this.#o.consumerId) await session.remove(this.#o.paths.owner(slug));
    await session.remove(this.#o.paths.member(this.#o.consumerId));
  }
}

/** `promise`, or an AbortedError as soon as `signal` aborts (a ZooKeeper call waits while disconnected). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted)
    return Promise.reject(new AbortedError('the rebalance was stopped', { cause: signal.reason }));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void =>
      reject(new AbortedError('the rebalance was stopped', { cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Waits for `promise` at most `ms` (then goes on; the promise's outcome is ignored). */
async function within(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
    promise.catch(() => {});
  }
}
