import { type F32, type Kernel, packedSize } from '@recurrent/kernel';
import { accumulate, kernel, op, type Tensor } from '@recurrent/autograd';
import { type CellType, cellKernel } from '../cells/cell.js';
import { emptyCellStep } from '../cells/cell-kernel.js';
import type { CellWeights } from '../cells/parameters.js';

/**
 * A whole sequence through one recurrent layer in one direction, as a single autograd op:
 * the time loop runs here over raw kernel calls, so a step costs a few wasm calls and no
 * graph nodes, and the backward is BPTT written out by hand (as torch-rnn does).
 *
 * It is written once for every cell over the cell's record (`CellKernel`, cells/cell-kernel.ts).
 *
 * Forward, for rows = T·B:
 *   P = X · W_ihᵀ + b_ih (+ b_hh unless the cell keeps its recurrent product apart)
 *                                                            one product for every step at once
 *   per step t: gates_t = P_t + h_{t−1} · W_hhᵀ (or R_t = h_{t−1} · W_hhᵀ + b_hh apart), then the cell
 * Backward, in reverse time:
 *   per step t: the cell's backward gives dGates_t (and dR_t); with dRec = dR or dGates,
 *   dh_{t−1} = dRec_t · W_hh (+ the cell's direct path) + dOutput_{t−1}
 *   then once: dW_hh += dRecᵀ · [h_0 … h_{T−1}], dW_ih += dGatesᵀ · X, db = column sums,
 *   dX = dGates · W_ih
 */

/** Token ids fed as one-hot vectors: X · W_ihᵀ is then a gather of W_ih's columns. */
export interface TokenInput {
  /** T·B ids, time-major (step t, sequence b at t·B + b). */
  readonly ids: ArrayLike<number>;
  readonly vocabularySize: number;
}

export interface SequenceOptions {
  steps: number;
  batch: number;
  /**
   * Per position (t·B + b), 1 for a real step and 0 for padding; real steps come first. A
   * padded step leaves the state as it was, so output t of a finished sequence repeats its last
   * real state (and output T−1 is every sequence's final state); no gradient flows through
   * padding. (For the reverse half of a bidirectional layer, take the final state from
   * `state.h`: its outputs are re-ordered back to input time.)
   */
  mask?: ArrayLike<number>;
  /**
   * Called during the backward, for t = T−1 down to 0, with the whole gradient reaching the
   * hidden state h_t (from the loss at t and from every later step) — [B, H], valid only
   * during the call. This is what shows a gradient vanishing or exploding over time.
   */
  gradientProbe?: (t: number, dh: Float32Array) => void;
}

/**
 * Runs `cell` over the sequence. `input` is X [T, B, I] or token ids; h0 (and c0 for the LSTM)
 * are [B, H]. Returns [T, B, H] of hidden states — for the LSTM [T + 1, B, H], whose last row is
 * the final cell state c_T.
 */
