import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * `recurrent bench`: runs the topologies package's benchmark — training chars/s and inference
 * latency of LSTM/GRU/RNN against TensorFlow.js (wasm) and brain.js, measured side by side in
 * one run — and prints its table. The peers are development dependencies of that package, so
 * this works from a checkout of the repository, not from an installed CLI alone.
 */
export async function runBench(quick: boolean): Promise<number> {
  let script: string;
  try {
    const manifest = createRequire(import.meta.url).resolve('@recurrent/topologies/package.json');
    script = join(dirname(manifest), 'bench', 'run.mjs');
  } catch {
    process.stderr.write('recurrent bench: @recurrent/topologies is not installed beside the CLI\n');
    return 1;
  }
  // The benchmark and its peers (TensorFlow.js, brain.js) are not in the published packages yet:
  // say so instead of letting node print a MODULE_NOT_FOUND stack.
  if (!existsSync(script)) {
    process.stderr.write('recurrent bench: the benchmark runs from a checkout of the repository (`pnpm bench`); ' +
      `it is not part of the installed package (no ${script})\n`);
    return 1;
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', script, ...(quick ? ['--quick'] : [])], { stdio: 'inherit' });
    child.on('error', (error) => {
      process.stderr.write(`recurrent bench: ${error.message} (the benchmark ships with the repository checkout)\n`);
      resolve(1);
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}
