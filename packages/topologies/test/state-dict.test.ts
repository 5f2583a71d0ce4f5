import { describe, expect, it } from 'vitest';
import { charModelLayout } from '../src/io/state-dict.js';
import { decodeSafetensors, encodeSafetensors } from '../src/io/safetensors.js';
import type { NamedTensor } from '../src/io/types.js';
import { CharLM } from '../src/text/char-lm.js';
import { exportCharLMSafetensors, importCharLMSafetensors, loadCharLMSafetensors } from '../src/text/char-lm-file.js';
import { CharVocabulary } from '../src/text/vocabulary.js';

const TEXT = 'the cat sat on the mat; the dog sat on the log. ';
const vocabulary = CharVocabulary.fromText([TEXT]);

/** The scores of the next symbol after each symbol of `text`, stepping from zero state. */
function logitsAlong(lm: CharLM, text: string): number[][] {
  const stepper = lm.stepper();
  return Array.from(lm.vocabulary.encode(text), (id) => {
    stepper.feed(id);
    return Array.from(stepper.logits());
  });
}

/** A state dict as PyTorch users name it: every tensor renamed by `rename`, no metadata. */
function asUserFile(lm: CharLM, rename: (name: string) => string, extra: NamedTensor[] = []): Uint8Array {
  const { tensors } = decodeSafetensors(exportCharLMSafetensors(lm));
  return encodeSafetensors([...tensors.map((t) => ({ ...t, name: rename(t.name) })), ...extra]);
}

