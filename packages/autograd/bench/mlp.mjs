/**
 * One training step of a 2-layer MLP — batch 64, 784-256-10, ReLU, softmax cross-entropy,
 * Adam (lr 1e-3): forward + backward + optimizer step, the scalar loss read back — ours
 * against TensorFlow.js's wasm backend, same shapes, same data, same initial weights.
 *
 * Our kernel is global (a backend switch makes a new kernel, and tensors of the old one unusable),
 * so each of our backends is measured in interleaved rounds with its own tfjs run:
 * default backend vs tfjs, then `useBackendSync('wasm-simd')` vs tfjs again.
 */
import { Adam, Random, Tensor, add, crossEntropy, kernel, matmul, noGrad, relu, scope, useBackendSync } from '../dist/index.js';
import { describeGc, describeSampling, measureEach, pm, row } from '../../../scripts/bench/measure.mjs';
import { tfjsFirstLayerProducts, tfjsMlp, tfjsTensorCount } from './tfjs.mjs';

/** @typedef {import('../../../scripts/bench/measure.mjs').SampleOptions} SampleOptions */
/** @typedef {import('../../../scripts/bench/measure.mjs').Measurement} Measurement */

/** Speed-up over tfjs-wasm we aim for (tfjs time / our time). */
const TARGET_SPEEDUP = 1.5;
/** Steps whose losses are printed as a sanity check (first and last). */
const SANITY_STEPS = 20;

/**
 * @typedef {object} MlpData
 * @property {{ batch: number, input: number, hidden: number, classes: number, lr: number }} sizes
 * @property {Float32Array} x       batch × input, uniform [0, 1)
 * @property {Int32Array} labels    batch class indices
 * @property {Float32Array} oneHot  batch × classes
 * @property {Float32Array} w1      input × hidden, uniform ±1/√input
 * @property {Float32Array} b1      hidden, uniform ±1/√input
 * @property {Float32Array} w2      hidden × classes, uniform ±1/√hidden
 * @property {Float32Array} b2      classes, uniform ±1/√hidden
 */

/**
 * The batch and the initial weights, from a seeded generator; both frameworks start from these
 * same numbers (weights [in, out], biases as PyTorch initialises them: uniform ±1/√fan_in).
 * @param {number} seed
 * @returns {MlpData}
 */
export function mlpData(seed) {
  const sizes = { batch: 64, input: 784, hidden: 256, classes: 10, lr: 1e-3 };
  const { batch, input, hidden, classes } = sizes;
  const rng = new Random(seed);
  /** @param {number} n @param {number} bound */
  const uniform = (n, bound) => Float32Array.from({ length: n }, () => rng.uniform(-bound, bound));
  const x = Float32Array.from({ length: batch * input }, () => rng.next());
  const labels = Int32Array.from({ length: batch }, () => rng.int(classes));
  const oneHot = new Float32Array(batch * classes);
  labels.forEach((label, i) => (oneHot[i * classes + label] = 1));
  return {
    sizes, x, labels, oneHot,
    w1: uniform(input * hidden, 1 / Math.sqrt(input)), b1: uniform(hidden, 1 / Math.sqrt(input)),
    w2: uniform(hidden * classes, 1 / Math.sqrt(hidden)), b2: uniform(classes, 1 / Math.sqrt(hidden)),
  };
}

/**
 * Our MLP on the current kernel: tensors made now, so call after choosing the backend.
 * @param {MlpData} data
 */
export function ourMlp(data) {
  const { batch, input, hidden, classes, lr } = data.sizes;
  const options = { requiresGrad: true };
  const x = Tensor.fromArray(data.x, [batch, input]);
  const w1 = Tensor.fromArray(data.w1, [input, hidden], options);
  const b1 = Tensor.fromArray(data.b1, [hidden], options);
  const w2 = Tensor.fromArray(data.w2, [hidden, classes], options);
  const b2 = Tensor.fromArray(data.b2, [classes], options);
  const targets = data.labels;
  const optimizer = new Adam([w1, b1, w2, b2], { lr });
  return {
    backend: kernel().backend,
    /** One training step; returns the loss before the update. */
    step() {
      const loss = scope(() => {
        const h = relu(add(matmul(x, w1), b1));
        const l = crossEntropy(add(matmul(h, w2), b2), targets);
        l.backward();
        return l.item();
      });
      optimizer.step();
      optimizer.zeroGrad();
      return loss;
    },
  };
}

/**
 * The first layer's forward product x·W1 and its gradient dW1 = xᵀ·dH, ours (on the current
 * kernel, read back) and tfjs's, in interleaved rounds: ms per product.
 * @param {MlpData} data
 * @param {SampleOptions} sampling
 */
async function firstLayerProducts(data, sampling) {
  const { batch, input, hidden } = data.sizes;
  const x = Tensor.fromArray(data.x, [batch, input]);
  const w = Tensor.fromArray(data.w1, [input, hidden]);
  const dh = Tensor.fromArray(data.w1.subarray(0, batch * hidden), [batch, hidden]);
  /** @param {() => Tensor} f */
  const ours = (f) => () => scope(() => noGrad(() => f().toArray().length));
  const peer = tfjsFirstLayerProducts(data);
  const m = await measureEach({
    oursForward: ours(() => matmul(x, w)), oursGradient: ours(() => matmul(x, dh, { transA: true })),
    tfjsForward: peer.forward, tfjsGradient: peer.gradient,
  }, { ...sampling, sampleMs: Math.min(sampling.sampleMs ?? 0, 50) });
  peer.dispose();
  return m;
}

