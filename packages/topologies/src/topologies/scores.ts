// Reading decisions off logits: argmax, and log-probabilities in double precision.

/** The index of the largest of `row[start, start + width)`, the first on ties. */
export function argmax(row: ArrayLike<number>, start = 0, width = row.length - start): number {
  let best = 0;
  for (let j = 1; j < width; j++) if (row[start + j]! > row[start + best]!) best = j;
  return best;
}

/** argmax of every row of an [N, C] matrix given row-major. */
export function argmaxRows(values: ArrayLike<number>, columns: number): number[] {
  const rows = values.length / columns;
  return Array.from({ length: rows }, (_v, r) => argmax(values, r * columns, columns));
}

/**
 * log softmax of `row[start, start + width)`: x − max − ln Σ e^(x − max), in float64.
 * Subtracting one double from float32 logits keeps their order exactly, so the best
 * log-probability is the argmax of the logits — which is why a beam of one is greedy decoding.
 */
export function logSoftmaxRow(row: ArrayLike<number>, start: number, width: number): Float64Array {
  let max = -Infinity;
  for (let j = 0; j < width; j++) max = Math.max(max, row[start + j]!);
  let total = 0;
  for (let j = 0; j < width; j++) total += Math.exp(row[start + j]! - max);
  const lse = max + Math.log(total);
  const out = new Float64Array(width);
  for (let j = 0; j < width; j++) out[j] = row[start + j]! - lse;
  return out;
}
