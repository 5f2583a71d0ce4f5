/**
 * The timing helper: warm-up, then samples, then the median.
 *
 * A sample repeats the call until at least `sampleMs` have passed and records the time per call,
 * so a fast call is averaged over many repetitions. The machine is shared and noisy, so the
 * contenders compared with each other are measured in interleaved rounds (one sample of each per
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
 * @property {number} medianMs   ms per call: the median over the samples
 * @property {number} minMs      the fastest sample, ms per call
 * @property {number} maxMs      the slowest sample, ms per call
 * @property {number} spread     half the interquartile range relative to the median (0.02 = ±2 %)
 * @property {number} calls      calls made in all samples together
 * @property {number[]} samplesMs ms per call of every sample, in the order taken
 */

/** @type {() => void} */
const collectGarbage = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};

/** Whether `--expose-gc` gave us a collector to run between samples (outside the timing). */
export const canCollectGarbage = typeof globalThis.gc === 'function';

/**
 * Measures several functions in interleaved rounds, after warming each one up.
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

/** @param {number} spread a Measurement's spread, as `±2%` */
export const pm = (spread) => `±${Math.round(spread * 100)}%`;

/**
 * One table row: the first cell padded to the right, the others to the left.
 * @param {string[]} cells
 * @param {number[]} widths
 */
export const row = (cells, widths) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');

/**
 * How a sampling setting reads in the output.
 * @param {SampleOptions} o
 * @param {string} unit what one call is
 */
export const describeSampling = (o, unit) =>
  `median of ${o.samples} samples, each ≥ ${o.sampleMs} ms of repeated ${unit}s, after ≥ ${o.warmupMs} ms of warm-up; ` +
  `contenders interleaved; gc between samples: ${canCollectGarbage ? 'yes' : 'no (run with --expose-gc)'}`;
