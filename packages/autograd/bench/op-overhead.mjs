/**
 * Per-op overhead: µs per op call on tiny tensors, where the arithmetic is negligible and what
 * is measured is the library around it (argument checks, Tensor objects, recording, the kernel
 * call, the backward closure, the scope's bookkeeping).
 *
 * One measured call is one `scope` of CALLS op calls, so memory is reclaimed as in a training
 * loop and the scope's own cost is spread over the ops in it. Three ways per op:
 *   forward     CALLS ops inside `noGrad` (inference)
 *   fwd+bwd     CALLS × (op with recording on, then `backward()` from its output) — every op
 *               pays a whole `backward()` call (topological sort, seeding) of its own
 *   chain       one chain of CALLS ops (each fed the previous output), then one `backward()`:
 *               what one more op adds to a training step's graph (ops whose output cannot feed
 *               them again — sum, crossEntropy — have no chain)
 */
import { Random, Tensor, add, crossEntropy, matmul, mul, noGrad, scope, sigmoid, sum, tanh } from '../dist/index.js';
import { describeGc, describeSampling, measureEach, pm, row } from '../../../scripts/bench/measure.mjs';
import { tfjsTensorCount, tfjsTinyOps } from './tfjs.mjs';

/** @typedef {import('../../../scripts/bench/measure.mjs').SampleOptions} SampleOptions */
/** @typedef {import('../../../scripts/bench/measure.mjs').Measurement} Measurement */

/** Op calls per scope, so the median ms per scope reads directly as µs per op. */
const CALLS = 1000;
/** µs per op call. */
const TARGET_US = 2;

/**
 * @typedef {object} OpCase
 * @property {string} name
 * @property {string} shapes       what is computed, for the table
 * @property {() => Tensor} call   the op on the leaves
 * @property {((y: Tensor) => Tensor)=} chain  the op applied to the previous output
 */

/**
 * The tiny leaves (all require grad, so recording is on outside noGrad) and the op cases.
 * @param {Random} rng
 */
function makeCases(rng) {
  const options = { requiresGrad: true };
  const a = Tensor.uniform([2, 3], -1, 1, rng, options);
  const b = Tensor.uniform([2, 3], -1, 1, rng, options);
  const w = Tensor.uniform([3, 4], -1, 1, rng, options);
  // For chains that keep values bounded: multiply by ±1, multiply by the identity.
  const signs = Tensor.fromArray([1, -1, 1, -1, 1, -1], [2, 3], options);
  const eye = Tensor.fromArray([1, 0, 0, 0, 1, 0, 0, 0, 1], [3, 3], options);
  const targets = [0, 2];
  /** @type {OpCase[]} */
  const cases = [
    { name: 'add', shapes: '[2,3] + [2,3]', call: () => add(a, b), chain: (y) => add(y, b) },
    { name: 'mul', shapes: '[2,3] ⊙ [2,3]', call: () => mul(a, b), chain: (y) => mul(y, signs) },
    { name: 'matmul', shapes: '[2,3] · [3,4]', call: () => matmul(a, w), chain: (y) => matmul(y, eye) },
    { name: 'tanh', shapes: '[2,3]', call: () => tanh(a), chain: tanh },
    { name: 'sigmoid', shapes: '[2,3]', call: () => sigmoid(a), chain: sigmoid },
    { name: 'sum', shapes: '[2,3] → []', call: () => sum(a) },
    { name: 'crossEntropy', shapes: '[2,3], 2 targets → []', call: () => crossEntropy(a, targets) },
  ];
  const values = { a: a.toArray(), b: b.toArray(), w: w.toArray() };
  return { cases, values, leaves: [a, b, w, signs, eye] };
}

/** The upstream gradient (all ones) for a non-scalar output of `size` elements. */
const seeds = new Map();
/** @param {Tensor} y */
function backwardFrom(y) {
  if (y.size === 1) return y.backward();
  let seed = seeds.get(y.size);
  if (seed === undefined) seeds.set(y.size, (seed = new Float32Array(y.size).fill(1)));
  y.backward(seed);
}

