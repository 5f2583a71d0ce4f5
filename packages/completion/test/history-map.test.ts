import { Random } from '@recurrent/autograd';
import { describe, expect, it } from 'vitest';
import { HistoryMap } from '../src/history-map.js';

/** Everything a HistoryMap holds, as plain maps. */
function contents(map: HistoryMap, keys: Iterable<number>): Map<number, Map<number, number>> {
  const out = new Map<number, Map<number, number>>();
  for (const key of keys) {
    const followers = new Map<number, number>();
    if (map.forEach(key, (cp, n) => followers.set(cp, n))) out.set(key, followers);
  }
  return out;
}

describe('HistoryMap', () => {
  it('counts like a map of maps through growth, second characters and counts too large to pack', () => {
    const rng = new Random(11);
    const map = new HistoryMap();
    const reference = new Map<number, Map<number, number>>();
    // Mismatches are collected and checked once: 60,000 expect() calls cost minutes on a busy machine.
    const wrong: { i: number; got: number; want: number }[] = [];
    for (let i = 0; i < 60_000; i++) {
      // Keys up to 2^53 (as the n-gram's hashes), a few hot ones seen thousands of times.
      const hot = rng.next() < 0.1;
      const key = hot ? 1 + Math.floor(rng.next() * 3) : 1 + Math.floor(rng.next() * 2 ** 20) * 2 ** 33 + Math.floor(rng.next() * 8);
      const cp = hot ? 0x1f600 : Math.floor(rng.next() * (rng.next() < 0.5 ? 2 : 0x10ffff));
      const followers = reference.get(key) ?? new Map<number, number>();
      reference.set(key, followers);
      const n = (followers.get(cp) ?? 0) + 1;
      followers.set(cp, n);
      const got = map.add(key, cp);
      if (got !== n) wrong.push({ i, got, want: n });
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(map.size).toBe(reference.size);
    expect(contents(map, reference.keys())).toEqual(reference);
    expect(Math.max(...[...reference.values()].flatMap((f) => [...f.values()]))).toBeGreaterThan(1024);
    expect(map.forEach(12345, () => undefined)).toBe(false);
    expect(map.bytes).toBeGreaterThan(12 * reference.size);
  });
});
