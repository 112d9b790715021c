import type { StructIn, StructOut } from '../dsl/fields.js';
import { array, bytes, int32, string } from '../dsl/fields.js';
import { defineVersionedBlob } from './versioned-blob.js';

const topicPartitions = {
  topic: string(),
  partitions: array(int32()),
};

/**
 * Member metadata of the classic group protocol for protocol type `consumer` (JoinGroup
 * `protocols[].metadata`): what the member subscribes to and, from v1, what it owns.
 */
export const ConsumerProtocolSubscription = defineVersionedBlob({
  name: 'ConsumerProtocolSubscription',
  versions: '0-3',
  fields: {
    topics: array(string()),
    userData: bytes({ nullable: '0+', default: null }),
    ownedPartitions: array(topicPartitions, '1+'),
    generationId: int32({ v: '2+', default: -1 }),
    rackId: string({ v: '3+', nullable: '3+', default: null }),
  },
});

/** The leader's assignment for one member (SyncGroup `assignments[].assignment`). */
export const ConsumerProtocolAssignment = defineVersionedBlob({
  name: 'ConsumerProtocolAssignment',
  versions: '0-3',
  fields: {
    assignedPartitions: array(topicPartitions),
    userData: bytes({ nullable: '0+', default: null }),
  },
});

/** A decoded {@link ConsumerProtocolSubscription}. */
export type ConsumerProtocolSubscriptionData = StructOut<typeof ConsumerProtocolSubscription.fields>;
/** What {@link ConsumerProtocolSubscription} encodes from. */
export type ConsumerProtocolSubscriptionInput = StructIn<typeof ConsumerProtocolSubscription.fields>;
/** A decoded {@link ConsumerProtocolAssignment}. */
export type ConsumerProtocolAssignmentData = StructOut<typeof ConsumerProtocolAssignment.fields>;
/** What {@link ConsumerProtocolAssignment} encodes from. */
export type ConsumerProtocolAssignmentInput = StructIn<typeof ConsumerProtocolAssignment.fields>;
