import { describe, expect, it } from 'vitest';
import { HeartbeatRequests, type MemberSettings, newMemberId } from './heartbeat-requests.js';

const settings: MemberSettings = {
  groupId: 'g',
  topic: 't',
  instanceId: null,
  rackId: 'r',
  rebalanceTimeoutMs: 1_000,
  serverAssignor: null,
};
const owned = (...partitions: number[]) => ({ topicId: 'id', partitions });

describe('HeartbeatRequests', () => {
  it('reports owned partitions only when they changed, and again in full after resend()', () => {
    const requests = new HeartbeatRequests(settings);
    expect(requests.heartbeat('m', 0, owned(1)).topicPartitions).toEqual([]);
    expect(requests.heartbeat('m', 1, owned(1)).topicPartitions).toEqual([
      { topicId: 'id', partitions: [1] },
    ]);
    expect(requests.heartbeat('m', 1, owned(1))).toMatchObject({ topicPartitions: null, rackId: null });
    expect(requests.heartbeat('m', 1, owned()).topicPartitions).toEqual([]);
    requests.resend();
    expect(requests.heartbeat('m', 1, owned())).toMatchObject({ topicPartitions: [], rackId: 'r' });
  });

  it('leaves owned partitions it cannot name unreported instead of reporting none', () => {
    const requests = new HeartbeatRequests(settings);
    requests.heartbeat('m', 1, owned(1));
    expect(requests.heartbeat('m', 1, null).topicPartitions).toBeNull();
    requests.resend();
    expect(requests.heartbeat('m', 1, null).topicPartitions).toBeNull();
    // Once nameable again they go out, even unchanged, after the resend.
    expect(requests.heartbeat('m', 1, owned(1)).topicPartitions).toEqual([
      { topicId: 'id', partitions: [1] },
    ]);
  });

  it('makes 22-character URL-safe member ids that never start with a dash', () => {
    for (let i = 0; i < 200; i++) expect(newMemberId()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });
});
