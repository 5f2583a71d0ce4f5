/**
 * The benchmarks' shared helpers (packages/kernel, packages/autograd, packages/topologies):
 * the sampler, machine facts, table formatting and seeded test data.
 *
 * The sampler: warm-up, then samples, then the median. A sample repeats the call until at least
 * `sampleMs` have passed and records the time per call, so a fast call is averaged over many
 * repetitions and a slow one still gets one whole call per sample (`sampleMs` 0: every sample is
 * exactly one call). Several contenders compared with each other are measured in interleaved
 * rounds (one sample of each per round): the machine is shared and noisy, and a burst of noise
 * then hits all of them instead of one column. With `--expose-gc` the garbage collector runs
 * before every sample, outside the timing. A contender may build each call's input with an
 * untimed `prepare` (its clock stops while it runs), and may return a promise (awaited inside
 * the timing).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * @typedef {object} SampleOptions
 * @property {number} samples     timed samples per contender; the median is reported
 * @property {number} [sampleMs]  each sample repeats the call until at least this many ms passed
 *                                (always at least one call); 0 or absent: one call per sample
 * @property {number} [warmupMs]  untimed calls first for at least this long (always at least one)
 * @property {number} [warmup]    instead of `warmupMs`: exactly this many untimed calls first
 * @property {boolean} [collect]  run the garbage collector before each sample (default true).
 *                                Off for one-call samples of a whole training step: a forced full
 *                                collection right before it slows that one step (measured: a
 *                                15 ms LSTM step took 21 ms), which no real training loop sees.
 */

/**
 * @typedef {object} Measurement
 * @property {number} medianMs   ms per call: the median over the samples
 * @property {number} minMs      the fastest sample, ms per call
 * @property {number} maxMs      the slowest sample, ms per call
 * @property {number} spread     half the interquartile range relative to the median (0.02 = ±2 %)
 * @property {number} calls      calls made in all samples together
 * @property {number} warmup     untimed calls made first
 * @property {number[]} samplesMs ms per call of every sample, in the order taken
 */

/**
 * What is measured: a function, or a `run` whose input `prepare` builds before the clock starts.
 * Calls are numbered from 0 on, warm-up included; `i` is that number.
 * @template [P=unknown]
 * @typedef {((input: undefined, i: number) => unknown) | { prepare: (i: number) => P, run: (input: P, i: number) => unknown }} Contender
 */

/** @type {() => void} */
const collectGarbage = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};

/** Whether `--expose-gc` gave us a collector to run before each sample (outside the timing). */
export const canCollectGarbage = typeof globalThis.gc === 'function';

/** How the collector runs, for a bench's methodology line. */
export const describeGc = (collect = true) =>
  `gc before each sample: ${!collect ? 'no (whole training steps: a forced collection would slow the step after it)' : canCollectGarbage ? 'yes' : 'no (run with --expose-gc)'}`;

/**
 * Measures one contender.
 * @template P
 * @param {Contender<P>} contender
 * @param {SampleOptions} options
 * @returns {Promise<Measurement>}
 */
export async function measure(contender, options) {
  return (await measureEach({ only: contender }, options)).only;
}

/**
 * Measures several contenders in interleaved rounds, after warming each one up.
 * @template {string} K
 * @param {Record<K, Contender<any>>} contenders
 * @param {SampleOptions} options
 * @returns {Promise<Record<K, Measurement>>}
 */
export async function measureEach(contenders, { samples, sampleMs = 0, warmupMs = 0, warmup, collect = true }) {
  const names = /** @type {K[]} */ (Object.keys(contenders));
  const runs = names.map((name) => ({ contender: contenders[name], next: 0, calls: 0, samplesMs: /** @type {number[]} */ ([]) }));
  for (const run of runs) {
    if (warmup === undefined) await repeatFor(run, warmupMs);
    else for (let i = 0; i < warmup; i++) await repeatFor(run, 0);
  }
  const warmupCalls = runs.map((run) => run.next);

  for (let round = 0; round < samples; round++) {
    for (const run of runs) {
      const { ms, count } = await repeatFor(run, sampleMs, collect ? collectGarbage : undefined);
      run.samplesMs.push(ms / count);
      run.calls += count;
    }
  }
  return /** @type {Record<K, Measurement>} */ (
    Object.fromEntries(names.map((name, j) => [name, summarize(runs[j].samplesMs, runs[j].calls, warmupCalls[j])]))
  );
}

/**
 * Calls the contender until its calls took at least `ms` milliseconds together (at least once).
 * `beforeClock` runs once, after the first input is prepared and before the clock starts.
 * @param {{ contender: Contender<any>, next: number }} run  `next` numbers the calls
 * @param {number} ms
 * @param {() => void} [beforeClock]
 * @returns {Promise<{ ms: number, count: number }>}
 */
async function repeatFor(run, ms, beforeClock) {
  const { contender } = run;
  const [prepare, fn] = typeof contender === 'function' ? [undefined, contender] : [contender.prepare, contender.run];
  let input = prepare?.(run.next);
  beforeClock?.();
  let count = 0;
  let elapsed = 0;
  let start = performance.now();
  for (;;) {
    const result = fn(input, run.next++);
    if (result instanceof Promise) await result;
    count++;
    const now = performance.now();
    elapsed += now - start;
    if (elapsed >= ms) return { ms: elapsed, count };
    if (prepare) {
      input = prepare(run.next);
      start = performance.now();
    } else {
      start = now;
    }
  }
}

