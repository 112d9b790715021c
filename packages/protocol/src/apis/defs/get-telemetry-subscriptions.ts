import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bool, int8, int16, int32, string, uuid } from '../dsl/fields.js';

/**
 * GetTelemetrySubscriptions (API key 71, versions 0): Asks which client metrics the broker wants
 * pushed (KIP-714).
 */
export const GetTelemetrySubscriptions = defineApi({
  key: 71,
  name: 'GetTelemetrySubscriptions',
  versions: '0',
  flexible: '0+',
  request: {
    clientInstanceId: uuid(),
  },
  response: {
    throttleTimeMs: int32(),
    errorCode: int16(),
    clientInstanceId: uuid(),
    subscriptionId: int32(),
    acceptedCompressionTypes: array(int8()),
    pushIntervalMs: int32(),
    telemetryMaxBytes: int32(),
    deltaTemporality: bool(),
    requestedMetrics: array(string()),
  },
});

/** Request body of {@link GetTelemetrySubscriptions}. */
export type GetTelemetrySubscriptionsRequest = RequestOf<typeof GetTelemetrySubscriptions>;
/** Response body of {@link GetTelemetrySubscriptions}. */
export type GetTelemetrySubscriptionsResponse = ResponseOf<typeof GetTelemetrySubscriptions>;
