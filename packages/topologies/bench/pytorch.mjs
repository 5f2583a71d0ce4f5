/**
 * PyTorch on the benchmark's workload, in the same run: Debian's python3-torch with Debian's
 * OpenBLAS (scripts/pytorch-environment.mjs), one process per thread count, the same windows as every
 * contender (packages/pytorch/recurrent_torch/bench.py does the timing in Python and says which
 * BLAS it ran on). From an installed CLI: whatever `python3` has torch, never installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pytorchEnvironment } from '../../../scripts/pytorch-environment.mjs';

/**
 * @typedef {{ cell: string, hiddenSize: number, charsPerSecond: number, firstLoss: number, train: { medianMs: number, halfIqrMs: number }, latency: { medianMs: number, halfIqrMs: number } }} TorchFigure
 * @typedef {{ torch: string, threads: number, blas: string, results: TorchFigure[] } | { missing: string }} TorchRun
 */

/** @type {ReturnType<typeof pytorchEnvironment> | undefined} */
let environment;

/** The timing script of the checkout; the installed CLI ships a copy and names it. */
export const PYTORCH_BENCH_SCRIPT = fileURLToPath(new URL('../../pytorch/recurrent_torch/bench.py', import.meta.url));

/**
 * @typedef {object} PytorchOptions
 * @property {boolean} install  install python3-torch and OpenBLAS when missing (root on Debian): the checkout's `pnpm bench`
 * @property {string} script    the timing script (bench.py)
 */

/**
 * Runs the workload on PyTorch with `threads` threads; `{ missing }` (a clear reason) when
 * PyTorch is not here and cannot be installed.
 * @param {{ corpus: string, starts: number[][], B: number, T: number, lr: number, cells: string[], sizes: number[], warmup: number, samples: number, latencyWarmup: number, latencySamples: number, promptOffset: number, promptLength: number, generate: number }} workload
 * @param {number} threads
 * @param {PytorchOptions} options
 * @returns {TorchRun}
 */
export function runPytorch(workload, threads, { install, script }) {
  // Looked up (and installed) once per benchmark run, not once per cell and size.
  const found = (environment ??= pytorchEnvironment({ install }));
  if (found.missing || !found.python || !found.env) return { missing: found.missing ?? 'PyTorch is not available' };
  const dir = mkdtempSync(join(tmpdir(), 'recurrent-bench-torch-'));
  try {
    const file = join(dir, 'workload.json');
    writeFileSync(file, JSON.stringify({ ...workload, threads }));
    const env = { ...found.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) };
    const run = spawnSync(found.python, [script, file], { env, encoding: 'utf8', maxBuffer: 1 << 24 });
    if (run.status !== 0) return { missing: `PyTorch's run failed (${run.status}): ${run.stderr.trim().split('\n').at(-1)}` };
    return JSON.parse(run.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
