import { type F32, quantizedSize } from '@recurrent/kernel';
import { kernel, type Tensor } from '@recurrent/autograd';
import { cellKernel } from '../cells/cell.js';
import { type CellKernel, type CellStep, emptyCellStep } from '../cells/cell-kernel.js';
import type { Linear } from '../layers/linear.js';
import type { Recurrent } from '../layers/recurrent.js';

/** How a stepper reads its weight matrices. */
export interface StepperOptions {
  /**
   * 'int8': the recurrent layers' products read int8 copies of their weight matrices, a scale
   * per row (the kernel's gemvInt8: a quarter of the bytes, for models too big for the cache
   * stepped on every keystroke; the shipped base model loses 0.0005 bits per byte). The output
   * layer stays float32: it is small enough for the cache, and its rounding would cost three
   * times as much. With one-hot tokens the stepper also keeps W_ih transposed (float32), so a
   * token's column is one contiguous row. The copies are taken when the stepper is made and
   * again by {@link RecurrentStepper.weightsChanged}.
   * 'float32' (the default) reads the weights themselves at every step.
   */
  readonly weights?: 'float32' | 'int8';
}

/** An int8 copy of a weight matrix [rows, cols] (see the kernel's quantizeRows). */
interface QuantizedMatrix {
  readonly weight: Tensor;
  readonly q: F32;
  readonly scales: F32;
}

/** A copy of a stepper's recurrent state, to come back to later (e.g. the editor's cursor). */
export interface StepperState {
  readonly h: Float32Array;
  readonly c: Float32Array | undefined;
}

/**
 * Incremental inference, one token at a time with the state carried: what an editor needs to
 * extend a prediction as the user types. It calls the kernel directly with buffers allocated
 * once, so a step costs a few wasm calls and allocates nothing:
 *   gates = W_ih[:, token] + b_ih (+ b_hh) + h · W_hhᵀ  → the cell's step  → next layer …
 * (with an embedding E, the first layer's input term is W_ih · E[token] instead of a column)
 *   logits = h_top · W_outᵀ + b_out
 * (a cell that keeps its recurrent product apart gets h · W_hhᵀ + b_hh in a buffer of its own; see
 * {@link CellKernel}). It reads the weights on every step, so it follows a model that keeps training
 * (with int8 weights, see {@link StepperOptions}, once told by `weightsChanged`).
 * Create it outside any `scope` (its buffers must outlive training steps).
 *
 * @example
 * ```ts
 * const stepper = new RecurrentStepper(rnn, head);
 * for (const id of vocab.encode('hello wor')) stepper.feed(id);
 * const logits = stepper.logits(); // scores of the next character
 * ```
 */
export class RecurrentStepper {
  private readonly h: F32;
  private readonly c: F32 | undefined;
  private readonly gates: F32;
  private readonly gh: F32 | undefined;
  private readonly out: F32;
  private readonly hNext: F32;
  private readonly layerSize: number;
  private readonly kind: CellKernel;
  /** The cell's buffers for one step, batch 1, re-aimed at each layer's state. */
  private readonly step: CellStep;
  private fed = false;
  /** The int8 copies of the matrices multiplied at each step, by weight (none: float32). */
  private readonly quantized = new Map<Tensor, QuantizedMatrix>();
  /** With int8 copies and one-hot tokens: W_ihᵀ of the first layer, whose row `token` is the column the step adds. */
  private readonly inputColumns: F32 | undefined;

  /** @param embedding the tokens' embedding [tokens, rnn.inputSize]; without it, tokens are one-hot over rnn.inputSize */
  constructor(readonly rnn: Recurrent, readonly head: Linear, readonly embedding?: Tensor, options: StepperOptions = {}) {
    if (rnn.directions !== 1) throw new Error('RecurrentStepper: a bidirectional network needs the whole sequence; it cannot step');
    if (embedding && (embedding.shape.length !== 2 || embedding.shape[1] !== rnn.inputSize)) {
      throw new RangeError(`RecurrentStepper: the embedding is [${embedding.shape.join(', ')}], the network reads ${rnn.inputSize} features`);
    }
    if (head.inputSize !== rnn.hiddenSize) throw new RangeError(`RecurrentStepper: the head reads ${head.inputSize} features, the network gives ${rnn.hiddenSize}`);
    const k = kernel();
    this.kind = cellKernel(rnn.cell);
    const H = rnn.hiddenSize, GH = this.kind.gates * H;
    this.layerSize = H;
    this.h = k.alloc(rnn.numLayers * H);
    this.c = this.kind.cellState ? k.alloc(rnn.numLayers * H) : undefined;
    this.gates = k.alloc(GH);
    this.gh = this.kind.recurrentApart ? k.alloc(GH) : undefined;
    this.hNext = k.alloc(H);
    this.out = k.alloc(head.outputSize);
    this.step = emptyCellStep(1, H);
    this.step.gates = this.gates.ptr;
    if (this.gh) this.step.recurrent = this.gh.ptr;
    this.step.h = this.hNext.ptr;
    if (options.weights === 'int8') {
      const matrices = rnn.weights.flatMap((layer, l) => [layer[0]!.weightHh, ...(l > 0 || embedding ? [layer[0]!.weightIh] : [])]);
      for (const weight of matrices) {
        const [rows, cols] = weight.shape as [number, number];
        this.quantized.set(weight, { weight, q: k.alloc(quantizedSize(rows, cols)), scales: k.alloc(rows) });
      }
      if (!embedding) this.inputColumns = k.alloc(rnn.inputSize * GH);
      this.weightsChanged();
    }
  }

