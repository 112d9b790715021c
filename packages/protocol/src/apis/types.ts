/** Request and response body types of every declared API. */

export type { AddOffsetsToTxnRequest, AddOffsetsToTxnResponse } from './defs/add-offsets-to-txn.js';
export type { AddPartitionsToTxnRequest, AddPartitionsToTxnResponse } from './defs/add-partitions-to-txn.js';
export type { AddRaftVoterRequest, AddRaftVoterResponse } from './defs/add-raft-voter.js';
export type { AlterClientQuotasRequest, AlterClientQuotasResponse } from './defs/alter-client-quotas.js';
export type { AlterConfigsRequest, AlterConfigsResponse } from './defs/alter-configs.js';
export type {
  AlterPartitionReassignmentsRequest,
  AlterPartitionReassignmentsResponse,
} from './defs/alter-partition-reassignments.js';
export type {
  AlterReplicaLogDirsRequest,
  AlterReplicaLogDirsResponse,
} from './defs/alter-replica-log-dirs.js';
export type {
  AlterShareGroupOffsetsRequest,
  AlterShareGroupOffsetsResponse,
} from './defs/alter-share-group-offsets.js';
export type {
  AlterUserScramCredentialsRequest,
  AlterUserScramCredentialsResponse,
} from './defs/alter-user-scram-credentials.js';
export type { ApiVersionsRequest, ApiVersionsResponse } from './defs/api-versions.js';
export type {
  ConsumerGroupDescribeRequest,
  ConsumerGroupDescribeResponse,
} from './defs/consumer-group-describe.js';
export type {
  ConsumerGroupHeartbeatRequest,
  ConsumerGroupHeartbeatResponse,
} from './defs/consumer-group-heartbeat.js';
export type { CreateAclsRequest, CreateAclsResponse } from './defs/create-acls.js';
export type {
  CreateDelegationTokenRequest,
  CreateDelegationTokenResponse,
} from './defs/create-delegation-token.js';
export type { CreatePartitionsRequest, CreatePartitionsResponse } from './defs/create-partitions.js';
export type { CreateTopicsRequest, CreateTopicsResponse } from './defs/create-topics.js';
export type { DeleteAclsRequest, DeleteAclsResponse } from './defs/delete-acls.js';
export type { DeleteGroupsRequest, DeleteGroupsResponse } from './defs/delete-groups.js';
export type { DeleteRecordsRequest, DeleteRecordsResponse } from './defs/delete-records.js';
export type {
  DeleteShareGroupOffsetsRequest,
  DeleteShareGroupOffsetsResponse,
} from './defs/delete-share-group-offsets.js';
export type { DeleteTopicsRequest, DeleteTopicsResponse } from './defs/delete-topics.js';
export type { DescribeAclsRequest, DescribeAclsResponse } from './defs/describe-acls.js';
export type {
  DescribeClientQuotasRequest,
  DescribeClientQuotasResponse,
} from './defs/describe-client-quotas.js';
export type { DescribeClusterRequest, DescribeClusterResponse } from './defs/describe-cluster.js';
export type { DescribeConfigsRequest, DescribeConfigsResponse } from './defs/describe-configs.js';
export type {
  DescribeDelegationTokenRequest,
  DescribeDelegationTokenResponse,
} from './defs/describe-delegation-token.js';
export type { DescribeGroupsRequest, DescribeGroupsResponse } from './defs/describe-groups.js';
export type { DescribeLogDirsRequest, DescribeLogDirsResponse } from './defs/describe-log-dirs.js';
export type { DescribeProducersRequest, DescribeProducersResponse } from './defs/describe-producers.js';
export type { DescribeQuorumRequest, DescribeQuorumResponse } from './defs/describe-quorum.js';
export type {
  DescribeShareGroupOffsetsRequest,
  DescribeShareGroupOffsetsResponse,
} from './defs/describe-share-group-offsets.js';
export type {
  DescribeTopicPartitionsRequest,
  DescribeTopicPartitionsResponse,
} from './defs/describe-topic-partitions.js';
export type {
  DescribeTransactionsRequest,
  DescribeTransactionsResponse,
} from './defs/describe-transactions.js';
export type {
  DescribeUserScramCredentialsRequest,
  DescribeUserScramCredentialsResponse,
} from './defs/describe-user-scram-credentials.js';
export type { ElectLeadersRequest, ElectLeadersResponse } from './defs/elect-leaders.js';
export type { EndTxnRequest, EndTxnResponse } from './defs/end-txn.js';
export type {
  ExpireDelegationTokenRequest,
  ExpireDelegationTokenResponse,
} from './defs/expire-delegation-token.js';
export type { FetchRequest, FetchResponse } from './defs/fetch.js';
export type { FindCoordinatorRequest, FindCoordinatorResponse } from './defs/find-coordinator.js';
export type {
  GetTelemetrySubscriptionsRequest,
  GetTelemetrySubscriptionsResponse,
} from './defs/get-telemetry-subscriptions.js';
export type { HeartbeatRequest, HeartbeatResponse } from './defs/heartbeat.js';
export type {
  IncrementalAlterConfigsRequest,
  IncrementalAlterConfigsResponse,
} from './defs/incremental-alter-configs.js';
export type { InitProducerIdRequest, InitProducerIdResponse } from './defs/init-producer-id.js';
export type { JoinGroupRequest, JoinGroupResponse } from './defs/join-group.js';
export type { LeaveGroupRequest, LeaveGroupResponse } from './defs/leave-group.js';
export type {
  ListConfigResourcesRequest,
  ListConfigResourcesResponse,
} from './defs/list-config-resources.js';
export type { ListGroupsRequest, ListGroupsResponse } from './defs/list-groups.js';
export type { ListOffsetsRequest, ListOffsetsResponse } from './defs/list-offsets.js';
export type {
  ListPartitionReassignmentsRequest,
  ListPartitionReassignmentsResponse,
} from './defs/list-partition-reassignments.js';
export type { ListTransactionsRequest, ListTransactionsResponse } from './defs/list-transactions.js';
export type { MetadataRequest, MetadataResponse } from './defs/metadata.js';
export type { OffsetCommitRequest, OffsetCommitResponse } from './defs/offset-commit.js';
export type { OffsetDeleteRequest, OffsetDeleteResponse } from './defs/offset-delete.js';
export type { OffsetFetchRequest, OffsetFetchResponse } from './defs/offset-fetch.js';
export type {
  OffsetForLeaderEpochRequest,
  OffsetForLeaderEpochResponse,
} from './defs/offset-for-leader-epoch.js';
export type { ProduceRequest, ProduceResponse } from './defs/produce.js';
export type { PushTelemetryRequest, PushTelemetryResponse } from './defs/push-telemetry.js';
export type { RemoveRaftVoterRequest, RemoveRaftVoterResponse } from './defs/remove-raft-voter.js';
export type {
  RenewDelegationTokenRequest,
  RenewDelegationTokenResponse,
} from './defs/renew-delegation-token.js';
export type { SaslAuthenticateRequest, SaslAuthenticateResponse } from './defs/sasl-authenticate.js';
export type { SaslHandshakeRequest, SaslHandshakeResponse } from './defs/sasl-handshake.js';
export type { ShareAcknowledgeRequest, ShareAcknowledgeResponse } from './defs/share-acknowledge.js';
export type { ShareFetchRequest, ShareFetchResponse } from './defs/share-fetch.js';
export type { ShareGroupDescribeRequest, ShareGroupDescribeResponse } from './defs/share-group-describe.js';
export type {
  ShareGroupHeartbeatRequest,
  ShareGroupHeartbeatResponse,
} from './defs/share-group-heartbeat.js';
export type {
  StreamsGroupDescribeRequest,
  StreamsGroupDescribeResponse,
} from './defs/streams-group-describe.js';
export type {
  StreamsGroupHeartbeatRequest,
  StreamsGroupHeartbeatResponse,
} from './defs/streams-group-heartbeat.js';
export type { SyncGroupRequest, SyncGroupResponse } from './defs/sync-group.js';
export type { TxnOffsetCommitRequest, TxnOffsetCommitResponse } from './defs/txn-offset-commit.js';
export type { UnregisterBrokerRequest, UnregisterBrokerResponse } from './defs/unregister-broker.js';
export type { UpdateFeaturesRequest, UpdateFeaturesResponse } from './defs/update-features.js';
