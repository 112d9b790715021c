import type { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { AbortedError } from '@tskafka/network';
import zookeeper from 'node-zookeeper-client';
import { ZooKeeperError } from './errors.js';
import { Liveness } from './liveness.js';

/** What the session tells its listeners. `expired` is final: the session and its ephemeral nodes are gone. */
export type SessionEvent = 'connected' | 'disconnected' | 'expired';

/** A znode's data and who owns it (the session id in hex; all zeros for a persistent node). */
export interface NodeData {
  readonly data: Buffer;
  readonly ephemeralOwner: string;
}

/**
 * The few ZooKeeper calls the balanced consumer makes, as promises. Absent nodes are `null` /
 * `false` rather than errors; every other failure rejects with a {@link ZooKeeperError}. A watcher
 * fires once, on the next change of what was read (the same function is registered once per path).
 */
export interface ZooKeeperSession {
  /** The session id in hex (what `ephemeralOwner` of this session's nodes holds). */
  readonly sessionId: string;
  /** Creates a node; false when it exists already. */
  create(path: string, data: Buffer, mode: 'persistent' | 'ephemeral'): Promise<boolean>;
  /** Creates `path` and its missing parents as persistent nodes. */
  ensurePath(path: string): Promise<void>;
  /** The children of `path`, or null when it does not exist. */
  children(path: string, watcher?: () => void): Promise<string[] | null>;
  /** The data of `path`, or null when it does not exist. */
  data(path: string, watcher?: () => void): Promise<NodeData | null>;
  /** Whether `path` exists; the watcher fires when it is created, changed or deleted. */
  exists(path: string, watcher?: () => void): Promise<boolean>;
  /** Deletes a node; false when it did not exist. */
  remove(path: string): Promise<boolean>;
  /** Subscribes to connection changes; returns the unsubscribe function. */
  onEvent(listener: (event: SessionEvent) => void): () => void;
  /** Ends the session (its ephemeral nodes vanish) and releases the socket; idempotent. */
  close(): Promise<void>;
}

/** How to open a session: {@link connectZooKeeper}, or a fake in unit tests. */
export type ZooKeeperConnector = (connect: string, options: ConnectOptions) => Promise<ZooKeeperSession>;

export interface ConnectOptions {
  /** Session timeout asked of the server, and the time allowed to connect. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
}

/** node-zookeeper-client's connection manager: its state numbers and socket are not in the typings. */
interface ConnectionManager extends EventEmitter {
  state: number;
  socket?: Socket;
  /** Its connect timer, which it clears only on a socket error or connect, not on a close. */
  connectTimeoutHandler: NodeJS.Timeout | null;
  setState(state: number): void;
}
const CLOSED = -2;
const CLOSING = -1;
const CONNECTED = 2;
const CONNECTED_READ_ONLY = 3;
/** Delay between rounds of connection attempts (the library's default is 1 s). */
const SPIN_DELAY_MS = 250;
/** How long close() waits for the server to end the session before dropping the socket. */
const CLOSE_WAIT_MS = 2_000;

/**
 * Opens a ZooKeeper session on `connect` (`host:port[,host:port...][/chroot]`).
 * @throws {ZooKeeperError} `CONNECT_TIMEOUT` when no server accepted a session within
 *   `timeoutMs` (everything opened is closed first)
 * @throws {AbortedError} when `signal` aborts first
 */
export async function connectZooKeeper(connect: string, options: ConnectOptions): Promise<ZooKeeperSession> {
  const client = zookeeper.createClient(connect, {
    sessionTimeout: options.timeoutMs,
    spinDelay: SPIN_DELAY_MS,
    retries: 0,
  });
  const session = new Session(client);
  const { signal } = options;
  try {
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        client.removeListener('connected', onConnected);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onConnected = (): void => done();
      const onAbort = (): void =>
        done(new AbortedError('connecting to ZooKeeper was aborted', { cause: signal?.reason }));
      const timer = setTimeout(
        () =>
          done(
            new ZooKeeperError(
              'CONNECT_TIMEOUT',
              `no ZooKeeper server of ${connect} answered within ${options.timeoutMs} ms`,
            ),
          ),
        options.timeoutMs,
      );
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      client.once('connected', onConnected);
      client.connect();
    });
  } catch (error) {
    await session.close();
    throw error;
  }
  session.watchLiveness();
  return session;
}

class Session implements ZooKeeperSession {
  readonly #client: zookeeper.Client;
  readonly #pending = new Set<(error: ZooKeeperError) => void>();
  readonly #listeners = new Set<(event: SessionEvent) => void>();
  #closing: Promise<void> | null = null;
  #ended: ZooKeeperError | null = null;
  #liveness: Liveness | null = null;

  constructor(client: zookeeper.Client) {
    this.#client = client;
    client.on('connected', () => {
      this.#liveness?.connected(true);
      this.#emit('connected');
    });
    client.on('disconnected', () => {
      this.#liveness?.connected(false);
      this.#emit('disconnected');
    });
    client.on('expired', () => {
      // The library stops reconnecting and never answers what is queued: fail it here.
      this.#end(new ZooKeeperError('SESSION_EXPIRED', 'the ZooKeeper session expired'));
      this.#emit('expired');
    });
  }

