import type { Duplex } from 'node:stream';
import { AbortedError, ConnectionError, RequestTimeoutError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import { DEFAULT_MAX_FRAME_BYTES, FrameSplitter } from './frame-splitter.js';
import { readerOf } from './socket-reader.js';

/** Tuning of a {@link FrameTransport}. */
export interface FrameTransportOptions {
  /** `host:port` used in errors and logs. */
  label: string;
  /** Requests written but not yet answered; more wait in a queue. Default 100. */
  maxInFlight?: number;
  /** Default per-request timeout in ms, counted from the call. Default 30 000. */
  requestTimeoutMs?: number;
  /** Largest response frame accepted. Default 256 MiB. */
  maxFrameBytes?: number;
  /** Where diagnostics go. Default silent. */
  logger?: Logger;
}

/** Per-request controls of {@link FrameTransport.send}. */
export interface SendOptions {
  /** Overrides the transport's default timeout for this request. */
  timeoutMs?: number;
  /** Rejects the request with {@link AbortedError} when it fires. */
  signal?: AbortSignal;
  /** Written even while the transport is paused (used by re-authentication). */
  bypassPause?: boolean;
}

/** A request frame: one buffer, or several written back to back (a gathered frame, see `encodeRequestChunks`). */
export type Frame = Uint8Array | readonly Uint8Array[];

interface Pending {
  correlationId: number;
  frame: Frame;
  /** null: no response frame will come (Produce with acks=0). */
  decode: ((payload: Buffer) => unknown) | null;
  deadline: number;
  timeoutMs: number;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  bypassPause: boolean;
  /** The caller gave up (abort); the response is still read, then dropped. */
  settled: boolean;
}

const MAX_CORRELATION_ID = 0x7fffffff;

/**
 * Pipelined request/response exchange over one byte stream (a TCP or TLS socket): correlation
 * ids, a bound on requests in flight, per-request timeouts (one timer for all of them), write
 * backpressure, and failure of every pending request at once when the stream dies.
 *
 * It moves bytes only; encoding and decoding are the caller's `frame` and `decode`.
 */
export class FrameTransport {
  readonly #socket: Duplex;
  readonly #label: string;
  readonly #maxInFlight: number;
  readonly #timeoutMs: number;
  readonly #logger: Logger;
  readonly #splitter: FrameSplitter;
  /** Written, awaiting a response; Map order is send order, which is the broker's answer order. */
  readonly #inFlight = new Map<number, Pending>();
  /** Not written yet: waiting for an in-flight slot, socket drain, or the end of a pause. */
  #queue: Pending[] = [];
  #nextCorrelationId = 0;
  #writable = true;
  #corked = false;
  #paused = false;
  /** Broker quota: no normal request is written before this time (ms since the epoch). */
  #throttledUntil = 0;
  #throttleTimer: NodeJS.Timeout | null = null;
  #failure: Error | null = null;
  #timer: NodeJS.Timeout | null = null;
  #timerDeadline = Number.POSITIVE_INFINITY;
  #idleWaiters: (() => void)[] = [];
  readonly #closeListeners: ((error: Error) => void)[] = [];

  constructor(socket: Duplex, options: FrameTransportOptions) {
    this.#socket = socket;
    this.#label = options.label;
    this.#maxInFlight = options.maxInFlight ?? 100;
    this.#timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.#logger = options.logger ?? silentLogger;
    this.#splitter = new FrameSplitter(
      (payload) => this.#onFrame(payload),
      options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
    );
    const unreadable = (error: unknown) =>
      this.fail(new ConnectionError('unreadable response stream', { broker: this.#label, cause: error }));
    const reader = readerOf(socket);
    if (reader !== undefined) reader.attach(this.#splitter, unreadable);
    else
      socket.on('data', (chunk: Buffer) => {
        try {
          this.#splitter.push(chunk);
        } catch (error) {
          unreadable(error);
        }
      });
    socket.on('drain', () => {
      this.#writable = true;
      this.#flush();
    });
    socket.on('error', (error) => {
      this.fail(new ConnectionError(`socket error: ${error.message}`, { broker: this.#label, cause: error }));
    });
    this.closed = socket.closed
      ? Promise.resolve()
      : new Promise((resolve) => socket.once('close', () => resolve()));
    if (socket.destroyed) {
      this.fail(new ConnectionError('the socket closed before its first request', { broker: this.#label }));
    }
    socket.on('close', () => {
      const midFrame = this.#splitter.buffered > 0 ? ' in the middle of a response frame' : '';
      this.fail(new ConnectionError(`connection closed by the broker${midFrame}`, { broker: this.#label }));
    });
  }

  /** Resolves once the socket has fully closed (its handle released). */
  readonly closed: Promise<void>;

  /** Requests written and not yet answered. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Requests waiting to be written. */
  get queued(): number {
    return this.#queue.length;
  }

  /** The error that ended this transport, or null while it is usable. */
  get failure(): Error | null {
    return this.#failure;
  }

  /** Reserves the next correlation id; the caller encodes it into the frame it then sends. */
  nextCorrelationId(): number {
    const id = this.#nextCorrelationId;
    this.#nextCorrelationId = id === MAX_CORRELATION_ID ? 0 : id + 1;
    return id;
  }

  /**
   * Queues a complete frame (size prefix included) and resolves with `decode(response payload)`,
   * or with `undefined` once written when `decode` is null (no response expected).
   * Rejects with {@link ConnectionError} if the stream dies first, {@link RequestTimeoutError}
   * after the timeout, {@link AbortedError} on abort, or whatever `decode` throws.
   */
  send<T>(
    correlationId: number,
    frame: Frame,
    decode: ((payload: Buffer) => T) | null,
    options: SendOptions = {},
  ): Promise<T> {
    if (this.#failure !== null) return Promise.reject(this.#failure);
    if (options.signal?.aborted) {
      return Promise.reject(new AbortedError('request aborted', { cause: options.signal.reason }));
    }
    return new Promise<T>((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
      const pending: Pending = {
        correlationId,
        frame,
        decode,
        timeoutMs,
        deadline: Date.now() + timeoutMs,
        resolve: resolve as (value: unknown) => void,
        reject,
        signal: options.signal,
        onAbort: undefined,
        bypassPause: options.bypassPause ?? false,
        settled: false,
      };
      if (options.signal !== undefined) {
        pending.onAbort = () => this.#abort(pending);
        options.signal.addEventListener('abort', pending.onAbort, { once: true });
      }
      this.#queue.push(pending);
      this.#armTimer(pending.deadline);
      this.#flush();
    });
  }

  /** Stops writing queued requests (those sent with `bypassPause` still go) until {@link resume}. */
  pause(): void {
    this.#paused = true;
  }

  /** Undoes {@link pause} and writes what queued up meanwhile. */
  resume(): void {
    this.#paused = false;
    this.#flush();
  }

  /**
   * Holds back queued requests for `ms` because the broker asked us to (a response's
   * `throttleTimeMs`, KIP-219: the broker answers at once and then mutes the connection).
   */
  throttle(ms: number): void {
    const until = Date.now() + ms;
    if (until <= this.#throttledUntil || this.#failure !== null) return;
    this.#throttledUntil = until;
    if (this.#throttleTimer !== null) clearTimeout(this.#throttleTimer);
    this.#throttleTimer = setTimeout(() => {
      this.#throttleTimer = null;
      // Timers run on a monotonic clock and may fire a hair before Date.now() reaches the mark.
      this.#throttledUntil = 0;
      this.#flush();
    }, ms);
  }

  /** Resolves once no request is in flight (immediately if none is). */
  whenIdle(): Promise<void> {
    if (this.#inFlight.size === 0 || this.#failure !== null) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Registers a callback run once, with the error, when the transport fails or is closed. */
  onClose(listener: (error: Error) => void): void {
    if (this.#failure !== null) listener(this.#failure);
    else this.#closeListeners.push(listener);
  }

  /**
   * Ends the transport: rejects every queued and in-flight request with `error`, destroys the
   * socket, clears the timer. Idempotent; the first error wins.
   */
  fail(error: Error): void {
    if (this.#failure !== null) return;
    this.#failure = error;
    this.#clearTimer();
    if (this.#throttleTimer !== null) clearTimeout(this.#throttleTimer);
    this.#socket.destroy();
    const pending = [...this.#inFlight.values(), ...this.#queue];
    this.#inFlight.clear();
    this.#queue = [];
    for (const entry of pending) this.#settle(entry, error, true);
    this.#wakeIdle();
    for (const listener of this.#closeListeners.splice(0)) listener(error);
  }

  #flush(): void {
    const held = this.#paused || Date.now() < this.#throttledUntil;
    let index = 0;
    while (this.#writable && this.#failure === null && index < this.#queue.length) {
      if (this.#inFlight.size >= this.#maxInFlight) return;
      const next = this.#queue[index] as Pending;
      if (held && !next.bypassPause && !next.settled) {
        index++; // held back by a pause or throttle; later bypassing entries may still go
        continue;
      }
      this.#queue.splice(index, 1);
      if (next.settled) continue;
      if (next.decode !== null) this.#inFlight.set(next.correlationId, next);
      this.#cork();
      const written = this.#write(next);
      if (!written) this.#writable = false;
    }
  }

  /** Writes a frame's buffers (corked: they leave in one writev); false when the socket is full. */
  #write(pending: Pending): boolean {
    const frame = pending.frame;
    if (frame instanceof Uint8Array)
      return pending.decode === null ? this.#writeThenResolve(pending, frame) : this.#socket.write(frame);
    const last = frame.length - 1;
    for (let i = 0; i < last; i++) this.#socket.write(frame[i]!);
    return pending.decode === null
      ? this.#writeThenResolve(pending, frame[last]!)
      : this.#socket.write(frame[last]!);
  }

  /**
   * Requests queued in the same tick leave in one `writev` instead of one syscall each: the
   * socket is corked at the first write and uncorked once the current tick's work is done.
   */
  #cork(): void {
    if (this.#corked) return;
    this.#corked = true;
    this.#socket.cork();
    process.nextTick(() => {
      this.#corked = false;
      this.#socket.uncork();
    });
  }

  /** Writes the last buffer of a frame that has no response, settling the request once it is written. */
  #writeThenResolve(pending: Pending, last: Uint8Array): boolean {
    return this.#socket.write(last, (error) => {
      if (error === null || error === undefined) this.#settle(pending, undefined, false);
      else
        this.#settle(
          pending,
          new ConnectionError('write failed', { broker: this.#label, cause: error }),
          true,
        );
    });
  }

  /** See {@link FrameSplitter.recycle}. */
  recycle(memory: ArrayBufferLike): void {
    this.#splitter.recycle(memory);
  }

  #onFrame(payload: Buffer): void {
    if (payload.length < 4) {
      this.fail(new ConnectionError('response frame shorter than its header', { broker: this.#label }));
      return;
    }
    const correlationId = payload.readInt32BE(0);
    const pending = this.#inFlight.get(correlationId);
    if (pending === undefined) {
      // Brokers answer in order, so an id we never sent means the stream cannot be trusted.
      this.fail(
        new ConnectionError(`response for unknown correlation id ${correlationId}`, { broker: this.#label }),
      );
      return;
    }
    this.#inFlight.delete(correlationId);
    if (!pending.settled) {
      let result: unknown;
      try {
        result = (pending.decode as (payload: Buffer) => unknown)(payload);
      } catch (error) {
        this.#settle(pending, error, true);
        this.#afterResponse();
        return;
      }
      this.#settle(pending, result, false);
    }
    this.#afterResponse();
  }

  #afterResponse(): void {
    if (this.#inFlight.size === 0) {
      this.#wakeIdle();
      if (this.#queue.length === 0) this.#clearTimer();
    }
    this.#flush();
  }

  #settle(pending: Pending, value: unknown, isError: boolean): void {
    if (pending.settled) return;
    pending.settled = true;
    if (pending.onAbort !== undefined) pending.signal?.removeEventListener('abort', pending.onAbort);
    if (isError) pending.reject(value);
    else pending.resolve(value);
  }

  #abort(pending: Pending): void {
    // A written request stays in the in-flight map so its response is still consumed in order.
    this.#settle(pending, new AbortedError('request aborted', { cause: pending.signal?.reason }), true);
  }

  #wakeIdle(): void {
    for (const wake of this.#idleWaiters.splice(0)) wake();
  }

  /** One timer serves every request: it fires at the earliest deadline and re-arms itself. */
  #armTimer(deadline: number): void {
    if (this.#timer !== null && this.#timerDeadline <= deadline) return;
    this.#clearTimer();
    this.#timerDeadline = deadline;
    this.#timer = setTimeout(() => this.#onTimer(), Math.max(0, deadline - Date.now()));
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#timerDeadline = Number.POSITIVE_INFINITY;
  }

  #onTimer(): void {
    this.#timer = null;
    this.#timerDeadline = Number.POSITIVE_INFINITY;
    const now = Date.now();
    let next = Number.POSITIVE_INFINITY;
    for (const entry of this.#queue) {
      if (entry.settled) continue;
      if (entry.deadline <= now) this.#settle(entry, this.#timeoutError(entry), true);
      else next = Math.min(next, entry.deadline);
    }
    for (const entry of this.#inFlight.values()) {
      if (entry.deadline <= now && !entry.settled) {
        // The broker may be stalled; Kafka's own client drops such a connection, and so do we.
        const timeout = this.#timeoutError(entry);
        this.#settle(entry, timeout, true);
        this.#logger.warn({ broker: this.#label, timeoutMs: entry.timeoutMs }, 'request timed out');
        this.fail(
          new ConnectionError('connection dropped after a request timed out', {
            broker: this.#label,
            cause: timeout,
          }),
        );
        return;
      }
      if (!entry.settled) next = Math.min(next, entry.deadline);
    }
    this.#queue = this.#queue.filter((entry) => !entry.settled);
    if (next !== Number.POSITIVE_INFINITY) this.#armTimer(next);
  }

  #timeoutError(entry: Pending): RequestTimeoutError {
    return new RequestTimeoutError(
      `no response within ${entry.timeoutMs} ms (correlation id ${entry.correlationId}, ${this.#label})`,
      entry.timeoutMs,
    );
  }
}
