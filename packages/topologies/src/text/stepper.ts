import type { F32 } from '@recurrent/kernel';
import { kernel, type Tensor } from '@recurrent/autograd';
import { cellKernel } from '../cells/cell.js';
import { type CellKernel, type CellStep, emptyCellStep } from '../cells/cell-kernel.js';
import type { Linear } from '../layers/linear.js';
import type { Recurrent } from '../layers/recurrent.js';

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
 * {@link CellKernel}). It reads the weights on every step, so it follows a model that keeps training.
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

  /** @param embedding the tokens' embedding [tokens, rnn.inputSize]; without it, tokens are one-hot over rnn.inputSize */
  constructor(readonly rnn: Recurrent, readonly head: Linear, readonly embedding?: Tensor) {
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
    const { sgemm, add, copy } = k.raw;
    const H = this.layerSize, GH = kind.gates * H;
    const gates = k.f32(this.gates);
    for (let layer = 0; layer < rnn.numLayers; layer++) {
      const w = rnn.weights[layer]![0]!;
      const h = this.h.ptr + 4 * layer * H;
      if (layer === 0 && this.embedding) {
        const I = rnn.inputSize;
        sgemm(0, 1, 1, GH, I, 1, this.embedding.data.ptr + 4 * token * I, I, w.weightIh.data.ptr, I, 0, this.gates.ptr, GH);
      } else if (layer === 0) {
        // W_ih · onehot(token) is column `token` of W_ih.
        const wih = w.weightIh.view(), I = rnn.inputSize;
        for (let r = 0; r < GH; r++) gates[r] = wih[r * I + token]!;
      } else {
        sgemm(0, 1, 1, GH, H, 1, this.h.ptr + 4 * (layer - 1) * H, H, w.weightIh.data.ptr, H, 0, this.gates.ptr, GH);
      }
      add(GH, this.gates.ptr, w.biasIh.data.ptr, this.gates.ptr);
      if (kind.recurrentApart) {
        copy(GH, w.biasHh.data.ptr, this.gh!.ptr);
        sgemm(0, 1, 1, GH, H, 1, h, H, w.weightHh.data.ptr, H, 1, this.gh!.ptr, GH);
      } else {
        add(GH, this.gates.ptr, w.biasHh.data.ptr, this.gates.ptr);
        sgemm(0, 1, 1, GH, H, 1, h, H, w.weightHh.data.ptr, H, 1, this.gates.ptr, GH);
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
    k.raw.sgemm(0, 1, 1, head.outputSize, head.inputSize, 1, top, head.inputSize, head.weight.data.ptr, head.inputSize, 1, this.out.ptr, head.outputSize);
    return k.f32(this.out);
  }
}
