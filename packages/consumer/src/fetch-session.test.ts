import { describe, expect, it } from 'vitest';
import { FetchSession } from './fetch-session.js';

describe('FetchSession', () => {
  it('sends everything without session support', () => {
    const s = new FetchSession(false);
    const r = s.next(new Map([[0, 5n]]));
    expect([r.sessionId, r.sessionEpoch, [...r.send], r.full]).toEqual([0, -1, [[0, 5n]], true]);
    s.answered(r, 0);
    expect(s.next(new Map([[0, 5n]])).sessionEpoch).toBe(-1);
  });

  it('opens with a full request, then sends only changed partitions and forgets dropped ones', () => {
    const s = new FetchSession(true);
    const first = s.next(
      new Map([
        [0, 0n],
        [1, 0n],
        [2, 0n],
      ]),
    );
    expect([first.sessionId, first.sessionEpoch, first.send.size, first.full]).toEqual([0, 0, 3, true]);
    s.answered(first, 42);
    const second = s.next(
      new Map([
        [0, 10n],
        [1, 0n],
      ]),
    );
    expect([second.sessionId, second.sessionEpoch, [...second.send], second.forget]).toEqual([
      42,
      1,
      [[0, 10n]],
      [2],
    ]);
    s.answered(second, 42);
    const third = s.next(
      new Map([
        [0, 10n],
        [1, 0n],
        [2, 7n],
      ]),
    );
    expect([third.sessionEpoch, [...third.send], third.forget]).toEqual([2, [[2, 7n]], []]);
  });

  it('starts over with a full request after reset, and when the broker declines a session', () => {
    const s = new FetchSession(true);
    const wanted = new Map([[0, 1n]]);
    s.answered(s.next(wanted), 0); // declined
    expect(s.next(wanted).full).toBe(true);
    s.answered(s.next(wanted), 9);
    s.reset();
    const again = s.next(wanted);
    expect([again.sessionId, again.sessionEpoch, again.full]).toEqual([0, 0, true]);
  });
});
