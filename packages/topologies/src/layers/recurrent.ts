import { concat, dropout, gatherRows, Random, reshape, slice, stack, Tensor } from '@recurrent/autograd';
import { type CellType, cellKernel, checkCellType } from '../cells/cell.js';
import { type CellWeights, cellWeightList, initCellWeights, type InitOptions } from '../cells/parameters.js';
import { recurrentSequence, type TokenInput } from './sequence.js';

export interface RecurrentOptions extends InitOptions {
  cell: CellType;
  inputSize: number;
  hiddenSize: number;
  /** Stacked layers; layer k > 0 reads layer k − 1's outputs. Default 1. */
  numLayers?: number;
  /** A second pass over the reversed sequence, its outputs concatenated (feature size 2H). */
  bidirectional?: boolean;
  /** Dropout probability on the outputs of every layer but the last (training only). */
  dropout?: number;
  /** Seed of the initialisation (default 0). */
  seed?: number;
}

/** The recurrent state: h (and c for the LSTM), each [numLayers · directions, B, H]. */
export interface RecurrentState {
  h: Tensor;
  c?: Tensor;
}

export interface ForwardOptions {
  /** 1 for a real step, 0 for padding, per position t·B + b; real steps come first in each sequence. */
  mask?: ArrayLike<number>;
  /** Applies dropout between layers (default false). */
  training?: boolean;
  /** Source of dropout masks; required when training with dropout. */
  rng?: Random;
  /** Receives, during backward, the total gradient reaching h_t of every layer and direction. */
  gradientProbe?: (layer: number, direction: number, t: number, dh: Float32Array) => void;
}

export interface RecurrentOutput {
  /** [T, B, directions · H]: the last layer's hidden state at every step. */
  output: Tensor;
  /** The final state of every layer and direction. */
  state: RecurrentState;
}

/**
 * PyTorch's nn.RNN / nn.LSTM / nn.GRU (time-major, batch_first = false): the same parameter
 * names (`weight_ih_l0`, `bias_hh_l1_reverse`, …), shapes, gate order and initialisation, so a
 * state dict moves between the two unchanged.
 *
 * @example
 * ```ts
 * const lstm = new Recurrent({ cell: 'lstm', inputSize: 8, hiddenSize: 32, numLayers: 2 });
 * const { output, state } = lstm.forward(x);   // x [T, B, 8] → output [T, B, 32]
 * ```
 */
export class Recurrent {
  readonly cell: CellType;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly directions: 1 | 2;
  readonly dropout: number;
  /** weights[layer][direction] */
  readonly weights: CellWeights[][];

