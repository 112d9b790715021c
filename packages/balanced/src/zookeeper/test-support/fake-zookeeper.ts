import { ZooKeeperError } from '../errors.js';
import type { NodeData, SessionEvent, ZooKeeperSession } from '../zk-session.js';

interface Node {
  data: Buffer;
  /** Session id of an ephemeral node, '' for a persistent one. */
  owner: string;
}

type Watches = Map<string, Map<FakeSession, Set<() => void>>>;

/**
 * An in-memory ZooKeeper for unit tests: nodes, ephemeral nodes that vanish with their session,
 * one-shot child and data watches, and sessions a test can disconnect, reconnect and expire.
 */
export class FakeZooKeeper {
  readonly nodes = new Map<string, Node>([['/', { data: Buffer.alloc(0), owner: '' }]]);
  readonly #childWatches: Watches = new Map();
  readonly #dataWatches: Watches = new Map();
  #nextSession = 1;

  /** Opens a session. */
  connect(): FakeSession {
    return new FakeSession(this, (this.#nextSession++).toString(16).padStart(16, '0'));
  }

  /** The children of `path`, sorted. */
  childrenOf(path: string): string[] {
    const prefix = path === '/' ? '/' : `${path}/`;
    return [...this.nodes.keys()]
      .filter((p) => p.startsWith(prefix) && p !== '/' && !p.slice(prefix.length).includes('/'))
      .map((p) => p.slice(prefix.length))
      .sort();
  }

  /** Ends `session` on the server side: its ephemeral nodes go, its watches are dropped. */
  expire(session: FakeSession): void {
    for (const [path, node] of [...this.nodes]) if (node.owner === session.sessionId) this.delete(path);
    for (const watches of [this.#childWatches, this.#dataWatches])
      for (const bySession of watches.values()) bySession.delete(session);
  }

  create(path: string, node: Node): 'created' | 'exists' | 'no-parent' {
    if (this.nodes.has(path)) return 'exists';
    if (!this.nodes.has(parentOf(path))) return 'no-parent';
    this.nodes.set(path, node);
    this.#fire(this.#childWatches, parentOf(path));
    return 'created';
  }

  delete(path: string): boolean {
    if (!this.nodes.delete(path)) return false;
    this.#fire(this.#childWatches, parentOf(path));
    this.#fire(this.#dataWatches, path);
    return true;
  }

  watch(kind: 'child' | 'data', session: FakeSession, path: string, watcher: () => void): void {
    const watches = kind === 'child' ? this.#childWatches : this.#dataWatches;
    const bySession = watches.get(path) ?? new Map<FakeSession, Set<() => void>>();
    watches.set(path, bySession);
    const set = bySession.get(session) ?? new Set();
    bySession.set(session, set);
    set.add(watcher);
  }

  #fire(watches: Watches, path: string): void {
    const bySession = watches.get(path);
    if (bySession === undefined) return;
    watches.delete(path);
    for (const set of bySession.values()) for (const watcher of set) queueMicrotask(watcher);
  }
}

/** One session of a {@link FakeZooKeeper}. While disconnected, calls wait as the real client's do. */
export class FakeSession implements ZooKeeperSession {
  readonly sessionId: string;
  readonly #server: FakeZooKeeper;
  readonly #listeners = new Set<(event: SessionEvent) => void>();
  #connected = true;
  #ended: ZooKeeperError | null = null;
  #waiting: Array<{ go: () => void; fail: (error: ZooKeeperError) => void }> = [];
  closed = false;

  constructor(server: FakeZooKeeper, id: string) {
    this.#server = server;
    this.sessionId = id;
  }

  /** The connection drops (the session lives on in the server). */
  disconnect(): void {
    this.#connected = false;
    this.#emit('disconnected');
  }

  /** The connection comes back within the session timeout. */
  reconnect(): void {
    this.#connected = true;
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const w of waiting) w.go();
    this.#emit('connected');
  }

  /** The server expired the session and the client learns it. */
  expire(): void {
    this.#server.expire(this);
    this.#end(new ZooKeeperError('SESSION_EXPIRED', 'expired'));
    this.#emit('expired');
  }

  async create(path: string, data: Buffer, mode: 'persistent' | 'ephemeral'): Promise<boolean> {
    await this.#ready();
    const result = this.#server.create(path, { data, owner: mode === 'ephemeral' ? this.sessionId : '' });
    if (result === 'no-parent') throw new ZooKeeperError('NO_NODE', `no parent for ${path}`);
    return result === 'created';
  }

  async ensurePath(path: string): Promise<void> {
    await this.#ready();
    let at = '';
    for (const part of path.split('/').slice(1)) {
      at = `${at}/${part}`;
      this.#server.create(at, { data: Buffer.alloc(0), owner: '' });
    }
  }

  async children(path: string, watcher?: () => void): Promise<string[] | null> {
    await this.#ready();
    if (!this.#server.nodes.has(path)) return null;
    if (watcher !== undefined) this.#server.watch('child', this, path, watcher);
    return this.#server.childrenOf(path);
  }

  async data(path: string, watcher?: () => void): Promise<NodeData | null> {
    await this.#ready();
    const node = this.#server.nodes.get(path);
    if (node === undefined) return null;
    if (watcher !== undefined) this.#server.watch('data', this, path, watcher);
    return { data: node.data, ephemeralOwner: node.owner || '0'.repeat(16) };
  }

  async exists(path: string, watcher?: () => void): Promise<boolean> {
    await this.#ready();
    if (watcher !== undefined) this.#server.watch('data', this, path, watcher);
    return this.#server.nodes.has(path);
  }

  async remove(path: string): Promise<boolean> {
    await this.#ready();
    return this.#server.delete(path);
  }

  onEvent(listener: (event: SessionEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.#ended === null) this.#server.expire(this);
    this.#end(new ZooKeeperError('CLOSED', 'closed'));
    this.#listeners.clear();
  }

  #end(error: ZooKeeperError): void {
    this.#ended ??= error;
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const w of waiting) w.fail(error);
  }

  #emit(event: SessionEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  #ready(): Promise<void> {
    if (this.#ended !== null) return Promise.reject(this.#ended);
    if (this.#connected) return Promise.resolve();
    return new Promise((go, fail) => this.#waiting.push({ go, fail }));
  }
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}
