import type { PartitionAssignor } from './assignor.js';
import { cooperativeStickyAssignor } from './cooperative-sticky.js';
import { rangeAssignor } from './range.js';
import { roundRobinAssignor } from './round-robin.js';

/** Names of the built-in assignors (Java's protocol names). */
export type AssignorName = 'range' | 'roundrobin' | 'cooperative-sticky';

/** The built-in assignors by protocol name. */
export const builtinAssignors: ReadonlyMap<AssignorName, PartitionAssignor> = new Map([
  ['range', rangeAssignor],
  ['roundrobin', roundRobinAssignor],
  ['cooperative-sticky', cooperativeStickyAssignor],
]);
