import { type TracingChannelSubscribers, tracingChannel } from 'node:diagnostics_channel';

/** What subscribers of {@link requestChannel} receive for each request. */
export interface RequestTraceContext {
  /** Kafka's API name, e.g. `Metadata`. */
  api: string;
  /** The API key. */
  apiKey: number;
  /** The negotiated version sent. */
  apiVersion: number;
  /** `host:port` of the broker. */
  broker: string;
  /** The request body as the caller passed it (before encoding). */
  request: unknown;
  /** Set by the tracing channel: the response body on success. */
  result?: unknown;
  /** Set by the tracing channel: the error on failure. */
  error?: unknown;
}

/**
 * `node:diagnostics_channel` tracing channel around every request a {@link Connection} sends:
 * `tracing:tskafka:request:start`, `:end`, `:asyncStart`, `:asyncEnd`, `:error`.
 * Subscribe with `diagnostics_channel.tracingChannel('tskafka:request').subscribe({...})`.
 * Costs nothing while nobody subscribes.
 */
export const requestChannel = tracingChannel<unknown, RequestTraceContext>('tskafka:request');

/** Handlers for {@link traceRequests}; any subset of the tracing events. */
export type RequestTraceHandlers = Partial<TracingChannelSubscribers<RequestTraceContext>>;

const ignore = (): void => {};

/**
 * Subscribes to {@link requestChannel} with only the handlers given (Node wants all five) and
 * returns the function that unsubscribes them.
 *
 * @example
 * ```ts
 * const stop = traceRequests({ asyncEnd: (ctx) => log(ctx.api, ctx.broker), error: (ctx) => warn(ctx.error) });
 * // ...
 * stop();
 * ```
 */
export function traceRequests(handlers: RequestTraceHandlers): () => void {
  const all = {
    start: ignore,
    end: ignore,
    asyncStart: ignore,
    asyncEnd: ignore,
    error: ignore,
    ...handlers,
  };
  requestChannel.subscribe(all);
  return () => {
    requestChannel.unsubscribe(all);
  };
}
