/**
 * One recurrent time step of a training run, forward and backward, as the layers above the
 * kernel will call it: the input projection for all time steps is one big product made before
 * the loop, so a step is the recurrent product plus the fused cell.
 *
 * Weights are in PyTorch's layout (W_hh is [gates·H, H]), so the recurrent product is h·W_hhᵀ.
 */
import { randomArray } from '../../../scripts/bench/measure.mjs';

/**
 * @typedef {object} StepCase
 * @property {() => void} forward
 * @property {() => void} backward
 * @property {number} flopsForward   flops of the matrix products in one forward
 * @property {number} flopsBackward  flops of the matrix products in one backward
 * @property {() => Float32Array[]} outputs  h and dh_prev as last computed (to compare backends)
 */

/**
 * LSTM, gate order i, f, g, o.
 *   forward:  gates = xProj (copy); gates += h_prev·W_hhᵀ (sgemm, beta 1); lstmCellForward.
 *   backward: lstmCellBackward; dh_prev = dGates·W_hh; dW_hh += dGatesᵀ·h_prev (beta 1).
 * @param {import('../dist/index.js').Kernel} k
 * @param {number} batch
 * @param {number} hidden
 * @param {() => number} random
 * @returns {StepCase}
 */
export function lstmStep(k, batch, hidden, random) {
  const B = batch, H = hidden, G = 4 * H;
  const wHh = k.fromArray(randomArray(random, G * H, 1 / Math.sqrt(H)));
  const xProj = k.fromArray(randomArray(random, B * G)); // W_ih x + b_ih + b_hh, made before the loop
  const hPrev = k.fromArray(randomArray(random, B * H));
  const cPrev = k.fromArray(randomArray(random, B * H));
  const dh = k.fromArray(randomArray(random, B * H, 0.1));
  const dc = k.fromArray(randomArray(random, B * H, 0.1));
  const gates = k.alloc(B * G), c = k.alloc(B * H), h = k.alloc(B * H);
  const dGates = k.alloc(B * G), dcPrev = k.alloc(B * H), dhPrev = k.alloc(B * H), dWhh = k.alloc(G * H);

  const forward = () => {
    k.copy(B * G, xProj, gates);
    k.sgemm(false, true, B, G, H, 1, hPrev, H, wHh, H, 1, gates, G);
    k.lstmCellForward(B, H, gates, cPrev, c, h);
  };
  const backward = () => {
    k.lstmCellBackward(B, H, gates, cPrev, c, dh, dc, dGates, dcPrev);
    k.sgemm(false, false, B, H, G, 1, dGates, G, wHh, H, 0, dhPrev, H);
    k.sgemm(true, false, G, H, B, 1, dGates, G, hPrev, H, 1, dWhh, H);
  };
  forward(); // the backward reads the activations a forward leaves in `gates`
  const outputs = () => [k.toArray(h), k.toArray(dhPrev)];
  return { forward, backward, outputs, flopsForward: 2 * B * G * H, flopsBackward: 4 * B * G * H };
}

/**
 * GRU, PyTorch's variant, gate order r, z, n.
 *   forward:  gi = xProj (copy); gh = h_prev·W_hhᵀ (sgemm, beta 0); gh += b_hh; gruCellForward.
 *   backward: gruCellBackward; dh_prev += dgh·W_hh (beta 1); dW_hh += dghᵀ·h_prev (beta 1).
 * b_hh cannot be folded into the input projection (n = tanh(gi_n + r ⊙ gh_n)), hence addRowBias.
 * @param {import('../dist/index.js').Kernel} k
 * @param {number} batch
 * @param {number} hidden
 * @param {() => number} random
 * @returns {StepCase}
 */
export function gruStep(k, batch, hidden, random) {
  const B = batch, H = hidden, G = 3 * H;
  const wHh = k.fromArray(randomArray(random, G * H, 1 / Math.sqrt(H)));
  const bHh = k.fromArray(randomArray(random, G, 1 / Math.sqrt(H)));
  const xProj = k.fromArray(randomArray(random, B * G)); // W_ih x + b_ih, made before the loop
  const hPrev = k.fromArray(randomArray(random, B * H));
  const dh = k.fromArray(randomArray(random, B * H, 0.1));
  const gi = k.alloc(B * G), gh = k.alloc(B * G), h = k.alloc(B * H);
  const dgi = k.alloc(B * G), dgh = k.alloc(B * G), dhPrev = k.alloc(B * H), dWhh = k.alloc(G * H);

  const forward = () => {
    k.copy(B * G, xProj, gi);
    k.sgemm(false, true, B, G, H, 1, hPrev, H, wHh, H, 0, gh, G);
    k.addRowBias(B, G, bHh, gh);
    k.gruCellForward(B, H, gi, gh, hPrev, h);
  };
  const backward = () => {
    k.gruCellBackward(B, H, gi, gh, hPrev, dh, dgi, dgh, dhPrev);
    k.sgemm(false, false, B, H, G, 1, dgh, G, wHh, H, 1, dhPrev, H);
    k.sgemm(true, false, G, H, B, 1, dgh, G, hPrev, H, 1, dWhh, H);
  };
  forward();
  const outputs = () => [k.toArray(h), k.toArray(dhPrev)];
  return { forward, backward, outputs, flopsForward: 2 * B * G * H, flopsBackward: 4 * B * G * H };
}
