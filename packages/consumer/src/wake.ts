/**
 * A level-free wake-up: `wait()` resolves on the next `notify()` (or at once if one came since
 * the last wait began). Used to park a fetch loop while every partition's queue is full, and a
 * `consume()` while every queue is empty.
 */
export class Wake {
  #pending = false;
  #resolve: (() => void) | null = null;
  #promise: Promise<void> | null = null;

  /** Wakes the current waiter, or the next one if nobody waits. */
  notify(): void {
    if (this.#resolve === null) {
      this.#pending = true;
      return;
    }
    const resolve = this.#resolve;
    this.#resolve = null;
    this.#promise = null;
    resolve();
  }

  /** Resolves on the next {@link notify}; shared by concurrent waiters. */
  wait(): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve();
    }
    this.#promise ??= new Promise<void>((resolve) => {
      this.#resolve = resolve;
    });
    return this.#promise;
  }

  /** Resolves on the next {@link notify}, after `ms` (may be infinite), or when `signal` aborts, whichever is first. */
  async waitAtMost(ms: number, signal?: AbortSignal): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const stop = new Promise<void>((resolve) => {
      if (Number.isFinite(ms)) timer = setTimeout(resolve, ms);
      onAbort = resolve;
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    await Promise.race([this.wait(), stop]);
    clearTimeout(timer);
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
  }
}
