import { CharVocabulary } from '@recurrent/topologies';
import { describe, expect, it } from 'vitest';
import { matchBand } from '../src/ngram-expert.js';
import { buildNgramTable, type FollowerCache, NgramTable, ngramDistribution, ngramPrediction } from '../src/ngram.js';

/** The distribution as a map character → probability, over a vocabulary of `text`'s characters. */
function distributionOf(tables: NgramTable[], context: string, vocabulary: CharVocabulary): Map<string, number> {
  const p = ngramDistribution(tables, context, (cp) => vocabulary.id(String.fromCodePoint(cp)), vocabulary.size);
  return new Map(vocabulary.symbols.map((ch, id) => [ch, p[id]!]));
}

const CODE = [
  'def area(width, height):\n    return width * height\n\n\ndef perimeter(width, height):\n    return 2 * (width + height)\n',
  'class Box:\n    def __init__(self, width, height):\n        self.width = width\n        self.height = height\n',
];

describe('NgramTable and ngramDistribution', () => {
  it('gives modified Kneser–Ney probabilities equal to a brute-force count of the same texts', () => {
    const order = 6;
    const table = new NgramTable([0, 1, 2, 3, 4, 5]);
    for (const text of CODE) table.addText(text);
    const vocabulary = CharVocabulary.fromText(CODE.join(''));
    const oracle = bruteForceModifiedKneserNey(CODE, order, vocabulary.size);
    const contexts = ['', 'd', 'def ', 'return width', '    self.w', '(width, h', 'zzz unseen', CODE[0]!, CODE[1]!.slice(0, 40)];
    for (const context of contexts) {
      const p = distributionOf([table], context, vocabulary);
      for (const ch of vocabulary.symbols.slice(1)) expect(p.get(ch)).toBeCloseTo(oracle(context, ch), 12);
    }
  });

  it('matches a hand-computed case', () => {
    // Order 2 on "aabab" (history: one character, START before the text). Length 1 holds raw
    // counts START→a 1, a→a 1, a→b 2, b→a 1: n1 = 3, n2 = 1, n3 = n4 = 0, so the discounts fall
    // back to 0.75. Length 0 holds continuation counts: a after {START, a, b} = 3, b after {a} = 1.
    // With u = 1/3 (a, b and the unknown symbol), γ0 = 2 · 0.75 / 4:
    //   P0(c) = (n(c) − 0.75)/4 + γ0 · u
    //   P(b | a) = (2 − 0.75)/3 + (2 · 0.75/3) · P0(b),   P(a | a) = (1 − 0.75)/3 + (2 · 0.75/3) · P0(a)
    const table = new NgramTable([0, 1]);
    table.addText('aabab');
    const vocabulary = CharVocabulary.fromText('ab');
    const p0 = (n: number) => (n - 0.75) / 4 + ((2 * 0.75) / 4) * (1 / 3);
    const p = distributionOf([table], 'xa', vocabulary);
    expect(p.get('b')).toBeCloseTo(1.25 / 3 + 0.5 * p0(1), 12);
    expect(p.get('a')).toBeCloseTo(0.25 / 3 + 0.5 * p0(3), 12);
  });

  it('says the longest history of the context the tables have met, by hand', () => {
    // Lengths 0, 1, 2, 4 on "abcab": after "…ab" the history "ab" (length 2) was met (→ c) and
    // "xcab" (length 4) was not; after "…zb", only "b" (length 1); after "q", nothing but length 0.
    const table = new NgramTable([0, 1, 2, 4]);
    table.addText('abcab');
    const vocabulary = CharVocabulary.fromText('abcqxz');
    const longest = (context: string, tables = [table]) =>
      ngramPrediction(tables, context, (cp) => vocabulary.id(String.fromCodePoint(cp)), vocabulary.size).longestMatch;
    expect(longest('xcab')).toBe(2);
    expect(longest('zb')).toBe(1);
    expect(longest('q')).toBe(0);
    expect(longest('abca')).toBe(4); // "abca" itself was counted (→ b)
    expect(longest('ab', [])).toBe(0);
    expect([0, 2, 3, 5, 6, 9, 10, 16, 17, 23].map(matchBand)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
  });

  it('sums to one, for seen and unseen contexts, one table or several', () => {
    const a = new NgramTable(), b = new NgramTable();
    a.addText(CODE[0]!);
    b.addText(CODE[1]!);
    const vocabulary = CharVocabulary.fromText(CODE.join('') + 'é😀');
    for (const tables of [[a], [b], [a, b], []]) {
      for (const context of ['', 'def ', 'self.', 'qqq', '😀😀']) {
        const p = ngramDistribution(tables, context, (cp) => vocabulary.id(String.fromCodePoint(cp)), vocabulary.size);
        expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
      }
    }
  });

  it('sums the counts of several tables: a history seen in either votes', () => {
    const a = new NgramTable(), b = new NgramTable();
    a.addText('alpha = compute_total(x)\n');
    b.addText('beta = compute_average(y)\n');
    const vocabulary = CharVocabulary.fromText('alpha = compute_total(x)\nbeta = compute_average(y)\n');
    const best = (p: Map<string, number>) => [...p].sort((x, y) => y[1] - x[1]).map(([ch]) => ch);
    const one = distributionOf([a], 'z = compute_', vocabulary);
    expect(best(one)[0]).toBe('t');
    expect(one.get('t')!).toBeGreaterThan(4 * one.get('a')!);
    const both = distributionOf([a, b], 'z = compute_', vocabulary);
    expect(Math.min(both.get('t')!, both.get('a')!)).toBeGreaterThan(0.2);
    expect(best(both).slice(0, 2).sort()).toEqual(['a', 't']);
  });

  it('counts code points: astral characters are one character, and a background build equals a direct one', async () => {
    const text = `${'x = "😀😀" + y\n'.repeat(1500)}end`;
    const direct = new NgramTable();
    direct.addText(text);
    const built = (await buildNgramTable([text], () => false))!;
    expect(built.size).toBe(direct.size);
    const vocabulary = CharVocabulary.fromText(text);
    const idOf = (cp: number) => vocabulary.id(String.fromCodePoint(cp));
    expect(ngramDistribution([built], 'x = "😀', idOf, vocabulary.size)).toEqual(ngramDistribution([direct], 'x = "😀', idOf, vocabulary.size));
    expect(distributionOf([direct], 'x = "😀', vocabulary).get('😀')!).toBeGreaterThan(0.5);
    expect(await buildNgramTable([text], () => true)).toBeUndefined();
  });

  it('continues a text across appends exactly as if it were counted at once', () => {
    const whole = new NgramTable(), pieces = new NgramTable();
    whole.addText(CODE[0]!);
    pieces.addText(CODE[0]!.slice(0, 17));
    pieces.append(CODE[0]!.slice(17, 60));
    pieces.append(CODE[0]!.slice(60));
    const vocabulary = CharVocabulary.fromText(CODE[0]!);
    const idOf = (cp: number) => vocabulary.id(String.fromCodePoint(cp));
    expect(pieces.size).toBe(whole.size);
    expect(ngramDistribution([pieces], 'def per', idOf, vocabulary.size)).toEqual(ngramDistribution([whole], 'def per', idOf, vocabulary.size));
  });

  it('predicts the same with the followers of the histories kept between calls (the tables unchanged)', () => {
    const tables = CODE.map((text) => {
      const t = new NgramTable();
      t.addText(text);
      return t;
    });
    const vocabulary = CharVocabulary.fromText(CODE.join(''));
    const idOf = (cp: number) => vocabulary.id(String.fromCodePoint(cp));
    const followers: FollowerCache = new Map();
    // A lookahead's contexts: each extends the one before, so their short histories repeat.
    for (const context of ['def ', 'def p', 'def pe', 'def per', 'zzz', 'return width', '    self.width = w', '']) {
      const kept = ngramPrediction(tables, context, idOf, vocabulary.size, undefined, followers);
      const fresh = ngramPrediction(tables, context, idOf, vocabulary.size);
      expect(kept.longestMatch).toBe(fresh.longestMatch);
      expect(Array.from(kept.distribution)).toEqual(Array.from(fresh.distribution));
    }
    expect(followers.size).toBeGreaterThan(0);
  });

  it('refuses tables of different history lengths, and bad lengths', () => {
    expect(() => ngramDistribution([new NgramTable([0, 1, 2]), new NgramTable([0, 1, 3])], 'ab', () => 0, 2)).toThrow(/history lengths \[0, 1, 2\] and \[0, 1, 3\]/);
    expect(() => new NgramTable([1, 2])).toThrow(/must start at 0 and increase/);
    expect(() => new NgramTable([0, 2, 2])).toThrow(/must start at 0 and increase/);
  });
});

/**
 * The textbook model, counted the slow way: every history as a string (START = U+0002 before each
 * text), raw counts at the longest length, below it the number of distinct characters seen just
 * before, modified Kneser–Ney discounts from the counts of counts, the recursion ending uniform.
 */
function bruteForceModifiedKneserNey(texts: string[], order: number, size: number): (context: string, ch: string) => number {
  const START = '\u0002';
  const counts: Map<string, Map<string, Set<string> | number>>[] = Array.from({ length: order }, () => new Map());
  for (const text of texts) {
    const s = [...START.repeat(order - 1), ...text];
    for (let i = order - 1; i < s.length; i++) {
      for (let j = 0; j < order; j++) {
        const h = s.slice(i - j, i).join('');
        const followers = counts[j]!.get(h) ?? new Map<string, Set<string> | number>();
        counts[j]!.set(h, followers);
        const c = s[i]!;
        if (j === order - 1) followers.set(c, ((followers.get(c) as number | undefined) ?? 0) + 1);
        else ((followers.get(c) as Set<string> | undefined) ?? followers.set(c, new Set()).get(c) as Set<string>).add(s[i - j - 1]!);
      }
    }
  }
  const n = (v: Set<string> | number) => (typeof v === 'number' ? v : v.size);
  const discounts = counts.map((level) => {
    const cc = [0, 0, 0, 0, 0];
    for (const followers of level.values()) for (const v of followers.values()) if (n(v) <= 4) cc[n(v)]!++;
    const [, n1, n2, n3, n4] = cc as [number, number, number, number, number];
    if (!(n1 > 0 && n2 > 0 && n3 > 0 && n4 > 0)) return [0.75, 0.75, 0.75];
    const y = n1 / (n1 + 2 * n2);
    const clamp = (d: number, k: number) => Math.min(k - 0.05, Math.max(0.05, d));
    return [clamp(1 - (2 * y * n2) / n1, 1), clamp(2 - (3 * y * n3) / n2, 2), clamp(3 - (4 * y * n4) / n3, 3)];
  });
  const probability = (history: string[], j: number, ch: string): number => {
    const lower = j === 0 ? 1 / size : probability(history, j - 1, ch);
    const followers = counts[j]!.get(history.slice(history.length - j).join(''));
    if (!followers) return lower;
    let total = 0, held = 0;
    for (const v of followers.values()) {
      total += n(v);
      held += discounts[j]![Math.min(n(v), 3) - 1]!;
    }
    const own = followers.get(ch);
    const mine = own === undefined ? 0 : n(own) - discounts[j]![Math.min(n(own), 3) - 1]!;
    return mine / total + (held / total) * lower;
  };
  return (context, ch) => probability([...START.repeat(order - 1), ...context].slice(-(order - 1)), order - 1, ch);
}