/**
 * @param {number[]} samplesMs
 * @param {number} calls
 * @param {number} warmup
 * @returns {Measurement}
 */
function summarize(samplesMs, calls, warmup) {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const medianMs = quantile(sorted, 0.5);
  return {
    medianMs,
    minMs: sorted[0],
    maxMs: sorted[sorted.length - 1],
    spread: (quantile(sorted, 0.75) - quantile(sorted, 0.25)) / 2 / medianMs,
    calls,
    warmup,
    samplesMs,
  };
}

/**
 * The q-quantile of sorted values, interpolating between neighbours.
 * @param {number[]} sorted
 * @param {number} q
 */
function quantile(sorted, q) {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/**
 * How a sampling setting reads in the output, e.g. "median of 9 samples, each ≥ 25 ms of
 * repeated calls (≥ 1 call), after ≥ 200 ms of warm-up" or "median of 5 timed steps, after 2
 * warm-up steps".
 * @param {SampleOptions} o
 * @param {string} [unit] what one call is
 */
export function describeSampling(o, unit = 'call') {
  /** @param {number} n */
  const units = (n) => `${unit}${n === 1 ? '' : 's'}`;
  const each = o.sampleMs ? `${o.samples} samples, each ≥ ${o.sampleMs} ms of repeated ${unit}s (≥ 1 ${unit})` : `${o.samples} timed ${units(o.samples)}`;
  const warm = o.warmup === undefined ? `≥ ${o.warmupMs ?? 0} ms of warm-up (≥ 1 ${unit})` : `${o.warmup} warm-up ${units(o.warmup)}`;
  return `median of ${each}, after ${warm}`;
}

// ---- the machine ------------------------------------------------------------------------------

/**
 * @typedef {object} Machine
 * @property {string} cpu       os.cpus()'s model name
 * @property {number} cpus
 * @property {number} mhz       os.cpus()'s speed (0 when unknown)
 * @property {string} cpuinfo   facts from /proc/cpuinfo ('' elsewhere)
 * @property {string} platform
 * @property {string} node
 * @property {string} v8
 */

/**
 * The machine the figures come from.
 * @returns {Machine}
 */
export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cpus: cpus.length,
    mhz: cpus[0]?.speed ?? 0,
    cpuinfo: linuxCpuInfo(),
    platform: `${process.platform} ${process.arch}`,
    node: process.version,
    v8: process.versions.v8,
  };
}

/**
 * The machine in one line: "<cpu>, <n> cpus @ <mhz> MHz (<cpuinfo>), <platform>; node <v> (V8 <v>)".
 * @param {Machine} m
 */
export const describeMachine = (m) =>
  `${m.cpu}, ${m.cpus} cpus${m.mhz ? ` @ ${m.mhz} MHz` : ''}${m.cpuinfo ? ` (${m.cpuinfo})` : ''}, ${m.platform}; node ${m.node} (V8 ${m.v8})`;

/**
 * On Linux, a few facts os.cpus() leaves out (a VM often reports a generic model name):
 * family/model/stepping, the current MHz and the SIMD flags that matter ('' elsewhere).
 */
function linuxCpuInfo() {
  let text;
  try {
    text = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return '';
  }
  const field = (/** @type {string} */ name) => text.match(new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm'))?.[1]?.trim();
  const flags = new Set(field('flags')?.split(/\s+/) ?? []);
  const simd = ['avx2', 'fma', 'avx512f', 'amx_tile'].filter((flag) => flags.has(flag));
  const mhz = field('cpu MHz');
  return [`family ${field('cpu family')} model ${field('model')} stepping ${field('stepping')}`, mhz && `${Math.round(Number(mhz))} MHz`, simd.join(' ')]
    .filter(Boolean).join(', ');
}

// ---- formatting -------------------------------------------------------------------------------

/** @param {number} spread a Measurement's spread, as `±2%` */
export const pm = (spread) => `±${Math.round(spread * 100)}%`;

/** A count with thousands separators, e.g. 55,000. @param {number} x */
export const thousands = (x) => Math.round(x).toLocaleString('en-US');

/**
 * One table row: the first cell padded to the right, the others to the left.
 * @param {string[]} cells
 * @param {number[]} widths
 */
export const row = (cells, widths) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');

// ---- test data --------------------------------------------------------------------------------

/**
 * mulberry32: a seeded generator of floats in [0, 1), as the peers' benchmarks used.
 * @param {number} seed
 * @returns {() => number}
 */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `length` floats uniform in [−scale, scale), from `random`.
 * @param {() => number} random
 * @param {number} length
 * @param {number} [scale]
 */
export function randomArray(random, length, scale = 1) {
  const values = new Float32Array(length);
  for (let i = 0; i < length; i++) values[i] = (random() * 2 - 1) * scale;
  return values;
}

/**
 * Why a peer could not be loaded, in one line: "not installed (npm install …)" when its module is
 * missing (from an installed CLI the peers are optional), else the error's first line.
 * @param {unknown} error what the dynamic import threw
 * @param {string} packages what to install, e.g. "brain.js@2.0.0-beta.24"
 */
export function peerLoadError(error, packages) {
  if (error instanceof Error && 'code' in error && (error.code === 'ERR_MODULE_NOT_FOUND' || error.code === 'MODULE_NOT_FOUND')) {
    return `not installed (npm install ${packages} to compare)`;
  }
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}
