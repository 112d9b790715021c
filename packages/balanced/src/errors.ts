import { KafkaError, type KafkaErrorOptions } from '@tskafka/protocol';

/**
 * A rebalance listener or `postRebalanceCallback` threw. The rebalance still completed; the
 * next `consume()` throws this error once (its `cause` is what the callback threw), as Java's
 * `poll()` does, and the consumer stays usable.
 */
export class RebalanceCallbackError extends KafkaError {
  /** Which callback threw. */
  readonly callback:
    | 'onPartitionsRevoked'
    | 'onPartitionsAssigned'
    | 'onPartitionsLost'
    | 'postRebalanceCallback';

  constructor(callback: RebalanceCallbackError['callback'], options: KafkaErrorOptions = {}) {
    super(`the ${callback} callback threw`, { ...options, retriable: false });
    this.callback = callback;
  }
}
