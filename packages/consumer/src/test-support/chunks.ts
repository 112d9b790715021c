import type { RawMessage } from '../message.js';
import { RecordChunk } from '../record-chunk.js';

/** A chunk holding `messages` (each its own batch: base offset = its offset). */
export function chunkOf(messages: readonly RawMessage[], partitionId = 0): RecordChunk {
  const chunk = new RecordChunk(partitionId);
  for (const m of messages)
    chunk.addViews(
      m.offset,
      m.leaderEpoch,
      0,
      m.timestamp,
      m.key as Buffer | null,
      m.value as Buffer | null,
      m.headers,
    );
  return chunk;
}

/** Every message of `chunk`, in order. */
export function messagesOf(chunk: RecordChunk): RawMessage[] {
  return Array.from({ length: chunk.length }, (_, i) => chunk.messageAt(i));
}