export function recurrentSequence(
  cell: CellType, input: Tensor | TokenInput, h0: Tensor, c0: Tensor | undefined,
  w: CellWeights, options: SequenceOptions,
): Tensor {
  const { steps: T, batch: B, mask, gradientProbe } = options;
  const k = kernel();
  const { sgemm, copy, addRowBias, columnSum, axpy, fill } = k.raw;
  const H = h0.shape[1]!;
  const kind = cellKernel(cell);
  const { cellState, recurrentApart, directPath } = kind;
  const GH = kind.gates * H, BH = B * H, rows = T * B;
  const dense = 'shape' in input;
  const I = dense ? input.shape[2]! : input.vocabularySize;
  checkShapes(cell, input, h0, c0, w, T, B, H, I);
  if (mask !== undefined && mask.length !== rows) throw new RangeError(`recurrentSequence: mask has ${mask.length} entries for T·B = ${rows}`);

  // P = X · W_ihᵀ + biases: one product (or one gather) for all T·B rows.
  // Buffers written whole before they are read are not zero-filled first (allocUnfilled).
  const P = k.allocUnfilled(rows * GH);
  let bias = w.biasIh.data;
  if (!recurrentApart) {
    bias = k.allocUnfilled(GH); // b_ih + b_hh: one pass over P instead of two
    k.raw.add(GH, w.biasIh.data.ptr, w.biasHh.data.ptr, bias.ptr);
  }
  let idsBuffer: F32 | undefined;
  if (dense) {
    sgemm(0, 1, rows, GH, I, 1, input.data.ptr, I, w.weightIh.data.ptr, I, 0, P.ptr, GH);
    addRowBias(rows, GH, bias.ptr, P.ptr);
  } else {
    // One-hot rows pick rows of W_ihᵀ: the bias goes into those I rows, not into the T·B rows of P.
    const table = transposed(w.weightIh, GH, I);
    addRowBias(I, GH, bias.ptr, table.ptr);
    idsBuffer = tokenIds(input, rows) as unknown as F32;
    k.raw.gatherRows(rows, GH, table.ptr, idsBuffer.ptr, P.ptr);
  }

  // hs = [h_0, h_1 … h_T]: the op's output is rows 1..T of it, so h_{t−1} of every step and
  // the matrix [h_0 … h_{T−1}] of the weight gradient are both contiguous, with no copies.
  const extra = cellState ? 1 : 0;
  const hs = k.allocUnfilled((T + 1 + extra) * BH);
  copy(BH, h0.data.ptr, hs.ptr);
  const h = (t: number) => hs.ptr + 4 * t * BH; // h_t
  const cs = cellState ? k.allocUnfilled((T + 1) * BH) : undefined;
  if (cs !== undefined) copy(BH, c0!.data.ptr, cs.ptr);
  const c = (t: number) => cs!.ptr + 4 * t * BH;
  const gh = recurrentApart ? k.allocUnfilled(rows * GH) : undefined; // W_hh h + b_hh per step, kept for the backward
  const row = (base: F32, t: number) => base.ptr + 4 * t * B * GH;
  const keep = maskRows(mask, B);

  // One record of the cell's buffers, aimed at step t's rows before each call (forward and backward).
  const step = emptyCellStep(B, H);
  const aim = (t: number) => {
    step.gates = row(P, t);
    step.hPrev = h(t);
    step.h = h(t + 1);
    if (cellState) {
      step.cPrev = c(t);
      step.c = c(t + 1);
    }
    if (recurrentApart) step.recurrent = row(gh!, t);
  };

  // W_hhᵀ packed once for the T products h_{t−1} · W_hhᵀ.
  const timesWhhT = recurrentProduct(k, true, w.weightHh, B, GH, H);
  for (let t = 0; t < T; t++) {
    aim(t);
    if (recurrentApart) {
      timesWhhT(h(t), 0, step.recurrent);
      addRowBias(B, GH, w.biasHh.data.ptr, step.recurrent);
    } else {
      timesWhhT(h(t), 1, step.gates);
    }
    kind.forward(k.raw, step);
    keep?.padded(t, (b) => {
      copy(H, h(t) + 4 * b * H, h(t + 1) + 4 * b * H);
      if (cellState) copy(H, c(t) + 4 * b * H, c(t + 1) + 4 * b * H);
    });
  }
  if (cellState) copy(BH, c(T), h(T + 1));

  const inputs = [...(dense ? [input] : []), h0, ...(c0 ? [c0] : []), w.weightIh, w.weightHh, w.biasIh, w.biasHh];
  const outputData: F32 = { dtype: 'f32', ptr: h(1), length: (T + extra) * BH };
  return op(`${cell}Sequence`, inputs, [T + extra, B, H], (dOut) => {
    const dGates = k.allocUnfilled(rows * GH); // of the input side only where the recurrent product is apart
    const dgh = recurrentApart ? k.allocUnfilled(rows * GH) : undefined;
    const dh = k.alloc(BH), dc = k.alloc(BH), dhDirect = k.alloc(BH);
    const saved = k.alloc(2 * BH); // dh and dc of padded rows, passed through untouched
    const dOutRow = (t: number) => dOut.ptr + 4 * t * BH;
    copy(BH, dOutRow(T - 1), dh.ptr);
    if (cellState) copy(BH, dOutRow(T), dc.ptr);
    step.dh = dh.ptr;
    step.dc = dc.ptr;
    step.dhPrev = dhDirect.ptr;
    const timesWhh = recurrentProduct(k, false, w.weightHh, B, H, GH);

    for (let t = T - 1; t >= 0; t--) {
      gradientProbe?.(t, k.f32(dh));
      keep?.padded(t, (b) => {
        copy(H, dh.ptr + 4 * b * H, saved.ptr + 4 * b * H);
        copy(H, dc.ptr + 4 * b * H, saved.ptr + 4 * (BH + b * H));
      });
      const dg = row(dGates, t);
      const dRec = recurrentApart ? row(dgh!, t) : dg;
      aim(t);
      step.dGates = dg;
      step.dRecurrent = dRec;
      kind.backward(k.raw, step);
      keep?.padded(t, (b) => {
        fill(GH, 0, dg + 4 * b * GH);
        if (recurrentApart) fill(GH, 0, dRec + 4 * b * GH);
        if (directPath) fill(H, 0, dhDirect.ptr + 4 * b * H);
      });
      // dh_{t−1} = dRec_t · W_hh (+ the direct path, the GRU's z ⊙ dh) + dOutput_{t−1}
      if (directPath) {
        copy(BH, dhDirect.ptr, dh.ptr);
        timesWhh(dRec, 1, dh.ptr);
      } else {
        timesWhh(dRec, 0, dh.ptr);
      }
      keep?.padded(t, (b) => {
        copy(H, saved.ptr + 4 * b * H, dh.ptr + 4 * b * H);
        copy(H, saved.ptr + 4 * (BH + b * H), dc.ptr + 4 * b * H);
      });
      if (t > 0) axpy(BH, 1, dOutRow(t - 1), dh.ptr);
    }
    accumulate(h0, (g) => axpy(BH, 1, dh.ptr, g.ptr));
    if (c0) accumulate(c0, (g) => axpy(BH, 1, dc.ptr, g.ptr));

    const dRecurrent = recurrentApart ? dgh! : dGates;
    accumulate(w.weightHh, (g) => sgemm(1, 0, GH, H, rows, 1, dRecurrent.ptr, GH, hs.ptr, H, 1, g.ptr, H));
    if (recurrentApart) {
      accumulate(w.biasHh, (g) => columnSum(rows, GH, dRecurrent.ptr, 1, g.ptr));
      accumulate(w.biasIh, (g) => columnSum(rows, GH, dGates.ptr, 1, g.ptr));
    } else {
      // b_ih and b_hh enter as one sum, so their gradients are the same column sums.
      const dBias = k.allocUnfilled(GH);
      columnSum(rows, GH, dGates.ptr, 0, dBias.ptr);
      accumulate(w.biasHh, (g) => axpy(GH, 1, dBias.ptr, g.ptr));
      accumulate(w.biasIh, (g) => axpy(GH, 1, dBias.ptr, g.ptr));
    }
    if (dense) {
      accumulate(w.weightIh, (g) => sgemm(1, 0, GH, I, rows, 1, dGates.ptr, GH, input.data.ptr, I, 1, g.ptr, I));
      accumulate(input, (g) => sgemm(0, 0, rows, I, GH, 1, dGates.ptr, GH, w.weightIh.data.ptr, I, 1, g.ptr, I));
    } else {
      accumulate(w.weightIh, (g) => {
        // d(W_ihᵀ)[id] += dGates row: scatter into the transposed layout, then add it back transposed.
        const dT = k.alloc(I * GH);
        k.raw.scatterAddRows(rows, GH, dGates.ptr, idsBuffer!.ptr, dT.ptr);
        addTransposed(dT, GH, I, g);
      });
    }
  }, outputData);
}

