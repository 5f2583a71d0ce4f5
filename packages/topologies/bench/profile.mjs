/**
 * Where a training step's time goes: the benchmark's step (bench/ours.mjs: CharLM, one-hot
 * input, T = 32, B = 32, Adam, the workload of workload.mjs) on one thread, with every call into
 * the raw kernel timed. Prints each kernel function's share of the step (the matrix products
 * by shape, so the recurrent, weight-gradient and output-layer products are told apart), its
 * calls per step and time per call; "outside the kernel" is the rest (autograd's graph, the
 * JavaScript between the calls).
 *
 * Usage: node bench/profile.mjs [--cell lstm|gru|rnn_tanh] [--hidden 256] [--steps 40]
 *
 * Timed and untimed steps alternate: timing a call costs ~0.1 µs and a step makes a few hundred,
 * so the shares are those of the untimed step to within a percent, and both step times are printed.
 */
import { parseArgs } from 'node:util';
import { kernel } from '@recurrent/autograd';
import { ourBatches, ourModel, ourVocabulary } from './ours.mjs';
import { loadWorkload } from './workload.mjs';

const { values: options } = parseArgs({
  options: {
    cell: { type: 'string', default: 'lstm' },
    hidden: { type: 'string', default: '256' },
    steps: { type: 'string', default: '40' },
  },
});
const cell = /** @type {'lstm' | 'gru' | 'rnn_tanh'} */ (options.cell);
const hiddenSize = Number(options.hidden);
const steps = Number(options.steps);
const WARMUP = 5;

const workload = loadWorkload();
const model = ourModel('wasm-relaxed-simd', cell, hiddenSize, workload);
const batches = ourBatches(ourVocabulary(workload).ids, WARMUP + steps);

/** @type {Map<string, { ms: number, calls: number }>} milliseconds and calls by kernel function, while `timing` is on */
const spent = new Map();
let timing = false;
const k = kernel();
const timedRaw = Object.fromEntries(Object.entries(k.raw).map(([name, fn]) => [name, typeof fn !== 'function' ? fn : (/** @type {number[]} */ ...args) => {
  if (!timing) return fn(...args);
  const start = performance.now();
  const result = fn(...args);
  const key = name.startsWith('sgemm') ? `${name} ${shapeOf(name, args)}` : name;
  const entry = spent.get(key) ?? { ms: 0, calls: 0 };
  entry.ms += performance.now() - start;
  entry.calls++;
  spent.set(key, entry);
  return result;
}]));
// Every op reads `k.raw` when it runs (`const { sgemm } = k.raw`), so swapping it times every call.
Object.defineProperty(k, 'raw', { value: timedRaw });

for (let s = 0; s < WARMUP; s++) model.step(batches[s]);
let timedMs = 0, untimedMs = 0;
for (let s = WARMUP; s < WARMUP + steps; s++) {
  timing = s % 2 === 0;
  const start = performance.now();
  model.step(batches[s]);
  if (timing) timedMs += performance.now() - start;
  else untimedMs += performance.now() - start;
}
timing = false;

const timedSteps = Math.ceil(steps / 2);
const stepMs = timedMs / timedSteps;
const untimedStepMs = untimedMs / (steps - timedSteps);
const rows = [...spent].map(([name, e]) => ({ name, ms: e.ms / timedSteps, calls: e.calls / timedSteps })).sort((a, b) => b.ms - a.ms);
const kernelMs = rows.reduce((sum, r) => sum + r.ms, 0);
const percent = (/** @type {number} */ ms) => `${(100 * ms / stepMs).toFixed(1)} %`;

console.log(`${cell} H = ${hiddenSize}, T = 32, B = 32, one thread, ${model.backend}: ${steps} steps, every other one timed call by call`);
console.log(`step: ${untimedStepMs.toFixed(2)} ms untimed (${Math.round(32 * 32 / (untimedStepMs / 1000)).toLocaleString('en')} chars/s), ${stepMs.toFixed(2)} ms timed`);
console.log('');
console.log('| kernel function | share of the step | ms per step | calls per step | µs per call |');
console.log('|---|---|---|---|---|');
for (const r of rows.filter((r) => r.ms / stepMs >= 0.002)) {
  console.log(`| ${r.name} | ${percent(r.ms)} | ${r.ms.toFixed(2)} | ${r.calls.toFixed(0)} | ${(1000 * r.ms / r.calls).toFixed(1)} |`);
}
console.log(`| outside the kernel | ${percent(stepMs - kernelMs)} | ${(stepMs - kernelMs).toFixed(2)} | | |`);

/**
 * A product's shape, e.g. "AᵀB 1024×256×1024" (M×N×K) for sgemm(transA, transB, m, n, k, …) and
 * "A·packed 32×1024×256" for sgemmPacked(transA, m, n, k, …).
 * @param {string} name
 * @param {number[]} args
 */
function shapeOf(name, args) {
  if (name === 'sgemmPacked') return `${args[0] ? 'Aᵀ' : 'A'}·packed ${args[1]}×${args[2]}×${args[3]}`;
  return `${args[0] ? 'Aᵀ' : 'A'}${args[1] ? 'Bᵀ' : 'B'} ${args[2]}×${args[3]}×${args[4]}`;
}
