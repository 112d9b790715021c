/**
 * Cuts a byte stream into Kafka frames (a big-endian int32 size, then that many bytes) and hands each
 * frame's payload, without its size prefix, to `onFrame`. Chunks may split frames anywhere.
 */
export class FrameSplitter {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly onFrame: (payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 4) {
      const size = this.pending.readInt32BE(0);
      if (size < 0) throw new Error(`negative frame size ${size}`);
      if (this.pending.length < 4 + size) return;
      this.onFrame(Buffer.from(this.pending.subarray(4, 4 + size)));
      this.pending = this.pending.subarray(4 + size);
    }
  }
}
