import { describe, expect, it } from 'vitest';
import type { AssignorMember, GroupAssignment } from './assignor.js';
import { cooperativeStickyAssignor } from './cooperative-sticky.js';
import { rangeAssignor } from './range.js';
import { roundRobinAssignor } from './round-robin.js';

const member = (memberId: string, topics: string[], extra: Partial<AssignorMember> = {}): AssignorMember => ({
  memberId,
  groupInstanceId: null,
  topics,
  ownedPartitions: new Map(),
  generationId: -1,
  userData: null,
  rackId: null,
  ...extra,
});

/** Readable form: member → ["t0p0", ...] sorted by topic then partition. */
const flat = (assignment: GroupAssignment): Record<string, string[]> =>
  Object.fromEntries(
    [...assignment].map(([id, share]) => [
      id,
      [...share]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .flatMap(([topic, ps]) => [...ps].sort((x, y) => x - y).map((p) => `${topic}p${p}`)),
    ]),
  );

const counts = (topics: Record<string, number>) => new Map(Object.entries(topics));

/** Every partition assigned exactly once. */
function expectExact(assignment: GroupAssignment, topics: Record<string, number>): void {
  const all = Object.values(flat(assignment)).flat().sort();
  const expected = Object.entries(topics)
    .flatMap(([t, n]) => Array.from({ length: n }, (_, p) => `${t}p${p}`))
    .sort();
  expect(all).toEqual(expected);
}

describe('rangeAssignor', () => {
  it("gives Java's documented result (2 members, t0 and t1 with 3 partitions each)", () => {
    const out = rangeAssignor.assign(counts({ t0: 3, t1: 3 }), [
      member('C1', ['t0', 't1']),
      member('C0', ['t0', 't1']),
    ]);
    expect(flat(out)).toEqual({ C0: ['t0p0', 't0p1', 't1p0', 't1p1'], C1: ['t0p2', 't1p2'] });
  });

  it('splits 12 partitions 4/4/4 and 10 as 4/3/3, the first members in id order taking the extra', () => {
    const members = [member('b', ['t']), member('c', ['t']), member('a', ['t'])];
    expect(flat(rangeAssignor.assign(counts({ t: 12 }), members))).toEqual({
      a: ['tp0', 'tp1', 'tp2', 'tp3'],
      b: ['tp4', 'tp5', 'tp6', 'tp7'],
      c: ['tp8', 'tp9', 'tp10', 'tp11'],
    });
    expect(flat(rangeAssignor.assign(counts({ t: 10 }), members))).toEqual({
      a: ['tp0', 'tp1', 'tp2', 'tp3'],
      b: ['tp4', 'tp5', 'tp6'],
      c: ['tp7', 'tp8', 'tp9'],
    });
  });

  it('orders static members first, by instance id (Java MemberInfo order)', () => {
    const members = [
      member('a', ['t']),
      member('z', ['t'], { groupInstanceId: 'i2' }),
      member('y', ['t'], { groupInstanceId: 'i1' }),
    ];
    expect(flat(rangeAssignor.assign(counts({ t: 3 }), members))).toEqual({
      y: ['tp0'],
      z: ['tp1'],
      a: ['tp2'],
    });
  });

  it('leaves extra members idle and skips topics without metadata', () => {
    const members = [member('a', ['t', 'gone']), member('b', ['t']), member('c', ['t'])];
    const out = rangeAssignor.assign(counts({ t: 2 }), members);
    expect(flat(out)).toEqual({ a: ['tp0'], b: ['tp1'], c: [] });
  });
});

describe('roundRobinAssignor', () => {
  it("gives Java's documented result for equal subscriptions", () => {
    const out = roundRobinAssignor.assign(counts({ t0: 3, t1: 3 }), [
      member('C0', ['t0', 't1']),
      member('C1', ['t0', 't1']),
    ]);
    expect(flat(out)).toEqual({ C0: ['t0p0', 't0p2', 't1p1'], C1: ['t0p1', 't1p0', 't1p2'] });
  });

  it("gives Java's documented result for unequal subscriptions", () => {
    const out = roundRobinAssignor.assign(counts({ t0: 1, t1: 2, t2: 3 }), [
      member('C2', ['t0', 't1', 't2']),
      member('C1', ['t0', 't1']),
      member('C0', ['t0']),
    ]);
    expect(flat(out)).toEqual({ C0: ['t0p0'], C1: ['t1p0'], C2: ['t1p1', 't2p0', 't2p1', 't2p2'] });
  });
});