function checkShapes(
  cell: CellType, input: Tensor | TokenInput, h0: Tensor, c0: Tensor | undefined, w: CellWeights,
  T: number, B: number, H: number, I: number,
): void {
  const { gates: G, cellState } = cellKernel(cell);
  const same = (t: Tensor, shape: number[]) => t.shape.length === shape.length && t.shape.every((d, i) => d === shape[i]);
  const fail = (what: string, t: Tensor, shape: number[]) => {
    throw new RangeError(`recurrentSequence(${cell}): ${what} must be [${shape.join(', ')}], got [${t.shape.join(', ')}]`);
  };
  if (!Number.isInteger(T) || T < 1 || !Number.isInteger(B) || B < 1) throw new RangeError(`recurrentSequence: steps and batch must be positive integers, got ${T} and ${B}`);
  if ('shape' in input && !same(input, [T, B, I])) fail('x', input, [T, B, I]);
  if (!same(h0, [B, H])) fail('h0', h0, [B, H]);
  if (cellState !== (c0 !== undefined)) throw new RangeError(`recurrentSequence(${cell}): c0 is ${cellState ? 'required' : 'only for a cell with a cell state (the LSTM)'}`);
  if (c0 && !same(c0, [B, H])) fail('c0', c0, [B, H]);
  if (!same(w.weightIh, [G * H, I])) fail('weight_ih', w.weightIh, [G * H, I]);
  if (!same(w.weightHh, [G * H, H])) fail('weight_hh', w.weightHh, [G * H, H]);
  if (!same(w.biasIh, [G * H])) fail('bias_ih', w.biasIh, [G * H]);
  if (!same(w.biasHh, [G * H])) fail('bias_hh', w.biasHh, [G * H]);
}