/**
 * The three contenders of one op (see the file comment), each one scope of CALLS op calls.
 * @param {OpCase} c
 * @param {Tensor} start the chain's first input
 */
function contenders(c, start) {
  /** @type {Record<string, () => unknown>} */
  const fns = {
    forward: () => scope(() => noGrad(() => {
      for (let i = 0; i < CALLS; i++) c.call();
    })),
    fwdBwd: () => scope(() => {
      for (let i = 0; i < CALLS; i++) backwardFrom(c.call());
    }),
  };
  const chain = c.chain;
  if (chain) {
    fns.chain = () => scope(() => {
      let y = start;
      for (let i = 0; i < CALLS; i++) y = chain(y);
      backwardFrom(y);
    });
  }
  return fns;
}

/**
 * Measures and prints the per-op table; returns its figures for the JSON.
 * @param {SampleOptions} sampling
 */
export async function benchOpOverhead(sampling) {
  const { cases, values, leaves } = makeCases(new Random(7));
  const peers = tfjsTinyOps(values, CALLS);
  const [a] = leaves;

  console.log(`\n1. Per-op overhead on tiny tensors, µs per op call (target ≤ ${TARGET_US} µs; ✓/✗ per column)`);
  console.log(`   ${CALLS.toLocaleString('en')} calls per scope, the scope's cost included; ${describeSampling(sampling, 'scope')}; contenders interleaved; ${describeGc()}`);
  console.log('   forward = inside noGrad; fwd+bwd = op recorded + its own backward() per call; ' +
    `chain = ${CALLS.toLocaleString('en')} ops fed into each other + one backward()`);
  console.log('   tfjs = tf.add / tf.matMul in tf.tidy, result not read (the wasm backend computes synchronously); ' +
    'tfjs+read = each result read with dataSync()');
  const widths = [13, 22, 14, 14, 14, 12, 12];
  console.log(row(['op', 'shapes', 'forward', 'fwd+bwd', 'chain', 'tfjs', 'tfjs+read'], widths));

  /** @param {number | null} us @returns {boolean | null} */
  const meets = (us) => (us === null ? null : us <= TARGET_US);
  /** @param {Measurement | undefined} m @param {boolean} [target] */
  const cell = (m, target = true) => {
    if (m === undefined) return '—';
    const us = m.medianMs; // ms per CALLS calls = µs per call
    const text = `${us.toFixed(2)} ${pm(m.spread)}`;
    return target ? `${text} ${us <= TARGET_US ? '✓' : '✗'}` : text;
  };

  const results = [];
  for (const c of cases) {
    const peer = c.name === 'add' || c.name === 'matmul' ? peers[c.name] : {};
    /** @type {Record<string, Measurement | undefined>} */
    const m = await measureEach({ ...contenders(c, a), ...peer }, sampling);
    console.log(row([c.name, c.shapes, cell(m.forward), cell(m.fwdBwd), cell(m.chain), cell(m.tfjs, false), cell(m.tfjsRead, false)], widths));
    /** @param {string} key */
    const us = (key) => m[key]?.medianMs ?? null;
    results.push({
      op: c.name, shapes: c.shapes, callsPerScope: CALLS, targetUs: TARGET_US,
      microsecondsPerCall: { forward: us('forward'), fwdBwd: us('fwdBwd'), chain: us('chain'), tfjs: us('tfjs'), tfjsRead: us('tfjsRead') },
      meetsTarget: { forward: meets(us('forward')), fwdBwd: meets(us('fwdBwd')), chain: meets(us('chain')) },
      measurements: m,
    });
  }
  peers.dispose();
  if (tfjsTensorCount() !== 0) console.log(`warning: tfjs still holds ${tfjsTensorCount()} tensors after the tiny ops`);
  return results;
}
