/**
 * PyTorch on the benchmark's workload, in the same run: Debian's python3-torch with Debian's
 * OpenBLAS (scripts/pytorch.mjs), one process per thread count, the same windows as every
 * contender (packages/pytorch/recurrent_torch/bench.py does the timing in Python).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pytorchEnvironment } from '../../../scripts/pytorch.mjs';

/**
 * @typedef {{ cell: string, hiddenSize: number, charsPerSecond: number, firstLoss: number, train: { medianMs: number, halfIqrMs: number }, latency: { medianMs: number, halfIqrMs: number } }} TorchFigure
 * @typedef {{ torch: string, threads: number, blas: string, results: TorchFigure[] } | { missing: string }} TorchRun
 */

/** @type {ReturnType<typeof pytorchEnvironment> | undefined} */
let environment;

/**
 * Runs the workload on PyTorch with `threads` threads; `{ missing }` (a clear reason) when
 * PyTorch is not here and cannot be installed.
 * @param {{ corpus: string, starts: number[][], B: number, T: number, lr: number, cells: string[], sizes: number[], warmup: number, samples: number, latencyWarmup: number, latencySamples: number, promptOffset: number, promptLength: number, generate: number }} workload
 * @param {number} threads
 * @returns {TorchRun}
 */
export function runPytorch(workload, threads) {
  // Looked up (and installed) once per benchmark run, not once per cell and size.
  const found = (environment ??= pytorchEnvironment({ install: true }));
  if (found.missing || !found.python || !found.env) return { missing: found.missing ?? 'PyTorch is not available' };
  const dir = mkdtempSync(join(tmpdir(), 'recurrent-bench-torch-'));
  try {
    const file = join(dir, 'workload.json');
    writeFileSync(file, JSON.stringify({ ...workload, threads, blas: found.blas }));
    const env = { ...found.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) };
    const run = spawnSync(found.python, ['-m', 'recurrent_torch.bench', file], { env, encoding: 'utf8', maxBuffer: 1 << 24 });
    if (run.status !== 0) return { missing: `PyTorch's run failed (${run.status}): ${run.stderr.trim().split('\n').at(-1)}` };
    return JSON.parse(run.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
