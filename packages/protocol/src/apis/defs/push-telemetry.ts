import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { bool, bytes, int8, int16, int32, uuid } from '../dsl/fields.js';

/**
 * PushTelemetry (API key 72, versions 0): Pushes client metrics to the broker (KIP-714).
 */
export const PushTelemetry = defineApi({
  key: 72,
  name: 'PushTelemetry',
  versions: '0',
  flexible: '0+',
  request: {
    clientInstanceId: uuid(),
    subscriptionId: int32(),
    terminating: bool(),
    compressionType: int8(),
    metrics: bytes(),
  },
  response: {
    throttleTimeMs: int32(),
    errorCode: int16(),
  },
});

/** Request body of {@link PushTelemetry}. */
export type PushTelemetryRequest = RequestOf<typeof PushTelemetry>;
/** Response body of {@link PushTelemetry}. */
export type PushTelemetryResponse = ResponseOf<typeof PushTelemetry>;