/** The int32 ids in kernel memory, each checked against the vocabulary. */
function tokenIds(input: TokenInput, rows: number) {
  const k = kernel();
  if (input.ids.length !== rows) throw new RangeError(`recurrentSequence: ${input.ids.length} token ids for T·B = ${rows}`);
  const buffer = k.allocInt32(rows);
  const view = k.i32(buffer);
  for (let i = 0; i < rows; i++) {
    const id = input.ids[i]!;
    if (!Number.isInteger(id) || id < 0 || id >= input.vocabularySize) {
      throw new RangeError(`recurrentSequence: token ${i} is ${id}, outside the vocabulary [0, ${input.vocabularySize})`);
    }
    view[i] = id;
  }
  return buffer;
}

/** A copy of W [rows, cols] as Wᵀ [cols, rows]. */
function transposed(w: Tensor, rows: number, cols: number): F32 {
  const k = kernel();
  const out = k.allocUnfilled(rows * cols);
  k.raw.transpose(rows, cols, w.data.ptr, out.ptr);
  return out;
}

/** g [rows, cols] += dT [cols, rows]ᵀ */
function addTransposed(dT: F32, rows: number, cols: number, g: F32): void {
  const k = kernel();
  const d = k.allocUnfilled(rows * cols);
  k.raw.transpose(cols, rows, dT.ptr, d.ptr);
  k.raw.axpy(rows * cols, 1, d.ptr, g.ptr);
}

/** The padded sequences of each step, precomputed so the time loops visit only those. */
function maskRows(mask: ArrayLike<number> | undefined, B: number) {
  if (mask === undefined) return undefined;
  const T = mask.length / B;
  const padded: number[][] = [];
  let any = false;
  for (let t = 0; t < T; t++) {
    const list: number[] = [];
    for (let b = 0; b < B; b++) if (mask[t * B + b] === 0) list.push(b);
    any ||= list.length > 0;
    padded.push(list);
  }
  if (!any) return undefined;
  return {
    padded(t: number, fn: (b: number) => void): void {
      for (const b of padded[t]!) fn(b);
    },
  };
}

/**
 * out = x · op(W_hh) + beta · out for the B rows of one time step (op(W_hh) is K×N: W_hhᵀ
 * forward, W_hh backward), with op(W_hh) packed once here and reused by every step: a sequence
 * pays the packing once instead of T times. One row (B = 1) takes sgemm's matrix–vector path.
 */
function recurrentProduct(k: Kernel, transposed: boolean, weightHh: Tensor, B: number, N: number, K: number): (x: number, beta: number, out: number) => void {
  const H = weightHh.shape[1]!;
  if (B === 1) {
    return (x, beta, out) => k.raw.sgemm(0, transposed ? 1 : 0, 1, N, K, 1, x, K, weightHh.data.ptr, H, beta, out, N);
  }
  const packed = k.allocUnfilled(packedSize(K, N));
  k.raw.packB(transposed ? 1 : 0, K, N, weightHh.data.ptr, H, packed.ptr);
  return (x, beta, out) => k.raw.sgemmPacked(0, B, N, K, 1, x, K, packed.ptr, beta, out, N);
}
