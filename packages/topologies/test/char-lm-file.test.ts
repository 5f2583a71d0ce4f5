import { describe, expect, it } from 'vitest';
import { decodeSafetensors } from '../src/io/safetensors.js';
import { ModelFileError } from '../src/io/types.js';
import { CharLM } from '../src/text/char-lm.js';
import { exportCharLMSafetensors, importCharLMSafetensors, loadCharLM, saveCharLM } from '../src/text/char-lm-file.js';

const TEXT = 'to be or not to be, that is the question. 𝄞 ♪ '.repeat(6);

async function trained(cell: 'lstm' | 'gru' | 'rnn_tanh' = 'lstm') {
  const lm = CharLM.fromTexts([TEXT], { cell, hiddenSize: 16, numLayers: 2, seed: 3 });
  await lm.fit([TEXT], { steps: 10, seqLength: 12, batchSize: 4, lr: 0.02 });
  return lm;
}

describe('CharLM files', () => {
  it.each(['lstm', 'gru', 'rnn_tanh'] as const)('round-trips a %s exactly: same weights, vocabulary, predictions', async (cell) => {
    const lm = await trained(cell);
    const { model, extras } = loadCharLM(saveCharLM(lm, { note: 'hello', step: 10 }));
    expect(extras).toEqual({ note: 'hello', step: 10 });
    expect(model.vocabulary.symbols).toEqual(lm.vocabulary.symbols);
    expect(model.config).toEqual(lm.config);
    model.parameters().forEach((p, i) => expect(p.toArray()).toEqual(lm.parameters()[i]!.toArray()));
    expect(model.predict('to be', 20)).toBe(lm.predict('to be', 20));
  });

  it('refuses a damaged file with a ModelFileError instead of crashing', async () => {
    const bytes = saveCharLM(await trained());
    const flipped = bytes.slice();
    flipped[flipped.length - 100]! ^= 0xff;
    expect(() => loadCharLM(flipped)).toThrow(ModelFileError);
    expect(() => loadCharLM(bytes.subarray(0, bytes.length / 2))).toThrow(ModelFileError);
    expect(() => loadCharLM(new TextEncoder().encode('not a model'))).toThrow(ModelFileError);
  });

  it('exports safetensors with PyTorch names and imports them back into a fresh model', async () => {
    const lm = await trained();
    const bytes = exportCharLMSafetensors(lm);
    const names = decodeSafetensors(bytes).tensors.map((t) => `${t.name}:${t.shape.join('x')}`);
    // The PyTorch CharLM's state dict (packages/pytorch): modules rnn and linear.
    expect(names).toContain('rnn.weight_ih_l0:64x' + lm.vocabulary.size);
    expect(names).toContain('rnn.weight_hh_l1:64x16');
    expect(names).toContain('linear.weight:' + lm.vocabulary.size + 'x16');
    const fresh = CharLM.fromTexts([TEXT], { cell: 'lstm', hiddenSize: 16, numLayers: 2, seed: 99 });
    importCharLMSafetensors(fresh, bytes);
    expect(fresh.predict('to be', 15)).toBe(lm.predict('to be', 15));
  });

  it('rejects safetensors of another shape and leaves the model untouched', async () => {
    const small = await trained();
    const other = CharLM.fromTexts([TEXT], { cell: 'lstm', hiddenSize: 8, numLayers: 2, seed: 1 });
    const before = other.parameters().map((p) => p.toArray());
    expect(() => importCharLMSafetensors(other, exportCharLMSafetensors(small))).toThrow(/\[32, .*\].*\[64, .*\]|\[64, .*\].*\[32, .*\]/);
    other.parameters().forEach((p, i) => expect(p.toArray()).toEqual(before[i]));
  });
});
