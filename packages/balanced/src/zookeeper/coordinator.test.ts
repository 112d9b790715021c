import { silentLogger } from '@tskafka/network';
import { afterEach, describe, expect, it } from 'vitest';
import { type MembershipProtocol, type PartitionPlacement, RangeProtocol } from '../membership-protocols.js';
import { type AssignmentTarget, ZooKeeperCoordinator } from './coordinator.js';
import { PartitionOwnedError, ZooKeeperError } from './errors.js';
import { GroupPaths } from './paths.js';
import { type FakeSession, FakeZooKeeper } from './test-support/fake-zookeeper.js';

const paths = new GroupPaths('g', 't');
const twelve: PartitionPlacement[] = Array.from({ length: 12 }, (_, id) => ({ topic: 't', id, leader: 1 }));

/** Records what the coordinator asks of the consuming side. */
class Recorder implements AssignmentTarget {
  partitions: number[] = [];
  readonly log: string[] = [];
  async assign(partitions: readonly number[]): Promise<void> {
    this.partitions = [...partitions].sort((a, b) => a - b);
  }
  async revoke(partitions: readonly number[]): Promise<void> {
    this.log.push(`revoke ${partitions.join(',')}`);
    this.partitions = this.partitions.filter((p) => !partitions.includes(p));
  }
  async lose(partitions: readonly number[] = this.partitions): Promise<void> {
    if (partitions.length > 0) this.log.push(`lose ${partitions.join(',')}`);
    this.partitions = this.partitions.filter((p) => !partitions.includes(p));
  }
}

interface Member {
  id: string;
  coordinator: ZooKeeperCoordinator;
  assignment: Recorder;
  sessions: FakeSession[];
  failures: unknown[];
  stopping: AbortController;
}

const members: Member[] = [];
afterEach(async () => {
  await Promise.all(members.splice(0).map((m) => m.coordinator.stop()));
});

function member(
  server: FakeZooKeeper,
  id: string,
  options: {
    protocol?: MembershipProtocol;
    partitions?: PartitionPlacement[];
    topic?: string;
    backoffMs?: number;
  } = {},
): Member {
  const assignment = new Recorder();
  const sessions: FakeSession[] = [];
  const failures: unknown[] = [];
  const topic = options.topic ?? 't';
  const coordinator = new ZooKeeperCoordinator({
    topic,
    consumerId: id,
    paths: new GroupPaths('g', topic),
    protocol: options.protocol ?? RangeProtocol,
    maxRetries: 3,
    backoffMs: options.backoffMs ?? 5,
    timeoutMs: 500,
    connect: async () => {
      const session = server.connect();
      sessions.push(session);
      return session;
    },
    partitions: { read: async () => options.partitions ?? twelve, watchBrokers: async () => false },
    assignment,
    fail: (error) => failures.push(error),
    logger: silentLogger,
  });
  const m = { id, coordinator, assignment, sessions, failures, stopping: new AbortController() };
  members.push(m);
  return m;
}

/** Owner id per partition, read from the ownership nodes. */
function owners(server: FakeZooKeeper): Map<number, string> {
  return new Map(
    server
      .childrenOf(paths.owners)
      .map((slug) => [
        Number(slug.split('-')[1]),
        server.nodes.get(paths.owner(slug))?.data.toString() ?? '',
      ]),
  );
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}

const split = (ms: Member[]): number[] => ms.map((m) => m.assignment.partitions.length);