describe('PyTorch state dicts under any module names', () => {
  it('finds the recurrent module by its parameter names and the head by its shape, and says how it mapped them', () => {
    const lm = new CharLM(vocabulary, { cell: 'gru', hiddenSize: 10, numLayers: 2, seed: 3 });
    const bytes = asUserFile(lm, (n) => n.replace('rnn.', 'model.encoder.').replace('linear.', 'fc.'));
    const { model, mapping } = loadCharLMSafetensors(bytes, { vocabulary });
    expect(model.config).toMatchObject({ cell: 'gru', hiddenSize: 10, numLayers: 2, embeddingSize: 0 });
    expect(mapping).toContainEqual({ from: 'model.encoder.weight_hh_l1', to: 'weight_hh_l1' });
    expect(mapping).toContainEqual({ from: 'fc.weight', to: 'linear.weight' });
    expect(mapping).toHaveLength(2 * 4 + 2);
    expect(logitsAlong(model, 'the dog')).toEqual(logitsAlong(lm, 'the dog'));
    // The same file into an existing model of that shape.
    const fresh = new CharLM(vocabulary, { cell: 'gru', hiddenSize: 10, numLayers: 2, seed: 9 });
    importCharLMSafetensors(fresh, bytes, { vocabulary });
    expect(logitsAlong(fresh, 'the dog')).toEqual(logitsAlong(lm, 'the dog'));
  });

  it('refuses what it could read two ways, or not place at all', () => {
    const lm = new CharLM(vocabulary, { cell: 'lstm', hiddenSize: 6, seed: 1 });
    const { tensors } = decodeSafetensors(exportCharLMSafetensors(lm));
    const twoRecurrent = [...tensors, ...tensors.filter((t) => t.name.startsWith('rnn.')).map((t) => ({ ...t, name: t.name.replace('rnn.', 'other.') }))];
    expect(() => charModelLayout(twoRecurrent)).toThrow(/2 recurrent modules \("rnn\.", "other\."\)/);
    const twoHeads = [...tensors, ...tensors.filter((t) => t.name.startsWith('linear.')).map((t) => ({ ...t, name: t.name.replace('linear.', 'head.') }))];
    expect(() => charModelLayout(twoHeads)).toThrow(/two candidates for the output layer \("linear", "head"\)/);
    const norm = { name: 'norm.weight', shape: [6], data: new Float32Array(6) };
    expect(() => charModelLayout([...tensors, norm])).toThrow(/not part of a character model.*norm\.weight \[6\]/);
    expect(() => charModelLayout(tensors.filter((t) => t.name !== 'rnn.bias_hh_l0'))).toThrow(/missing tensor "rnn\.bias_hh_l0".*bias=False/);
    expect(() => charModelLayout(tensors.filter((t) => !t.name.startsWith('linear.')))).toThrow(/no output layer/);
  });

  it('needs the vocabulary when the file does not carry it, and checks it when it does', () => {
    const lm = new CharLM(vocabulary, { cell: 'rnn_tanh', hiddenSize: 5, seed: 2 });
    const bare = asUserFile(lm, (n) => n);
    expect(() => loadCharLMSafetensors(bare)).toThrow(/names no vocabulary.*give the vocabulary/);
    const shorter = CharVocabulary.fromText(['the cat']);
    expect(() => loadCharLMSafetensors(bare, { vocabulary: shorter })).toThrow(new RegExp(`${shorter.size} symbols, the model's output layer ${vocabulary.size}`));
    // Same size, other symbols: the file's own vocabulary wins the argument, loudly.
    const shifted = new CharVocabulary(vocabulary.symbols.map((s, i) => (i === 3 ? 'Z' : s)));
    expect(() => loadCharLMSafetensors(exportCharLMSafetensors(lm), { vocabulary: shifted })).toThrow(/differs from the model's at id 3/);
  });

  it('imports bare weights into an existing model only when told their vocabulary, even at the same size', () => {
    const lm = new CharLM(vocabulary, { cell: 'lstm', hiddenSize: 5, seed: 2 });
    const bare = asUserFile(lm, (n) => n.replace('linear.', 'fc.'));
    // A model over other symbols of the same count: the sizes fit, the meaning would not.
    const shifted = new CharVocabulary(vocabulary.symbols.map((s, i) => (i === 3 ? 'Z' : s)));
    const other = new CharLM(shifted, { cell: 'lstm', hiddenSize: 5, seed: 9 });
    const before = logitsAlong(other, 'the cat');
    expect(() => importCharLMSafetensors(other, bare)).toThrow(/names no vocabulary in its metadata.*state the vocabulary/);
    expect(() => importCharLMSafetensors(other, bare, { vocabulary })).toThrow(/differs from the model's at id 3/);
    expect(logitsAlong(other, 'the cat')).toEqual(before);
    // Stated and right: loaded. Stated but against the file's own metadata: refused.
    const same = new CharLM(vocabulary, { cell: 'lstm', hiddenSize: 5, seed: 9 });
    importCharLMSafetensors(same, bare, { vocabulary });
    expect(logitsAlong(same, 'the cat')).toEqual(logitsAlong(lm, 'the cat'));
    expect(() => importCharLMSafetensors(other, exportCharLMSafetensors(lm), { vocabulary: shifted })).toThrow(/differs from the model's at id 3/);
    // A file naming its vocabulary needs no option.
    importCharLMSafetensors(new CharLM(vocabulary, { cell: 'lstm', hiddenSize: 5 }), exportCharLMSafetensors(lm));
  });

  it('reads nn.RNN(nonlinearity="relu") as rnn_relu when told (the state dict cannot say)', () => {
    const relu = new CharLM(vocabulary, { cell: 'rnn_relu', hiddenSize: 5, seed: 2 });
    const bare = asUserFile(relu, (n) => n);
    expect(loadCharLMSafetensors(bare, { vocabulary }).model.config.cell).toBe('rnn_tanh');
    const { model } = loadCharLMSafetensors(bare, { vocabulary, nonlinearity: 'relu' });
    expect(logitsAlong(model, 'the mat')).toEqual(logitsAlong(relu, 'the mat'));
    // Our own export records the cell, so it needs no telling.
    expect(loadCharLMSafetensors(exportCharLMSafetensors(relu)).model.config.cell).toBe('rnn_relu');
  });

  it('refuses a bidirectional network as a next-character model, saying why', () => {
    const lm = new CharLM(vocabulary, { cell: 'lstm', hiddenSize: 4, seed: 5 });
    const { tensors } = decodeSafetensors(exportCharLMSafetensors(lm));
    const reverse = tensors.filter((t) => t.name.startsWith('rnn.')).map((t) => ({ ...t, name: `${t.name}_reverse` }));
    const head = tensors.filter((t) => t.name.startsWith('linear.')).map((t) => (t.name === 'linear.weight' ? { ...t, shape: [t.shape[0]!, 8], data: new Float32Array(t.shape[0]! * 8) } : t));
    const file = encodeSafetensors([...tensors.filter((t) => t.name.startsWith('rnn.')), ...reverse, ...head]);
    expect(charModelLayout(decodeSafetensors(file).tensors).bidirectional).toBe(true);
    expect(() => loadCharLMSafetensors(file, { vocabulary })).toThrow(/bidirectional.*cannot predict the next one/);
  });
});

describe('an nn.Embedding input (embeddingSize)', () => {
  it('is the one-hot model whose W_ih is W_ih · Eᵀ: the same scores, by the identity W_ih·E[x] = (W_ih·Eᵀ)·onehot(x)', () => {
    const embedded = new CharLM(vocabulary, { cell: 'lstm', hiddenSize: 7, numLayers: 2, embeddingSize: 3, seed: 4 });
    const oneHot = new CharLM(vocabulary, { cell: 'lstm', hiddenSize: 7, numLayers: 2, seed: 8 });
    const weights = new Map(embedded.namedParameters().map(([n, t]) => [n, t.toArray()]));
    const E = weights.get('embedding.weight')!, W = weights.get('weight_ih_l0')!;
    const V = vocabulary.size, rows = 4 * 7;
    const composed = new Float32Array(rows * V);
    for (let r = 0; r < rows; r++) for (let v = 0; v < V; v++) for (let e = 0; e < 3; e++) composed[r * V + v]! += W[r * 3 + e]! * E[v * 3 + e]!;
    for (const [name, t] of oneHot.namedParameters()) t.set(name === 'weight_ih_l0' ? composed : weights.get(name)!);
    const a = logitsAlong(embedded, 'the cat sat'), b = logitsAlong(oneHot, 'the cat sat');
    a.forEach((row, t) => row.forEach((x, v) => expect(x).toBeCloseTo(b[t]![v]!, 5)));
    // The whole-sequence path (training, evaluation) agrees with the stepper.
    expect(embedded.evaluate('the cat sat').bitsPerChar).toBeCloseTo(oneHot.evaluate('the cat sat').bitsPerChar, 5);
  });

  it('learns (the embedding gets gradients) and travels through safetensors under PyTorch names', async () => {
    const lm = new CharLM(vocabulary, { cell: 'gru', hiddenSize: 16, embeddingSize: 4, seed: 6 });
    const before = lm.embedding!.toArray();
    const start = lm.evaluate(TEXT).bitsPerChar;
    await lm.fit([TEXT.repeat(4)], { steps: 40, seqLength: 16, batchSize: 4, lr: 0.02 });
    expect(lm.evaluate(TEXT).bitsPerChar).toBeLessThan(start - 1);
    expect(lm.embedding!.toArray()).not.toEqual(before);
    const bytes = exportCharLMSafetensors(lm);
    expect(decodeSafetensors(bytes).tensors.map((t) => t.name)[0]).toBe('embedding.weight');
    const renamed = asUserFile(lm, (n) => n.replace('embedding.', 'embed.'));
    const { model, mapping } = loadCharLMSafetensors(renamed, { vocabulary });
    expect(mapping[0]).toEqual({ from: 'embed.weight', to: 'embedding.weight' });
    expect(model.config.embeddingSize).toBe(4);
    expect(logitsAlong(model, 'the log')).toEqual(logitsAlong(lm, 'the log'));
  });
});
