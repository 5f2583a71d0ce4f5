/**
 * The register peak of f32x4 multiply-adds on this machine, in GFLOP/s, for both builds (relaxed
 * madd, and mul + add): bench/peak.ts compiled with the kernel's own AssemblyScript, timed here.
 * What our sgemm is measured against.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const asc = join(dirname(createRequire(import.meta.url).resolve('assemblyscript/package.json')), 'bin', 'asc.js');
const ROUNDS = 20_000_000;
const FLOPS_PER_ROUND = 96;

/**
 * @param {boolean} relaxed
 * @returns {Promise<(iterations: number, seed: number) => number>}
 */
async function compile(relaxed) {
  const dir = mkdtempSync(join(tmpdir(), 'recurrent-peak-'));
  try {
    const out = join(dir, 'peak.wasm');
    execFileSync(process.execPath, [asc, join(here, 'peak.ts'), '--runtime', 'stub', '-O3', '--noAssert', '--use', 'abort=',
      '--enable', 'simd', ...(relaxed ? ['--enable', 'relaxed-simd'] : []), '-o', out], { stdio: 'inherit' });
    const { instance } = await WebAssembly.instantiate(readFileSync(out));
    return /** @type {(iterations: number, seed: number) => number} */ (instance.exports.multiplyAdds);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Best of `samples` timed runs, GFLOP/s.
 * @param {boolean} relaxed
 * @param {number} samples
 */
export async function measurePeak(relaxed, samples = 5) {
  const run = await compile(relaxed);
  run(ROUNDS / 10, 1);
  let best = Infinity;
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    run(ROUNDS, 1 + i);
    best = Math.min(best, performance.now() - started);
  }
  return (ROUNDS * FLOPS_PER_ROUND) / (best * 1e6);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`relaxed madd ${(await measurePeak(true)).toFixed(1)} GFLOP/s, mul + add ${(await measurePeak(false)).toFixed(1)} GFLOP/s`);
}
