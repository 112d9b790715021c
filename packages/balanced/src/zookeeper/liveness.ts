/**
 * Notices a ZooKeeper server that stopped answering while the TCP connection stays up (a frozen
 * server, a network that drops packets). node-zookeeper-client has no read timeout, so without
 * this the consumer would go on consuming while its session expires and others take its
 * partitions. A cheap request every tenth of the session timeout; nothing heard for half of it
 * (as the Java client's two-thirds read timeout) ⇒ `onSilent` drops the connection, which the
 * session reports as lost.
 */
export class Liveness {
  readonly #probe: () => Promise<unknown>;
  readonly #onSilent: () => void;
  readonly #timeoutMs: number;
  #timer: NodeJS.Timeout | null = null;
  #lastHeard = 0;
  #probing = false;
  #connected = true;

  constructor(sessionTimeoutMs: number, probe: () => Promise<unknown>, onSilent: () => void) {
    this.#timeoutMs = sessionTimeoutMs;
    this.#probe = probe;
    this.#onSilent = onSilent;
  }

  start(): void {
    this.#lastHeard = Date.now();
    this.#timer ??= setInterval(() => this.#tick(), Math.max(Math.floor(this.#timeoutMs / 10), 50));
  }

  /** Connected again (or lost): silence only counts while connected. */
  connected(up: boolean): void {
    this.#connected = up;
    this.#lastHeard = Date.now();
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  #tick(): void {
    if (!this.#connected) return;
    if (Date.now() - this.#lastHeard > this.#timeoutMs / 2) {
      this.#connected = false;
      this.#onSilent();
      return;
    }
    if (this.#probing) return;
    this.#probing = true;
    this.#probe()
      .then(
        () => {
          this.#lastHeard = Date.now();
        },
        () => {},
      )
      .finally(() => {
        this.#probing = false;
      });
  }
}
