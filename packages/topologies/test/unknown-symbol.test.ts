import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from '../src/io/safetensors.js';
import { charModelLayout } from '../src/io/state-dict.js';
import type { NamedTensor } from '../src/io/types.js';
import { ABSENT_SYMBOL_BIAS, addUnknownSymbol } from '../src/io/unknown-symbol.js';
import { CharLM } from '../src/text/char-lm.js';
import { exportCharLMSafetensors, loadCharLMSafetensors } from '../src/text/char-lm-file.js';
import { probabilities } from '../src/text/sampling.js';
import { CharVocabulary, statedCharVocabulary } from '../src/text/vocabulary.js';

const tensor = (name: string, shape: number[], values: number[]): NamedTensor => ({ name, shape, data: Float32Array.from(values) });
const values = (t: NamedTensor | undefined) => ({ shape: t?.shape, data: Array.from(t?.data ?? []) });
const byName = (tensors: NamedTensor[], name: string) => tensors.find((t) => t.name === name);

describe('addUnknownSymbol: a state dict without U+FFFD gets it at id 0', () => {
  it('one-hot input: a zero column 0 in weight_ih_l0; head: a zero row 0 and bias −1e4 (checked by hand)', () => {
    const file = [
      tensor('net.weight_ih_l0', [2, 3], [1, 2, 3, 4, 5, 6]), tensor('net.weight_hh_l0', [2, 2], [7, 7, 7, 7]),
      tensor('fc.weight', [3, 2], [1, 2, 3, 4, 5, 6]), tensor('fc.bias', [3], [7, 8, 9]),
    ];
    const layout = { mapping: [{ from: 'net.weight_ih_l0', to: 'weight_ih_l0' }, { from: 'net.weight_hh_l0', to: 'weight_hh_l0' }, { from: 'fc.weight', to: 'linear.weight' }, { from: 'fc.bias', to: 'linear.bias' }], embeddingSize: 0, vocabularySize: 3 };
    const out = addUnknownSymbol(file, layout);
    expect(ABSENT_SYMBOL_BIAS).toBe(-1e4);
    expect(values(byName(out, 'net.weight_ih_l0'))).toEqual({ shape: [2, 4], data: [0, 1, 2, 3, 0, 4, 5, 6] });
    expect(byName(out, 'net.weight_hh_l0')).toBe(file[1]);
    expect(values(byName(out, 'fc.weight'))).toEqual({ shape: [4, 2], data: [0, 0, 1, 2, 3, 4, 5, 6] });
    expect(values(byName(out, 'fc.bias'))).toEqual({ shape: [4], data: [-1e4, 7, 8, 9] });
    expect(values(file[0])).toEqual({ shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }); // the input is not changed
  });

  it('nn.Embedding input: a zero row 0 in the embedding, weight_ih_l0 as it was', () => {
    const file = [tensor('embed.weight', [3, 2], [1, 2, 3, 4, 5, 6]), tensor('lstm.weight_ih_l0', [4, 2], [1, 2, 3, 4, 5, 6, 7, 8]), tensor('fc.weight', [3, 1], [1, 2, 3]), tensor('fc.bias', [3], [0, 0, 0])];
    const layout = { mapping: [{ from: 'embed.weight', to: 'embedding.weight' }, { from: 'lstm.weight_ih_l0', to: 'weight_ih_l0' }, { from: 'fc.weight', to: 'linear.weight' }, { from: 'fc.bias', to: 'linear.bias' }], embeddingSize: 2, vocabularySize: 3 };
    const out = addUnknownSymbol(file, layout);
    expect(values(byName(out, 'embed.weight'))).toEqual({ shape: [4, 2], data: [0, 0, 1, 2, 3, 4, 5, 6] });
    expect(byName(out, 'lstm.weight_ih_l0')).toBe(file[1]);
    expect(values(byName(out, 'fc.weight'))).toEqual({ shape: [4, 1], data: [0, 1, 2, 3] });
  });

  it('statedCharVocabulary adds U+FFFD when absent, keeps it at id 0, and refuses it anywhere else', () => {
    expect(statedCharVocabulary(['a', 'b'])).toMatchObject({ vocabulary: { symbols: ['\uFFFD', 'a', 'b'] }, addedUnknown: true });
    expect(statedCharVocabulary(['\uFFFD', 'a'])).toMatchObject({ vocabulary: { symbols: ['\uFFFD', 'a'] }, addedUnknown: false });
    expect(() => statedCharVocabulary(['a', '\uFFFD', 'b'])).toThrow(/unknown symbol U\+FFFD is at id 1: it must be at id 0, or absent/);
  });

  for (const embeddingSize of [0, 4]) {
    it(`loads a model trained without U+FFFD (${embeddingSize ? 'nn.Embedding' : 'one-hot'}): its probabilities are ours over ids 1..V, id 0's is 0`, () => {
      // The "user's" model: ours with symbol 0 cut out of every tensor, so ids 0..V−1 are our 1..V.
      const text = 'the cat sat on the mat. ';
      const lm = new CharLM(CharVocabulary.fromText([text]), { cell: 'gru', hiddenSize: 6, embeddingSize, seed: 4 });
      const { tensors } = decodeSafetensors(exportCharLMSafetensors(lm));
      const V = lm.vocabulary.size - 1, symbols = lm.vocabulary.symbols.slice(1);
      const cut = tensors.map((t) => {
        if (t.name === 'rnn.weight_ih_l0' && embeddingSize === 0) {
          const rows = t.shape[0]!;
          return { ...t, shape: [rows, V], data: Float32Array.from({ length: rows * V }, (_, k) => t.data[Math.floor(k / V) * (V + 1) + (k % V) + 1]!) };
        }
        return t.name.startsWith('linear.') || t.name === 'embedding.weight' ? { ...t, shape: [V, ...t.shape.slice(1)], data: t.data.slice(t.data.length / (V + 1)) } : t;
      }).map((t) => ({ ...t, name: t.name.replace('linear.', 'fc.') }));
      const bare = encodeSafetensors(cut);
      expect(charModelLayout(cut).vocabularySize).toBe(V);

      const { vocabulary, addedUnknown } = statedCharVocabulary(symbols);
      const { model } = loadCharLMSafetensors(bare, { vocabulary, addUnknownSymbol: addedUnknown });
      expect(model.vocabulary.symbols).toEqual(lm.vocabulary.symbols);
      const ours = model.stepper(), theirs = lm.stepper();
      for (const id of lm.vocabulary.encode('the mat sat')) {
        ours.feed(id);
        theirs.feed(id);
        const logits = Array.from(ours.logits());
        expect(logits[0]).toBe(-1e4);
        const p = probabilities(logits), q = probabilities(Array.from(theirs.logits()).slice(1)); // the user's softmax over its V outputs
        expect(p[0]).toBe(0);
        q.forEach((x, v) => expect(Math.abs(p[v + 1]! - x)).toBeLessThan(1e-7));
      }
      // The kernel's cross-entropy path: finite, and the mass of id 0 (e^−87 at most, see ABSENT_SYMBOL_BIAS) invisible.
      expect(Number.isFinite(model.evaluate(text).bitsPerChar)).toBe(true);

      // The sizes must fit once U+FFFD is added; a file that names its vocabulary has nothing to add.
      const short = statedCharVocabulary(symbols.slice(1));
      expect(() => loadCharLMSafetensors(bare, { vocabulary: short.vocabulary, addUnknownSymbol: true })).toThrow(new RegExp(`${V - 1} symbols \\(and no U\\+FFFD, added at id 0\\), the model's output layer ${V}`));
      expect(() => loadCharLMSafetensors(exportCharLMSafetensors(lm), { vocabulary, addUnknownSymbol: true })).toThrow(/names its vocabulary in its metadata/);
    });
  }
});
