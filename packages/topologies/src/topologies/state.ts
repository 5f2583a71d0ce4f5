import { concat, gatherRows, reshape, slice, type Tensor } from '@recurrent/autograd';
import type { RecurrentState } from '../layers/recurrent.js';

/**
 * The state of some sequences of a batch: rows[j] of every layer's h (and c) → new batch row j.
 * Beam search uses it to follow each surviving hypothesis's parent, and to decode one source
 * of a batch at a time. A row may be taken more than once.
 */
export function selectStateRows(state: RecurrentState, rows: readonly number[]): RecurrentState {
  const pick = (t: Tensor) => {
    const [layers, batch, hidden] = t.shape as [number, number, number];
    const indices: number[] = [];
    for (let l = 0; l < layers; l++) for (const r of rows) indices.push(l * batch + r);
    return reshape(gatherRows(reshape(t, [layers * batch, hidden]), indices), [layers, rows.length, hidden]);
  };
  return state.c === undefined ? { h: pick(state.h) } : { h: pick(state.h), c: pick(state.c) };
}

/**
 * The last layer's final hidden state, both directions side by side: [B, directions · H].
 * h_n is right for both directions under a mask: the forward pass's padded steps carry its
 * state to step T − 1, and the reverse pass reads each sequence from its own last real step
 * back to its first. (Output row T − 1 would be wrong for the reverse direction: there it has
 * seen only the last token.)
 */
export function lastLayerFinal(h: Tensor, numLayers: number, directions: number): Tensor {
  const [, batch, hidden] = h.shape as [number, number, number];
  const parts: Tensor[] = [];
  for (let d = 0; d < directions; d++) {
    const index = (numLayers - 1) * directions + d;
    parts.push(reshape(slice(h, 0, index, index + 1), [batch, hidden]));
  }
  return parts.length === 1 ? parts[0]! : concat(parts, 1);
}