  /** Starts watching for a silent server, once connected (the negotiated timeout is known then). */
  watchLiveness(): void {
    this.#liveness ??= new Liveness(
      this.#client.getSessionTimeout(),
      () => this.exists('/'),
      () => this.#manager.socket?.destroy(),
    );
    this.#liveness.start();
  }

  get #manager(): ConnectionManager {
    return (this.#client as unknown as { connectionManager: ConnectionManager }).connectionManager;
  }

  get sessionId(): string {
    return this.#client.getSessionId().toString('hex');
  }

  create(path: string, data: Buffer, mode: 'persistent' | 'ephemeral'): Promise<boolean> {
    const flag = mode === 'ephemeral' ? zookeeper.CreateMode.EPHEMERAL : zookeeper.CreateMode.PERSISTENT;
    return this.#call<boolean>(`create ${path}`, (done) =>
      this.#client.create(path, data, flag, (error) =>
        codeOf(error) === 'NODE_EXISTS' ? done(null, false) : done(error, true),
      ),
    );
  }

  ensurePath(path: string): Promise<void> {
    return this.#call<void>(`mkdirp ${path}`, (done) =>
      this.#client.mkdirp(path, zookeeper.CreateMode.PERSISTENT, (error) => done(error, undefined)),
    );
  }

  children(path: string, watcher?: () => void): Promise<string[] | null> {
    return this.#call<string[] | null>(`getChildren ${path}`, (done) => {
      const callback = (error: unknown, children: string[]): void =>
        codeOf(error) === 'NO_NODE' ? done(null, null) : done(error, children);
      if (watcher === undefined) this.#client.getChildren(path, callback);
      else this.#client.getChildren(path, watcher, callback);
    });
  }

  data(path: string, watcher?: () => void): Promise<NodeData | null> {
    return this.#call<NodeData | null>(`getData ${path}`, (done) => {
      const callback = (error: unknown, data: Buffer | undefined, stat: zookeeper.Stat | undefined): void =>
        codeOf(error) === 'NO_NODE'
          ? done(null, null)
          : done(error, {
              data: data ?? Buffer.alloc(0),
              ephemeralOwner: stat?.ephemeralOwner.toString('hex') ?? '',
            });
      if (watcher === undefined) this.#client.getData(path, callback);
      else this.#client.getData(path, watcher, callback);
    });
  }

  exists(path: string, watcher?: () => void): Promise<boolean> {
    return this.#call<boolean>(`exists ${path}`, (done) => {
      const callback = (error: unknown, stat: zookeeper.Stat | null): void => done(error, stat != null);
      if (watcher === undefined) this.#client.exists(path, callback);
      else this.#client.exists(path, watcher, callback);
    });
  }

  remove(path: string): Promise<boolean> {
    return this.#call<boolean>(`delete ${path}`, (done) =>
      this.#client.remove(path, (error) =>
        codeOf(error) === 'NO_NODE' ? done(null, false) : done(error, true),
      ),
    );
  }

  onEvent(listener: (event: SessionEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#end(new ZooKeeperError('CLOSED', 'the ZooKeeper session was closed'));
    this.#listeners.clear();
    const manager = this.#manager;
    if (manager.state === CLOSED) return;
    const closed = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        // No answer in time (server gone, or between connection attempts): drop the socket.
        manager.removeListener('state', onState);
        manager.socket?.destroy();
        resolve();
      }, CLOSE_WAIT_MS);
      const onState = (state: number): void => {
        if (state !== CLOSED) return;
        clearTimeout(timer);
        manager.removeListener('state', onState);
        resolve();
      };
      manager.on('state', onState);
    });
    if (manager.state === CONNECTED || manager.state === CONNECTED_READ_ONLY) this.#client.close();
    else {
      // Not connected (yet, or again): no session to end politely. The library's close() would
      // queue a request that the server's handshake answer is then misread as, and throw from
      // its socket handler; stop its reconnecting and drop the socket instead.
      manager.setState(CLOSING);
      manager.socket?.destroy();
    }
    await closed;
    if (manager.connectTimeoutHandler !== null) clearTimeout(manager.connectTimeoutHandler);
    this.#client.removeAllListeners();
  }

  /** Fails every call still waiting and every later one. */
  #end(error: ZooKeeperError): void {
    this.#ended ??= error;
    this.#liveness?.stop();
    for (const reject of this.#pending) reject(error);
    this.#pending.clear();
  }

  #emit(event: SessionEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  /** Runs one library call; a session that ends meanwhile rejects it (the library would never answer). */
  #call<T>(what: string, start: (done: (error: unknown, value: T) => void) => void): Promise<T> {
    if (this.#ended !== null) return Promise.reject(this.#ended);
    return new Promise<T>((resolve, reject) => {
      const onEnd = (error: ZooKeeperError): void => reject(error);
      this.#pending.add(onEnd);
      try {
        start((error, value) => {
          this.#pending.delete(onEnd);
          if (error == null) resolve(value);
          else reject(new ZooKeeperError(codeOf(error), `ZooKeeper ${what} failed`, { cause: error }));
        });
      } catch (error) {
        // Path validation throws synchronously.
        this.#pending.delete(onEnd);
        reject(new ZooKeeperError('BAD_ARGUMENTS', `ZooKeeper ${what} failed`, { cause: error }));
      }
    });
  }
}

/** The library's error name (`NODE_EXISTS`, `NO_NODE`, `CONNECTION_LOSS`, ...), or `UNKNOWN`. */
function codeOf(error: unknown): string {
  if (error == null) return 'OK';
  const name = (error as { getName?: () => string }).getName?.();
  return typeof name === 'string' ? name : 'UNKNOWN';
}
