/** Fetch request fields a session decides. */
export interface SessionRequest {
  sessionId: number;
  sessionEpoch: number;
  /** Partitions to put in the request, with their fetch offsets. */
  send: Map<number, bigint>;
  /** Partitions the broker should drop from the session. */
  forget: number[];
  /** Whether this is a full request (every wanted partition listed). */
  full: boolean;
}

/** Fetch response errors that say the session is gone or out of step: start a new one. */
export const SESSION_ERRORS: ReadonlySet<number> = new Set([70, 71]);

/**
 * The client side of one KIP-227 incremental fetch session with one broker. The first request
 * is full and asks for a session (epoch 0); while the broker keeps one, later requests list
 * only the partitions whose fetch offset changed and name those to forget, and the broker
 * answers only for partitions with news. Without a session (Fetch before v7, or a broker that
 * declines) every request is full.
 */
export class FetchSession {
  readonly #supported: boolean;
  #id = 0;
  #epoch = 0;
  /** What the broker's session holds: partition → the fetch offset last sent for it. */
  readonly #held = new Map<number, bigint>();

  /** @param supported whether the broker's Fetch version has sessions (v7+) */
  constructor(supported: boolean) {
    this.#supported = supported;
  }

  /** The request for fetching `wanted` (partition → fetch offset) now. */
  next(wanted: ReadonlyMap<number, bigint>): SessionRequest {
    if (!this.#supported)
      return { sessionId: 0, sessionEpoch: -1, send: new Map(wanted), forget: [], full: true };
    if (this.#id === 0) {
      this.#held.clear();
      for (const [p, offset] of wanted) this.#held.set(p, offset);
      return { sessionId: 0, sessionEpoch: 0, send: new Map(wanted), forget: [], full: true };
    }
    const send = new Map<number, bigint>();
    for (const [p, offset] of wanted) {
      if (this.#held.get(p) !== offset) send.set(p, offset);
    }
    const forget = [...this.#held.keys()].filter((p) => !wanted.has(p));
    for (const p of forget) this.#held.delete(p);
    for (const [p, offset] of send) this.#held.set(p, offset);
    return { sessionId: this.#id, sessionEpoch: this.#epoch, send, forget, full: false };
  }

  /** Records the broker's answer to `request`: the session it created, or the next epoch. */
  answered(request: SessionRequest, sessionId: number): void {
    if (!this.#supported) return;
    if (request.full) {
      this.#id = sessionId;
      this.#epoch = 1;
    } else {
      this.#epoch = this.#epoch >= 0x7fffffff ? 1 : this.#epoch + 1;
    }
  }

  /** Forgets the session (after a session error or a broken connection): the next request is full. */
  reset(): void {
    this.#id = 0;
    this.#epoch = 0;
    this.#held.clear();
  }
}