  constructor(options: RecurrentOptions) {
    this.cell = checkCellType(options.cell);
    const { inputSize, hiddenSize, numLayers = 1, bidirectional = false, dropout: p = 0, seed = 0 } = options;
    for (const [name, v] of Object.entries({ inputSize, hiddenSize, numLayers })) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`Recurrent: ${name} must be a positive integer, got ${v}`);
    }
    if (!(p >= 0 && p < 1)) throw new RangeError(`Recurrent: dropout must lie in [0, 1), got ${p}`);
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.directions = bidirectional ? 2 : 1;
    this.dropout = p;
    const rng = new Random(seed);
    this.weights = [];
    for (let layer = 0; layer < numLayers; layer++) {
      const input = layer === 0 ? inputSize : hiddenSize * this.directions;
      const directions: CellWeights[] = [];
      for (let d = 0; d < this.directions; d++) {
        directions.push(initCellWeights(this.cell, input, hiddenSize, `_l${layer}${d === 1 ? '_reverse' : ''}`, rng, options));
      }
      this.weights.push(directions);
    }
  }

  /** Every parameter in PyTorch's order (layer by layer, forward then reverse). */
  parameters(): Tensor[] {
    return this.weights.flatMap((layer) => layer.flatMap(cellWeightList));
  }

  /** [name, tensor] pairs with PyTorch's names. */
  namedParameters(): [string, Tensor][] {
    return this.parameters().map((t) => [t.name!, t]);
  }

  /** A zero state for a batch. */
  zeroState(batch: number): RecurrentState {
    const shape = [this.numLayers * this.directions, batch, this.hiddenSize];
    return this.cellState ? { h: Tensor.zeros(shape), c: Tensor.zeros(shape) } : { h: Tensor.zeros(shape) };
  }

  /**
   * Runs the sequence through every layer. `input` is x [T, B, inputSize] or token ids
   * (one-hot inputs; layer 0 only reads the columns of W_ih they select).
   */
  forward(input: Tensor | (TokenInput & { steps: number; batch: number }), state?: RecurrentState, options: ForwardOptions = {}): RecurrentOutput {
    const dense = input instanceof Tensor;
    if (dense && (input.shape.length !== 3 || input.shape[2] !== this.inputSize)) {
      throw new RangeError(`Recurrent.forward: x must be [T, B, ${this.inputSize}], got [${input.shape.join(', ')}]`);
    }
    if (!dense && input.vocabularySize !== this.inputSize) {
      throw new RangeError(`Recurrent.forward: token ids over ${input.vocabularySize} symbols for an input size of ${this.inputSize}`);
    }
    const T = dense ? input.shape[0]! : input.steps;
    const B = dense ? input.shape[1]! : input.batch;
    const initial = state ?? this.zeroState(B);
    this.checkState(initial, B);
    const { mask, training = false, rng, gradientProbe } = options;
    if (training && this.dropout > 0 && rng === undefined) throw new Error('Recurrent.forward: training with dropout needs an rng');
    const reverse = this.directions === 2 ? reversalOrder(T, B, mask) : undefined;

    let layerInput: Tensor | TokenInput = dense ? input : { ids: input.ids, vocabularySize: input.vocabularySize };
    const finalH: Tensor[] = [];
    const finalC: Tensor[] = [];
    for (let layer = 0; layer < this.numLayers; layer++) {
      const outputs: Tensor[] = [];
      for (let d = 0; d < this.directions; d++) {
        const index = layer * this.directions + d;
        const h0 = stateSlice(initial.h, index, B, this.hiddenSize);
        const c0 = initial.c ? stateSlice(initial.c, index, B, this.hiddenSize) : undefined;
        const x = d === 0 ? layerInput : reorder(layerInput, reverse!, T, B);
        const probe = gradientProbe === undefined ? {} : {
          // The reverse direction runs over reversed time: report it in the input's time order.
          gradientProbe: (t: number, dh: Float32Array) => gradientProbe(layer, d, d === 0 ? t : T - 1 - t, dh),
        };
        const packed = recurrentSequence(this.cell, x, h0, c0, this.weights[layer]![d]!, { steps: T, batch: B, ...(mask ? { mask } : {}), ...probe });
        const hs = this.cellState ? slice(packed, 0, 0, T) : packed;
        finalH.push(reshape(slice(hs, 0, T - 1, T), [B, this.hiddenSize]));
        if (this.cellState) finalC.push(reshape(slice(packed, 0, T, T + 1), [B, this.hiddenSize]));
        outputs.push(d === 0 ? hs : reorder(hs, reverse!, T, B) as Tensor);
      }
      let output = outputs.length === 1 ? outputs[0]! : concat(outputs, 2);
      if (training && this.dropout > 0 && layer < this.numLayers - 1) output = dropout(output, this.dropout, rng!, true);
      layerInput = output;
    }
    const h = stack(finalH, 0);
    return {
      output: layerInput as Tensor,
      state: this.cellState ? { h, c: stack(finalC, 0) } : { h },
    };
  }

  private checkState(state: RecurrentState, batch: number): void {
    const shape = [this.numLayers * this.directions, batch, this.hiddenSize];
    const ok = (t: Tensor | undefined) => t !== undefined && t.shape.length === 3 && t.shape.every((d, i) => d === shape[i]);
    if (!ok(state.h)) throw new RangeError(`Recurrent.forward: state h must be [${shape.join(', ')}], got [${state.h.shape.join(', ')}]`);
    if (this.cellState && !ok(state.c)) throw new RangeError(`Recurrent.forward: the LSTM needs a state c of [${shape.join(', ')}]`);
  }

  /** Gate blocks per cell (4 for the LSTM, …). */
  get gates(): number {
    return cellKernel(this.cell).gates;
  }

  /** Whether the cell carries a cell state c beside h (the LSTM's). */
  get cellState(): boolean {
    return cellKernel(this.cell).cellState;
  }
}

function stateSlice(state: Tensor, index: number, batch: number, hidden: number): Tensor {
  return reshape(slice(state, 0, index, index + 1), [batch, hidden]);
}

/**
 * The row order that reverses every sequence within its own length (padding stays where it
 * is): row t·B + b takes row (len_b − 1 − t)·B + b. It is its own inverse.
 */
function reversalOrder(T: number, B: number, mask: ArrayLike<number> | undefined): Int32Array {
  const order = new Int32Array(T * B);
  for (let b = 0; b < B; b++) {
    let length = T;
    if (mask) {
      length = 0;
      while (length < T && mask[length * B + b] !== 0) length++;
    }
    for (let t = 0; t < T; t++) order[t * B + b] = (t < length ? length - 1 - t : t) * B + b;
  }
  return order;
}

function reorder(x: Tensor | TokenInput, order: Int32Array, T: number, B: number): Tensor | TokenInput {
  if (!(x instanceof Tensor)) return { ids: Array.from(order, (i) => x.ids[i]!), vocabularySize: x.vocabularySize };
  const width = x.shape[2]!;
  return reshape(gatherRows(reshape(x, [T * B, width]), order), [T, B, width]);
}
