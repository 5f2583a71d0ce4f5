import { crossEntropy, noGrad, Random, relu, scope, tanh, type Tensor } from '@recurrent/autograd';
import { Linear } from '../layers/linear.js';
import { checkInteger, checkLabels } from './batch.js';
import { argmaxRows } from './scores.js';

export interface OneToOneOptions {
  inputSize: number;
  /** Widths of the hidden layers, in order (default [32]; [] is a linear classifier). */
  hiddenSizes?: readonly number[];
  numClasses: number;
  /** The nonlinearity between layers (default 'tanh'). */
  activation?: 'tanh' | 'relu';
  /** Seed of the initialisation (default 0). */
  seed?: number;
}

/**
 * One-to-one: a feed-forward network, x [B, I] → logits [B, C], with no recurrence at all —
 * the baseline the other topologies are measured against. Each hidden layer is
 * h = act(h_prev · Wᵀ + b); the last Linear gives the logits.
 *
 * Fed {@link bagOfWords} vectors it is the bag-of-words text classifier: it sees which words
 * occur, never in what order.
 *
 * @example
 * ```ts
 * const net = new OneToOne({ inputSize: 2, hiddenSizes: [16], numClasses: 2, seed: 1 });
 * const adam = new Adam(net.parameters(), { lr: 0.01 });
 * scope(() => net.loss(x, labels).backward());
 * adam.step(); adam.zeroGrad();
 * net.predict(x); // [0, 1, 1, 0, …]
 * ```
 */
export class OneToOne {
  readonly layers: Linear[];
  readonly inputSize: number;
  readonly numClasses: number;
  readonly activation: 'tanh' | 'relu';

  constructor(options: OneToOneOptions) {
    const { inputSize, hiddenSizes = [32], numClasses, activation = 'tanh', seed = 0 } = options;
    checkInteger(inputSize, 'inputSize', 'OneToOne');
    checkInteger(numClasses, 'numClasses', 'OneToOne');
    hiddenSizes.forEach((h, i) => checkInteger(h, `hiddenSizes[${i}]`, 'OneToOne'));
    if (activation !== 'tanh' && activation !== 'relu') throw new RangeError(`OneToOne: activation must be 'tanh' or 'relu', got ${JSON.stringify(activation)}`);
    this.inputSize = inputSize;
    this.numClasses = numClasses;
    this.activation = activation;
    const rng = new Random(seed);
    const widths = [inputSize, ...hiddenSizes, numClasses];
    this.layers = widths.slice(1).map((out, i) => new Linear(widths[i]!, out, rng, `layers.${i}`));
  }

  parameters(): Tensor[] {
    return this.layers.flatMap((l) => l.parameters());
  }

  /** x [B, inputSize] → logits [B, numClasses]. */
  forward(x: Tensor): Tensor {
    if (x.shape.length !== 2 || x.shape[1] !== this.inputSize) {
      throw new RangeError(`OneToOne.forward: x must be [B, ${this.inputSize}], got [${x.shape.join(', ')}]`);
    }
    const act = this.activation === 'tanh' ? tanh : relu;
    return this.layers.reduce((h, layer, i) => (i === 0 ? layer.forward(h) : layer.forward(act(h))), x);
  }

  /** Mean cross-entropy of the logits against one label per row. */
  loss(x: Tensor, labels: readonly number[]): Tensor {
    const logits = this.forward(x);
    checkLabels(labels, logits.shape[0]!, this.numClasses, 'OneToOne.loss');
    return crossEntropy(logits, labels);
  }

  /** The most likely class of every row (no gradient, nothing kept). */
  predict(x: Tensor): number[] {
    return scope(() => noGrad(() => argmaxRows(this.forward(x).toArray(), this.numClasses)));
  }
}