describe('cooperativeStickyAssignor', () => {
  const topics = { t0: 2, t1: 2, t2: 2, t3: 2 };
  const all = ['t0', 't1', 't2', 't3'];

  it("gives Java's documented first assignment (3 members, 4 topics of 2 partitions)", () => {
    const out = cooperativeStickyAssignor.assign(counts(topics), [
      member('C0', all),
      member('C1', all),
      member('C2', all),
    ]);
    expect(flat(out)).toEqual({
      C0: ['t0p0', 't1p1', 't3p0'],
      C1: ['t0p1', 't2p0', 't3p1'],
      C2: ['t1p0', 't2p1'],
    });
  });

  it("keeps every owned partition when a member leaves and hands the leaver's ones out at once", () => {
    const owned = (entries: [string, number[]][]) => new Map(entries);
    const out = cooperativeStickyAssignor.assign(counts(topics), [
      member('C0', all, {
        generationId: 1,
        ownedPartitions: owned([
          ['t0', [0]],
          ['t1', [1]],
          ['t3', [0]],
        ]),
      }),
      member('C2', all, {
        generationId: 1,
        ownedPartitions: owned([
          ['t1', [0]],
          ['t2', [1]],
        ]),
      }),
    ]);
    const result = flat(out);
    expect(result.C0).toEqual(expect.arrayContaining(['t0p0', 't1p1', 't3p0']));
    expect(result.C2).toEqual(expect.arrayContaining(['t1p0', 't2p1']));
    expect(result.C0).toHaveLength(4);
    expect(result.C2).toHaveLength(4);
    expectExact(out, topics);
  });

  it('withholds partitions that move between members until their owner revoked them (KIP-429)', () => {
    const twelve = Array.from({ length: 12 }, (_, p) => p);
    const first = cooperativeStickyAssignor.assign(counts({ t: 12 }), [
      member('a', ['t'], { generationId: 3, ownedPartitions: new Map([['t', twelve.slice(0, 6)]]) }),
      member('b', ['t'], { generationId: 3, ownedPartitions: new Map([['t', twelve.slice(6)]]) }),
      member('c', ['t']),
    ]);
    // a and b keep 4 each and give up 2 each; c gets nothing yet.
    expect(flat(first)).toEqual({
      a: ['tp0', 'tp1', 'tp2', 'tp3'],
      b: ['tp6', 'tp7', 'tp8', 'tp9'],
      c: [],
    });
    // The follow-up rebalance, once a and b revoked: c takes the four freed partitions.
    const second = cooperativeStickyAssignor.assign(counts({ t: 12 }), [
      member('a', ['t'], { generationId: 4, ownedPartitions: new Map([['t', [0, 1, 2, 3]]]) }),
      member('b', ['t'], { generationId: 4, ownedPartitions: new Map([['t', [6, 7, 8, 9]]]) }),
      member('c', ['t'], { generationId: 4 }),
    ]);
    expect(flat(second).c).toEqual(['tp4', 'tp5', 'tp10', 'tp11']);
    expectExact(second, { t: 12 });
  });

  it('ignores claims of an older generation and takes a doubly claimed partition from both', () => {
    const out = cooperativeStickyAssignor.assign(counts({ t: 4 }), [
      member('a', ['t'], { generationId: 5, ownedPartitions: new Map([['t', [0, 1]]]) }),
      member('b', ['t'], { generationId: 5, ownedPartitions: new Map([['t', [1, 2]]]) }),
      member('old', ['t'], { generationId: 2, ownedPartitions: new Map([['t', [3]]]) }),
    ]);
    const result = flat(out);
    expect(result.a).toContain('tp0');
    expect(result.b).toContain('tp2');
    // p1 was claimed twice: nobody gets it this round; p3's stale claim is void, so it is free.
    expect(Object.values(result).flat()).not.toContain('tp1');
    expect(Object.values(result).flat()).toContain('tp3');
  });

  it('reads the generation from 4-byte user data when the subscription has none (v0/v1)', () => {
    const data = cooperativeStickyAssignor.subscriptionUserData?.({ generationId: 7 }) ?? null;
    expect(data).toEqual(Buffer.from([0, 0, 0, 7]));
    const out = cooperativeStickyAssignor.assign(counts({ t: 2 }), [
      member('a', ['t'], { userData: data, ownedPartitions: new Map([['t', [1]]]) }),
      member('b', ['t'], { generationId: 3, ownedPartitions: new Map([['t', [1]]]) }),
    ]);
    // a's generation 7 beats b's 3: a keeps p1.
    expect(flat(out)).toEqual({ a: ['tp1'], b: ['tp0'] });
  });

  it('stays balanced and exact across random membership changes', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let owned = new Map<string, number[]>();
    let generation = 1;
    for (let round = 0; round < 50; round++) {
      const size = 1 + Math.floor(random() * 7);
      const ids = Array.from({ length: size }, (_, i) => `m${Math.floor(random() * 10)}-${i}`);
      const members = [...new Set(ids)].map((id) =>
        member(id, ['t'], {
          generationId: generation,
          ownedPartitions: new Map([['t', owned.get(id) ?? []]]),
        }),
      );
      const out = cooperativeStickyAssignor.assign(counts({ t: 12 }), members);
      const shares = [...out.values()].map((s) => s.get('t') ?? []);
      // Each member keeps what it owned, up to the smaller quota (12 / members, rounded down).
      const minQuota = Math.floor(12 / members.length);
      for (const m of members) {
        const mine = out.get(m.memberId)?.get('t') ?? [];
        const had = m.ownedPartitions.get('t') ?? [];
        const kept = had.filter((p) => mine.includes(p));
        expect(kept.length).toBeGreaterThanOrEqual(Math.min(had.length, minQuota));
      }
      // No partition twice; after a second round (handover) the assignment is complete and balanced.
      expect(new Set(shares.flat()).size).toBe(shares.flat().length);
      owned = new Map([...out].map(([id, s]) => [id, s.get('t') ?? []]));
      generation++;
      const settled = cooperativeStickyAssignor.assign(
        counts({ t: 12 }),
        members.map((m) => ({
          ...m,
          generationId: generation,
          ownedPartitions: new Map([['t', owned.get(m.memberId) ?? []]]),
        })),
      );
      expectExact(settled, { t: 12 });
      const sizes = [...settled.values()].map((s) => (s.get('t') ?? []).length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      owned = new Map([...settled].map(([id, s]) => [id, s.get('t') ?? []]));
      generation++;
    }
  });
});