  /** The weights changed in place: int8 copies are taken again (float32 steppers read the weights anyway). */
  weightsChanged(): void {
    const k = kernel();
    for (const { weight, q, scales } of this.quantized.values()) {
      const [rows, cols] = weight.shape as [number, number];
      k.raw.quantizeRows(rows, cols, weight.data.ptr, cols, q.ptr, scales.ptr);
    }
    if (this.inputColumns) k.raw.transpose(this.kind.gates * this.layerSize, this.rnn.inputSize, this.rnn.weights[0]![0]!.weightIh.data.ptr, this.inputColumns.ptr);
  }

  /** y = beta · y + weight · x for a weight matrix [rows, cols] and a vector x (its int8 copy, if any). */
  private multiply(weight: Tensor, x: number, beta: number, y: number): void {
    const [rows, cols] = weight.shape as [number, number];
    const raw = kernel().raw;
    const quantized = this.quantized.get(weight);
    if (quantized) raw.gemvInt8(rows, cols, quantized.q.ptr, quantized.scales.ptr, x, beta, y);
    else raw.sgemm(0, 1, 1, rows, cols, 1, x, cols, weight.data.ptr, cols, beta, y, rows);
  }

  /** Back to the zero state. */
  reset(): void {
    const k = kernel();
    k.raw.fill(this.h.length, 0, this.h.ptr);
    if (this.c) k.raw.fill(this.c.length, 0, this.c.ptr);
    this.fed = false;
  }

  /** A copy of the current state. */
  saveState(): StepperState {
    const k = kernel();
    return { h: k.toArray(this.h), c: this.c ? k.toArray(this.c) : undefined };
  }

  /** Returns to a state taken with {@link saveState}. */
  restoreState(state: StepperState): void {
    const k = kernel();
    if (state.h.length !== this.h.length || (this.c !== undefined) !== (state.c !== undefined) || (state.c && state.c.length !== this.c!.length)) {
      throw new RangeError('RecurrentStepper.restoreState: the state is from a network of another shape');
    }
    k.f32(this.h).set(state.h);
    if (this.c && state.c) k.f32(this.c).set(state.c);
    this.fed = true;
  }

  /** Advances the state by one token. */
  feed(token: number): void {
    const { rnn, kind, step } = this;
    const tokens = this.embedding ? this.embedding.shape[0]! : rnn.inputSize;
    if (!Number.isInteger(token) || token < 0 || token >= tokens) {
      throw new RangeError(`RecurrentStepper.feed: token ${token} is outside [0, ${tokens})`);
    }
    const k = kernel();
    const { add, copy } = k.raw;
    const H = this.layerSize, GH = kind.gates * H;
    for (let layer = 0; layer < rnn.numLayers; layer++) {
      const w = rnn.weights[layer]![0]!;
      const h = this.h.ptr + 4 * layer * H;
      if (layer === 0 && this.embedding) {
        this.multiply(w.weightIh, this.embedding.data.ptr + 4 * token * rnn.inputSize, 0, this.gates.ptr);
      } else if (layer === 0 && this.inputColumns) {
        copy(GH, this.inputColumns.ptr + 4 * token * GH, this.gates.ptr);
      } else if (layer === 0) {
        // W_ih · onehot(token) is column `token` of W_ih.
        const gates = k.f32(this.gates), wih = w.weightIh.view(), I = rnn.inputSize;
        for (let r = 0; r < GH; r++) gates[r] = wih[r * I + token]!;
      } else {
        this.multiply(w.weightIh, this.h.ptr + 4 * (layer - 1) * H, 0, this.gates.ptr);
      }
      add(GH, this.gates.ptr, w.biasIh.data.ptr, this.gates.ptr);
      if (kind.recurrentApart) {
        copy(GH, w.biasHh.data.ptr, this.gh!.ptr);
        this.multiply(w.weightHh, h, 1, this.gh!.ptr);
      } else {
        add(GH, this.gates.ptr, w.biasHh.data.ptr, this.gates.ptr);
        this.multiply(w.weightHh, h, 1, this.gates.ptr);
      }
      step.hPrev = h;
      if (this.c) {
        // The cell state is updated in place (cPrev = c): the kernel allows it, as each unit
        // reads its own c_{t−1} before writing its c_t. h_t goes to hNext first because the
        // next layer's input and this layer's h_{t−1} are the same buffer until the step ends.
        step.cPrev = step.c = this.c.ptr + 4 * layer * H;
      }
      kind.forward(k.raw, step);
      copy(H, this.hNext.ptr, h);
    }
    this.fed = true;
  }

  /** The top layer's hidden state h after the last token: a live view, valid until the next call. */
  hiddenState(): Float32Array {
    const k = kernel();
    const top = this.h.ptr + 4 * (this.rnn.numLayers - 1) * this.layerSize;
    return k.f32({ dtype: 'f32', ptr: top, length: this.layerSize });
  }

  /** Scores of the next token given everything fed so far: a live view, valid until the next call. */
  logits(): Float32Array {
    if (!this.fed) throw new Error('RecurrentStepper.logits: feed at least one token first');
    const k = kernel();
    const { head } = this;
    const top = this.h.ptr + 4 * (this.rnn.numLayers - 1) * this.layerSize;
    k.raw.copy(head.outputSize, head.bias.data.ptr, this.out.ptr);
    this.multiply(head.weight, top, 1, this.out.ptr);
    return k.f32(this.out);
  }
}
