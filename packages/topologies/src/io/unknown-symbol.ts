/**
 * A PyTorch character model trained without an unknown symbol (its vocabulary the usual
 * `sorted(set(text))`, ids 0..V−1) as one with U+FFFD at id 0 and its symbols at ids 1..V, the
 * layout a CharVocabulary has, computing the same thing: an added symbol, never a changed one.
 */
import type { CharModelLayout } from './state-dict.js';
import { ModelFileError, type NamedTensor } from './types.js';

/**
 * The bias of the added output row. Its logit is this exactly (the row's weights are zero), so
 * its softmax probability is e^(−10⁴ − max): 0 in float64 and float32 (the sampler's and the
 * stepper's path), and in the wasm kernel's cross-entropy, whose exp clamps its input at −87,
 * at most e^−87 ≈ 1.6e−38 of the mass — the other symbols' probabilities are the file's to
 * float32's precision. It is exact in F16 and BF16 exports as well (within their range).
 */
export const ABSENT_SYMBOL_BIAS = -1e4;

/**
 * The state dict with a symbol added at id 0 and the file's ids shifted to 1..V: a zero row 0
 * in the nn.Embedding (or, when the first layer reads one-hot symbols, a zero column 0 in
 * `weight_ih_l0`, and `weight_ih_l0_reverse`), so a character outside the vocabulary contributes
 * nothing, as an all-zero one-hot would; and in the output head a row 0 of zero weights with
 * bias {@link ABSENT_SYMBOL_BIAS}, so the other logits are unchanged and the new symbol is
 * never predicted. Tensors keep their file names and the others are returned as they are;
 * `layout` is the file's (see charModelLayout), and its `vocabularySize` grows by one.
 *
 * @example
 * const { tensors } = decodeSafetensors(bytes);
 * const shifted = addUnknownSymbol(tensors, charModelLayout(tensors));
 * // fc.weight [V, H] → [V + 1, H] (row 0 zero); fc.bias [V] → [V + 1] (bias[0] = −1e4);
 * // embed.weight [V, E] → [V + 1, E] (row 0 zero)
 */
export function addUnknownSymbol(tensors: readonly NamedTensor[], layout: Pick<CharModelLayout, 'mapping' | 'embeddingSize' | 'vocabularySize'>): NamedTensor[] {
  const V = layout.vocabularySize;
  const role = new Map(layout.mapping.map(({ from, to }) => [from, to]));
  return tensors.map((t) => {
    const to = role.get(t.name);
    if (to === 'linear.bias') return withRow0(t, V, ABSENT_SYMBOL_BIAS);
    if (to === 'linear.weight' || to === 'embedding.weight') return withRow0(t, V, 0);
    if (layout.embeddingSize === 0 && (to === 'weight_ih_l0' || to === 'weight_ih_l0_reverse')) return withColumn0(t, V);
    return t;
  });
}

/** `t` [V, …] with a new first row of `fill`. */
function withRow0(t: NamedTensor, V: number, fill: number): NamedTensor {
  if (t.shape[0] !== V) throw new ModelFileError(`${JSON.stringify(t.name)} has ${t.shape[0]} rows, not the ${V} symbols of the output layer`);
  const rowSize = t.data.length / V;
  const data = new Float32Array(t.data.length + rowSize).fill(fill, 0, rowSize);
  data.set(t.data, rowSize);
  return { ...t, shape: [V + 1, ...t.shape.slice(1)], data };
}

/** `t` [R, V] (one column per one-hot symbol) with a new zero first column. */
function withColumn0(t: NamedTensor, V: number): NamedTensor {
  if (t.shape.length !== 2 || t.shape[1] !== V) throw new ModelFileError(`${JSON.stringify(t.name)} reads ${t.shape[1]} one-hot symbols, not the ${V} of the output layer`);
  const rows = t.shape[0]!;
  const data = new Float32Array(rows * (V + 1));
  for (let r = 0; r < rows; r++) data.set(t.data.subarray(r * V, (r + 1) * V), r * (V + 1) + 1);
  return { ...t, shape: [rows, V + 1], data };
}
