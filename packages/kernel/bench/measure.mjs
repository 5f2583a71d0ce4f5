/**
 * The timing helper: warm-up, then samples, then the median.
 *
 * A sample repeats the call until at least `sampleMs` have passed and records the time per call,
 * so a fast call is averaged over many repetitions and a slow one (the reference twin at 512³)
 * still gets one whole call per sample. The machine is shared and noisy, so contenders that
 * are compared with each other are measured in interleaved rounds (one sample of each per
 * round): a burst of noise then hits all of them instead of one column.
 */

/**
 * @typedef {object} SampleOptions
 * @property {number} samples   timed samples per contender; the median is reported
 * @property {number} sampleMs  each sample repeats the call until at least this many ms passed
 * @property {number} warmupMs  untimed calls first for at least this long (always at least one)
 */

/**
 * @typedef {object} Measurement
 * @property {number} medianMs  ms per call: the median over the samples
 * @property {number} minMs     the fastest sample, ms per call
 * @property {number} maxMs     the slowest sample, ms per call
 * @property {number} spread    half the interquartile range relative to the median (0.02 = ±2 %)
 * @property {number} calls     calls made in all samples together
 * @property {number[]} samplesMs  ms per call of every sample, in the order taken
 */

/** @type {() => void} */
const collectGarbage = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};

/** Whether `--expose-gc` gave us a collector to run between samples (outside the timing). */
export const canCollectGarbage = typeof globalThis.gc === 'function';

/**
 * Measures one function.
 * @param {() => unknown} fn
 * @param {SampleOptions} options
 * @returns {Measurement}
 */
export function measure(fn, options) {
  return measureEach({ fn }, options).fn;
}

/**
 * Measures several functions in interleaved rounds (warm-up of each first).
 * @template {string} K
 * @param {Record<K, () => unknown>} contenders
 * @param {SampleOptions} options
 * @returns {Record<K, Measurement>}
 */
export function measureEach(contenders, { samples, sampleMs, warmupMs }) {
  const names = /** @type {K[]} */ (Object.keys(contenders));
  for (const name of names) repeatFor(contenders[name], warmupMs);

  /** @type {Record<string, number[]>} */
  const taken = Object.fromEntries(names.map((name) => [name, []]));
  /** @type {Record<string, number>} */
  const calls = Object.fromEntries(names.map((name) => [name, 0]));
  for (let round = 0; round < samples; round++) {
    for (const name of names) {
      collectGarbage();
      const { ms, count } = repeatFor(contenders[name], sampleMs);
      taken[name].push(ms / count);
      calls[name] += count;
    }
  }
  return /** @type {Record<K, Measurement>} */ (
    Object.fromEntries(names.map((name) => [name, summarize(taken[name], calls[name])]))
  );
}

/**
 * Calls `fn` until at least `ms` milliseconds have passed (at least once).
 * @param {() => unknown} fn
 * @param {number} ms
 * @returns {{ ms: number, count: number }}
 */
function repeatFor(fn, ms) {
  const start = performance.now();
  let count = 0;
  let elapsed;
  do {
    fn();
    count++;
    elapsed = performance.now() - start;
  } while (elapsed < ms);
  return { ms: elapsed, count };
}

/**
 * @param {number[]} samplesMs
 * @param {number} calls
 * @returns {Measurement}
 */
function summarize(samplesMs, calls) {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const medianMs = quantile(sorted, 0.5);
  return {
    medianMs,
    minMs: sorted[0],
    maxMs: sorted[sorted.length - 1],
    spread: (quantile(sorted, 0.75) - quantile(sorted, 0.25)) / 2 / medianMs,
    calls,
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

// ---- test data --------------------------------------------------------------------------------

/**
 * A seeded generator of floats in [0, 1) (mulberry32, as the peers' benchmark used).
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
