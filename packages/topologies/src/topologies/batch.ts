// Token sequences of different lengths laid out as Recurrent.forward reads them.

/** The target a padded position carries: crossEntropy skips it (PyTorch's default ignore_index). */
export const IGNORE_INDEX = -100;

/** A batch of token sequences, time-major and padded, with its mask. */
export interface PaddedBatch {
  /** T·B ids: sequence b's token at step t sits at t·B + b; padding holds 0. */
  readonly ids: number[];
  /** 1 for a real step, 0 for padding, at the same positions (real steps first). */
  readonly mask: number[];
  /** T, the longest sequence's length. */
  readonly steps: number;
  /** B, the number of sequences. */
  readonly batch: number;
  readonly lengths: number[];
  readonly vocabularySize: number;
}

/**
 * Pads token sequences to the longest and lays them out time-major (t·B + b), as
 * `Recurrent.forward` takes token ids and a mask. Every id is checked here, so an error
 * names the sequence and the position rather than a time-major row.
 *
 * @example
 * ```ts
 * const batch = padSequences([[3, 1, 4], [1, 5]], 10, 'example');
 * batch.ids;  // [3, 1, 1, 5, 4, 0]  (step 0 of both, step 1 of both, step 2 of both)
 * batch.mask; // [1, 1, 1, 1, 1, 0]
 * rnn.forward(batch, undefined, { mask: batch.mask });
 * ```
 */
export function padSequences(
  sequences: readonly (readonly number[])[], vocabularySize: number, caller: string, allowEmpty = false,
): PaddedBatch {
  if (sequences.length === 0) throw new RangeError(`${caller}: needs at least one sequence`);
  const lengths = sequences.map((s, b) => {
    checkTokens(s, vocabularySize, caller, `sequence ${b}`);
    if (s.length === 0 && !allowEmpty) throw new RangeError(`${caller}: sequence ${b} is empty; a recurrent layer needs at least one step`);
    return s.length;
  });
  const B = sequences.length;
  // An all-empty batch (allowed for decoder targets) still takes one step.
  const T = Math.max(1, ...lengths);
  const ids = new Array<number>(T * B).fill(0);
  const mask = new Array<number>(T * B).fill(0);
  sequences.forEach((s, b) => s.forEach((id, t) => {
    ids[t * B + b] = id;
    mask[t * B + b] = 1;
  }));
  return { ids, mask, steps: T, batch: B, lengths, vocabularySize };
}

/** Per-position labels in the batch's time-major order; padded positions get {@link IGNORE_INDEX}. */
export function alignLabels(labels: readonly (readonly number[])[], batch: PaddedBatch, numClasses: number, caller: string): number[] {
  const { steps: T, batch: B, lengths } = batch;
  if (labels.length !== B) throw new RangeError(`${caller}: ${labels.length} label sequences for ${B} input sequences`);
  const out = new Array<number>(T * B).fill(IGNORE_INDEX);
  labels.forEach((row, b) => {
    if (row.length !== lengths[b]) throw new RangeError(`${caller}: sequence ${b} has ${lengths[b]} steps but ${row.length} labels`);
    checkTokens(row, numClasses, caller, `labels of sequence ${b}`, 'classes');
    row.forEach((label, t) => (out[t * B + b] = label));
  });
  return out;
}

/** One label per example, each an integer in [0, numClasses). */
export function checkLabels(labels: readonly number[], count: number, numClasses: number, caller: string): void {
  if (labels.length !== count) throw new RangeError(`${caller}: ${labels.length} labels for ${count} examples`);
  checkTokens(labels, numClasses, caller, 'labels', 'classes');
}

/** Throws unless every entry is an integer in [0, limit). */
export function checkTokens(tokens: readonly number[], limit: number, caller: string, what: string, range = 'vocabulary'): void {
  if (!Array.isArray(tokens)) throw new TypeError(`${caller}: ${what} must be an array of integers`);
  tokens.forEach((id, i) => {
    if (!Number.isInteger(id) || id < 0 || id >= limit) {
      throw new RangeError(`${caller}: ${what}, position ${i} is ${id}, outside the ${range} [0, ${limit})`);
    }
  });
}

/** Throws unless `value` is an integer ≥ `min`. */
export function checkInteger(value: number, name: string, caller: string, min = 1): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${caller}: ${name} must be an integer >= ${min}, got ${value}`);
}
