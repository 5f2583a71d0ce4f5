import { CharVocabulary } from '@recurrent/topologies';
import { describe, expect, it } from 'vitest';
// The keystroke benchmark's n-gram baseline: string histories, written independently — the reference twin here.
import { createNgram } from '../bench/keystrokes/engines/ngram.mjs';
import { buildNgramTable, NgramTable, ngramDistribution } from '../src/completion/ngram.js';

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
  it('give interpolated Kneser–Ney probabilities identical to the reference n-gram', () => {
    const order = 6;
    const table = new NgramTable([0, 1, 2, 3, 4, 5]);
    for (const text of CODE) table.addText(text);
    const reference = createNgram({ order });
    reference.prepare(CODE);
    const vocabulary = CharVocabulary.fromText(CODE.join(''));
    const contexts = ['', 'd', 'def ', 'return width', '    self.w', '(width, h', 'zzz unseen', CODE[0]!, CODE[1]!.slice(0, 40)];
    for (const context of contexts) {
      const p = distributionOf([table], context, vocabulary);
      for (const ch of vocabulary.symbols.slice(1)) expect(p.get(ch)).toBeCloseTo(reference.probability(context, ch), 12);
    }
  });

  it('matches a hand-computed case', () => {
    // Order 2 on "abab" (history: one character, START before the text). Length 1 holds raw counts
    // START→a 1, a→b 2, b→a 1: n1 = 2, n2 = 1, so D1 = n1/(n1 + 2 n2) = 1/2.
    // Length 0 holds continuation counts: a after {START, b} = 2, b after {a} = 1: n1 = 1, n2 = 1,
    // D0 = 1/3, total 3, two kinds. With u = 1/3 (a, b and the unknown symbol):
    //   P0(c) = (n(c) − 1/3)/3 + (1/3 · 2/3) · u
    //   P(b | a) = (2 − 1/2)/2 + (1/2 · 1/2) · P0(b),   P(a | a) = (1/2 · 1/2) · P0(a)
    const table = new NgramTable([0, 1]);
    table.addText('abab');
    const vocabulary = CharVocabulary.fromText('ab');
    const u = 1 / 3;
    const p0 = (n: number) => (n - 1 / 3) / 3 + (2 / 9) * u;
    const p = distributionOf([table], 'xa', vocabulary);
    expect(p.get('b')).toBeCloseTo(1.5 / 2 + 0.25 * p0(1), 12);
    expect(p.get('a')).toBeCloseTo(0.25 * p0(2), 12);
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

  it('refuses tables of different history lengths, and bad lengths', () => {
    expect(() => ngramDistribution([new NgramTable([0, 1, 2]), new NgramTable([0, 1, 3])], 'ab', () => 0, 2)).toThrow(/history lengths \[0, 1, 2\] and \[0, 1, 3\]/);
    expect(() => new NgramTable([1, 2])).toThrow(/must start at 0 and increase/);
    expect(() => new NgramTable([0, 2, 2])).toThrow(/must start at 0 and increase/);
  });
});
