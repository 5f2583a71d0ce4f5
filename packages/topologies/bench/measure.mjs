/**
 * Timing helpers: run a step a few times untimed (warm-up), then time each of the next ones
 * separately and report the median. Whatever a step needs that is not part of the measured
 * work (building its batch) is prepared before its clock starts. With `--expose-gc` the
 * garbage collector runs before every timed call, outside the timing.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** @type {() => void} */
const collectGarbage = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};

/** Whether `--expose-gc` gave us a collector to run between timed calls. */
export const canCollectGarbage = typeof globalThis.gc === 'function';

/**
 * @typedef {object} Timing
 * @property {number} medianMs   the median of the timed calls, ms
 * @property {number} minMs
 * @property {number} maxMs
 * @property {number} spread     half the interquartile range relative to the median (0.02 = ±2 %)
 * @property {number} warmup     untimed calls made first
 * @property {number[]} samplesMs every timed call, in order
 */

/**
 * Times `run(i)` for i = warmup … warmup + timed − 1 after untimed calls i = 0 … warmup − 1.
 * `prepare(i)` (untimed) builds call i's input; `run` may be async (awaited inside the timing).
 * @template P
 * @param {{ warmup: number, timed: number, prepare?: (i: number) => P, run: (input: P, i: number) => unknown }} spec
 * @returns {Promise<Timing>}
 */
export async function timeCalls({ warmup, timed, prepare = () => /** @type {P} */ (undefined), run }) {
  /** @type {number[]} */
  const samplesMs = [];
  for (let i = 0; i < warmup + timed; i++) {
    const input = prepare(i);
    collectGarbage();
    const start = performance.now();
    const result = run(input, i);
    if (result instanceof Promise) await result;
    const ms = performance.now() - start;
    if (i >= warmup) samplesMs.push(ms);
  }
  return summarize(samplesMs, warmup);
}

/**
 * @param {number[]} samplesMs
 * @param {number} warmup
 * @returns {Timing}
 */
function summarize(samplesMs, warmup) {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const medianMs = quantile(sorted, 0.5);
  return {
    medianMs,
    minMs: sorted[0],
    maxMs: sorted[sorted.length - 1],
    spread: (quantile(sorted, 0.75) - quantile(sorted, 0.25)) / 2 / medianMs,
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

/** The machine the figures come from. */
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

/** Family/model/stepping and the SIMD flags that matter, from /proc/cpuinfo ('' elsewhere). */
function linuxCpuInfo() {
  try {
    const text = readFileSync('/proc/cpuinfo', 'utf8');
    const field = (/** @type {string} */ name) => text.match(new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm'))?.[1]?.trim();
    const flags = new Set(field('flags')?.split(/\s+/) ?? []);
    const simd = ['avx2', 'fma', 'avx512f'].filter((f) => flags.has(f)).join(' ');
    return `family ${field('cpu family')} model ${field('model')} stepping ${field('stepping')}${simd ? `, ${simd}` : ''}`;
  } catch {
    return '';
  }
}

// ---- formatting -------------------------------------------------------------------------------

/** @param {number} spread */
export const pm = (spread) => `±${Math.round(spread * 100)}%`;

/** A count with thousands separators, e.g. 55,000. @param {number} x */
export const thousands = (x) => Math.round(x).toLocaleString('en-US');

/** Pads the first cell to the right and the others to the left. @param {string[]} cells @param {number[]} widths */
export const row = (cells, widths) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
