import { type KafkaProtocolError, protocolErrorFromCode } from './protocol-error.js';

/**
 * Collects every non-zero error code in a decoded response body, at any depth, as
 * {@link KafkaProtocolError}s located by JSON pointer (e.g. `/topics/0/partitions/1`) and carrying
 * the sibling error message when the response has one. A response-level success can hide
 * item-level failures, so callers that need all of them walk the body with this.
 *
 * Fields named `errorCode` or ending in `ErrorCode` count; an `errorMessage` (or `...ErrorMessage`
 * with the same prefix) in the same object becomes the broker message. Byte fields are skipped.
 */
export function findResponseErrors(body: unknown): KafkaProtocolError[] {
  const found: KafkaProtocolError[] = [];
  walk(body, '', found);
  return found;
}

function walk(value: unknown, path: string, found: KafkaProtocolError[]): void {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) walk(value[i], `${path}/${i}`, found);
    return;
  }
  const o = value as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    const v = o[key];
    if (typeof v === 'number' && (key === 'errorCode' || key.endsWith('ErrorCode'))) {
      if (v !== 0) {
        const message = o[key.replace(/Code$/, 'Message')];
        found.push(
          protocolErrorFromCode(v, path === '' ? '/' : path, typeof message === 'string' ? message : null),
        );
      }
    } else if (key !== '_unknownTaggedFields') {
      walk(v, `${path}/${key}`, found);
    }
  }
}
