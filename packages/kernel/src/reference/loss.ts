import type { Views } from './memory.js';

export function softmaxCrossEntropy(
  { f, i }: Views, rows: number, cols: number, logits: number, targets: number,
  ignoreIndex: number, gradScale: number, dlogits: number,
): number {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const x = (logits >> 2) + r * cols, d = (dlogits >> 2) + r * cols;
    const t = i[(targets >> 2) + r]!;
    if (t === ignoreIndex) {
      f.fill(0, d, d + cols);
      continue;
    }
    let max = -Infinity;
    for (let c = 0; c < cols; c++) max = Math.max(max, f[x + c]!);
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += Math.exp(f[x + c]! - max);
    total += max + Math.log(sum) - f[x + t]!;
    for (let c = 0; c < cols; c++) f[d + c] = gradScale * (Math.exp(f[x + c]! - max) / sum - (c === t ? 1 : 0));
  }
  return total;
}
