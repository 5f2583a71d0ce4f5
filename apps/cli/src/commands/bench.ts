import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** What `recurrent bench` takes. */
export interface BenchOptions {
  /** A short smoke run (H = 128 only, fewer samples). */
  quick: boolean;
  /** Also write every figure to this JSON file. */
  json?: string | undefined;
  /** Another training text than the workload's (the targets then do not apply). */
  corpus?: string | undefined;
}

/**
 * `recurrent bench`: the topologies benchmark — training chars/s and inference latency of
 * LSTM/GRU/RNN on our wasm backends, one thread and every core, beside PyTorch (any `python3`
 * with torch), TensorFlow.js (wasm) and brain.js where they are installed, measured side by side
 * in one run. The CLI ships a bundle of the checkout's `pnpm bench` (scripts/bundle-bench.mjs);
 * it runs in its own process so the garbage collector can be kept out of the timed steps.
 */
export async function runBench(options: BenchOptions): Promise<number> {
  const script = fileURLToPath(new URL('../bench/run.mjs', import.meta.url));
  if (!existsSync(script)) {
    process.stderr.write(`recurrent bench: ${script} is missing: this CLI was built without its benchmark (run its build)\n`);
    return 1;
  }
  const args = [
    '--expose-gc', script,
    '--pytorch-script', fileURLToPath(new URL('../bench/pytorch-bench.py', import.meta.url)),
    ...(options.quick ? ['--quick'] : []),
    ...(options.json === undefined ? [] : ['--json', options.json]),
    ...(options.corpus === undefined ? [] : ['--corpus', options.corpus]),
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit' });
    child.on('error', (error) => {
      process.stderr.write(`recurrent bench: ${error.message}\n`);
      resolve(1);
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}