/**
 * The first SANITY_STEPS losses of a fresh model (these steps also start its warm-up).
 * @param {{ step(): number }} model
 */
function firstLosses(model) {
  return Array.from({ length: SANITY_STEPS }, () => model.step());
}

/**
 * Measures and prints the MLP comparison; returns its figures for the JSON.
 * @param {SampleOptions} sampling
 */
export async function benchMlp(sampling) {
  const data = mlpData(2024);
  const { batch, input, hidden, classes, lr } = data.sizes;
  console.log(`\n2. MLP training step: batch ${batch}, ${input}-${hidden}-${classes}, ReLU, softmax cross-entropy, Adam lr ${lr}`);
  console.log('   one step = forward + backward + optimizer step + reading the scalar loss back; same batch and initial weights for all');
  console.log(`   ${describeSampling(sampling, 'step')}; contenders interleaved; ${describeGc()}; each of our backends paired with its own tfjs run`);
  console.log('   ours: scope(matmul, add, relu, matmul, add, crossEntropy, backward, item) + Adam.step + zeroGrad; ' +
    'tfjs: tf.variable, tf.train.adam, minimize(() => tf.losses.softmaxCrossEntropy(oneHot, logits), true) + dataSync');

  const tfjs = tfjsMlp(data);
  const tfjsLosses = firstLosses(tfjs);
  /** @type {{ backend: string, requested: string, ours: Measurement, tfjs: Measurement }[]} */
  const pairs = [];
  /** @type {Record<string, number[]>} */
  const sanity = { 'tfjs-wasm': tfjsLosses };
  /** @type {Record<string, Measurement> | undefined} */
  let products;
  for (const backend of /** @type {const} */ (['default', 'wasm-simd'])) {
    if (backend !== 'default') useBackendSync(backend);
    const ours = ourMlp(data);
    sanity[`ours ${ours.backend}`] = firstLosses(ours);
    const m = await measureEach({ ours: ours.step, tfjs: tfjs.step }, sampling);
    pairs.push({ backend: ours.backend, requested: backend, ours: m.ours, tfjs: m.tfjs });
    if (backend === 'default') products = await firstLayerProducts(data, sampling);
  }
  tfjs.dispose();

  const widths = [30, 15, 9, 11, 13];
  console.log(row(['contender', 'ms/step', 'steps/s', 'ours/tfjs', `speed-up (target ≥ ${TARGET_SPEEDUP}×)`], widths));
  /** @param {Measurement} m */
  const timing = (m) => [`${m.medianMs.toFixed(2)} ${pm(m.spread)}`, (1000 / m.medianMs).toFixed(0)];
  const results = pairs.map(({ backend, requested, ours, tfjs: peer }) => {
    const ratio = ours.medianMs / peer.medianMs;
    const speedup = 1 / ratio;
    const met = speedup >= TARGET_SPEEDUP;
    console.log(row([`ours ${backend}${requested === 'default' ? ' (default)' : ''}`, ...timing(ours), ratio.toFixed(2),
      `${speedup.toFixed(2)}× ${met ? '✓' : '✗'}`], widths));
    console.log(row(['  tfjs-wasm, same rounds', ...timing(peer), '', ''], widths));
    return {
      backend, requested, msPerStep: { ours: ours.medianMs, tfjs: peer.medianMs },
      stepsPerSecond: { ours: 1000 / ours.medianMs, tfjs: 1000 / peer.medianMs },
      ratioOursToTfjs: ratio, speedup, targetSpeedup: TARGET_SPEEDUP, meetsTarget: met,
      measurements: { ours, tfjs: peer },
    };
  });

  if (products) {
    /** @param {Measurement} m */
    const ms = (m) => `${m.medianMs.toFixed(2)} ms (${(2 * batch * input * hidden / m.medianMs / 1e6).toFixed(1)} GFLOP/s)`;
    console.log(`   where the time goes, layer 1 (${batch}×${input}×${hidden}), one product read back, ours on ${pairs[0].backend}:`);
    console.log(`     forward x·W1:          ours ${ms(products.oursForward)}, tfjs ${ms(products.tfjsForward)}`);
    console.log(`     gradient dW1 = xᵀ·dH:  ours ${ms(products.oursGradient)}, tfjs ${ms(products.tfjsGradient)}` +
      ' (tf.matMul\'s gradient multiplies with a transposed operand)');
  }
  console.log(`   loss sanity, first ${SANITY_STEPS} steps on the same batch (ln ${classes} = ${Math.log(classes).toFixed(3)}):`);
  for (const [name, losses] of Object.entries(sanity)) {
    const [first, last] = [losses[0], losses[losses.length - 1]];
    console.log(`     ${last < first ? '✓' : '✗'} ${name.padEnd(26)} step 1 ${first.toFixed(4)} → step ${SANITY_STEPS} ${last.toFixed(4)}`);
  }
  if (tfjsTensorCount() !== 0) console.log(`warning: tfjs still holds ${tfjsTensorCount()} tensors after the MLP runs`);
  return {
    sizes: data.sizes, seed: 2024, pairs: results, firstLayerProducts: products ?? null,
    sanity: Object.fromEntries(Object.entries(sanity).map(([name, losses]) => [name, { losses, decreased: losses[losses.length - 1] < losses[0] }])),
  };
}