describe('ZooKeeperCoordinator', () => {
  it('splits 12 partitions over 3 members with one ownership node each, and re-splits when one leaves', async () => {
    const server = new FakeZooKeeper();
    const [a, b, c] = ['a', 'b', 'c'].map((id) => member(server, id)) as [Member, Member, Member];
    await Promise.all([a, b, c].map((m) => m.coordinator.start(m.stopping.signal)));
    await until(() => split([a, b, c]).join() === '4,4,4');
    expect(server.childrenOf(paths.ids)).toEqual(['a', 'b', 'c']);
    expect(server.nodes.get(paths.member('a'))?.data.toString()).toBe('t');
    const own = owners(server);
    expect(own.size).toBe(12);
    for (const m of [a, b, c]) for (const p of m.assignment.partitions) expect(own.get(p)).toBe(m.id);
    // Range over the string order 0,1,10,11,2,...: a takes 0,1,10,11.
    expect(a.assignment.partitions).toEqual([0, 1, 10, 11]);

    await c.coordinator.stop();
    members.splice(members.indexOf(c), 1);
    await until(() => split([a, b]).join() === '6,6' && owners(server).size === 12);
    expect(server.childrenOf(paths.ids)).toEqual(['a', 'b']);
    expect(c.sessions[0]?.closed).toBe(true);
    // A member gives up (with a commit) before another takes: b revoked what a now owns.
    expect(b.assignment.log.some((line) => line.startsWith('revoke'))).toBe(true);
  });

  it('backs off from a partition another session still holds, consumes the rest, and takes it once released', async () => {
    const server = new FakeZooKeeper();
    const ghost = server.connect();
    await ghost.ensurePath(paths.owners);
    await ghost.create(paths.owner('1-3'), Buffer.from('ghost'), 'ephemeral');
    const a = member(server, 'a');
    await a.coordinator.start(a.stopping.signal);
    expect(a.assignment.partitions).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11]);
    await until(() => a.failures.length > 0);
    expect(a.failures[0]).toBeInstanceOf(PartitionOwnedError);
    expect(a.failures[0]).toMatchObject({ partition: 3, owner: 'ghost' });
    ghost.expire(); // its node vanishes; the retry after backoff × retries takes it
    await until(() => a.assignment.partitions.length === 12);
    expect(owners(server).get(3)).toBe('a');
  }, 5_000);

  it('retries as soon as the node in its way is deleted, not after the whole backoff', async () => {
    const server = new FakeZooKeeper();
    const ghost = server.connect();
    await ghost.ensurePath(paths.owners);
    await ghost.create(paths.owner('1-3'), Buffer.from('ghost'), 'ephemeral');
    const a = member(server, 'a', { backoffMs: 60_000 });
    await a.coordinator.start(a.stopping.signal);
    expect(a.assignment.partitions).not.toContain(3);
    const released = performance.now();
    await ghost.remove(paths.owner('1-3'));
    await until(() => a.assignment.partitions.length === 12);
    expect(performance.now() - released).toBeLessThan(1_000);
    expect(a.failures).toEqual([]);
  });

  it('drops every partition at once when the connection is lost, and takes them again on reconnect', async () => {
    const server = new FakeZooKeeper();
    const a = member(server, 'a');
    await a.coordinator.start(a.stopping.signal);
    const session = a.sessions[0] as FakeSession;
    session.disconnect();
    await until(() => a.assignment.partitions.length === 0);
    expect(a.assignment.log).toEqual(['lose 0,1,2,3,4,5,6,7,8,9,10,11']);
    session.reconnect();
    await until(() => a.assignment.partitions.length === 12);
    expect(a.sessions).toHaveLength(1);
  });

  it('after session expiry registers again with a new session and takes its partitions back', async () => {
    const server = new FakeZooKeeper();
    const a = member(server, 'a');
    const b = member(server, 'b');
    await Promise.all([a, b].map((m) => m.coordinator.start(m.stopping.signal)));
    await until(() => split([a, b]).join() === '6,6');
    (a.sessions[0] as FakeSession).expire();
    await until(
      () => a.sessions.length === 2 && split([a, b]).join() === '6,6' && owners(server).size === 12,
    );
    expect(server.nodes.get(paths.member('a'))?.owner).toBe(a.sessions[1]?.sessionId);
    expect(a.assignment.log[0]).toBe('lose 0,1,2,3,10,11');
  });

  it('stop deletes its ownership nodes and registration and closes the session', async () => {
    const server = new FakeZooKeeper();
    const a = member(server, 'a');
    await a.coordinator.start(a.stopping.signal);
    expect(owners(server).size).toBe(12);
    await a.coordinator.stop();
    expect(owners(server).size).toBe(0);
    expect(server.childrenOf(paths.ids)).toEqual([]);
    expect(a.sessions[0]?.closed).toBe(true);
  });

  it('counts only members registered for the same topic (group names span topics)', async () => {
    const server = new FakeZooKeeper();
    const a = member(server, 'a');
    const other = member(server, 'b', { topic: 'other' });
    await Promise.all([a, other].map((m) => m.coordinator.start(m.stopping.signal)));
    expect(a.assignment.partitions).toHaveLength(12);
    expect(server.childrenOf(paths.ids)).toEqual(['a', 'b']);
  });

  it('idles a member beyond the partition count', async () => {
    const server = new FakeZooKeeper();
    const two = twelve.slice(0, 2);
    const ms = ['a', 'b', 'c'].map((id) => member(server, id, { partitions: two }));
    await Promise.all(ms.map((m) => m.coordinator.start(m.stopping.signal)));
    await until(() => split(ms).join() === '1,1,0');
  });

  it('fails start-up when a custom protocol names a partition that does not exist', async () => {
    const server = new FakeZooKeeper();
    const bad: MembershipProtocol = { name: 'bad', decidePartitions: () => [99] };
    const a = member(server, 'a', { protocol: bad });
    await expect(a.coordinator.start(a.stopping.signal)).rejects.toThrow(
      /bad returned a partition that does not exist: 99/,
    );
  });

  it('fails start-up at once with CONNECT_TIMEOUT when ZooKeeper cannot be reached (no retries)', async () => {
    let calls = 0;
    const coordinator = new ZooKeeperCoordinator({
      topic: 't',
      consumerId: 'a',
      paths,
      protocol: RangeProtocol,
      maxRetries: 5,
      backoffMs: 10_000,
      timeoutMs: 100,
      connect: async () => {
        calls++;
        throw new ZooKeeperError('CONNECT_TIMEOUT', 'nobody there');
      },
      partitions: { read: async () => twelve, watchBrokers: async () => false },
      assignment: new Recorder(),
      fail: () => {},
      logger: silentLogger,
    });
    await expect(coordinator.start(new AbortController().signal)).rejects.toMatchObject({
      code: 'CONNECT_TIMEOUT',
    });
    expect(calls).toBe(1);
    await coordinator.stop();
  });
});
