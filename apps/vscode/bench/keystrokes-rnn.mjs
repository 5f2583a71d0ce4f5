// The keystrokes-saved simulation with the extension's engine beside the baselines, in one run:
// bundles bench/keystrokes/rnn-engine.ts and hands it to runKeystrokes.
//   node bench/keystrokes-rnn.mjs [--quick] [--steps N] [--confidence P] [--adapt N]
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { runKeystrokes } from './keystrokes/run.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const argument = (/** @type {string} */ name, /** @type {number} */ fallback) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const quick = process.argv.includes('--quick');
// The extension's first minutes: 3 minutes at the default CPU budget 0.5 is 90 s of stepping,
// about 1,600 steps of 16 × 64 characters at H = 256 on this machine.
const steps = argument('--steps', quick ? 150 : 1600);
const out = join(here, '..', 'dist', 'bench-rnn-engine.mjs');
mkdirSync(dirname(out), { recursive: true });
await build({ entryPoints: [join(here, 'keystrokes', 'rnn-engine.ts')], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
const { createRnnEngine } = await import(pathToFileURL(out).href);
const engine = () => createRnnEngine({
  hiddenSize: argument('--hidden', 256), steps, minConfidence: argument('--confidence', 0.45), // the extension's default
  adaptEvery: argument('--adapt', 256), useCache: !process.argv.includes('--no-cache'), log: (/** @type {string} */ line) => process.stderr.write(`${line}\n`),
});
await runKeystrokes({ engines: [engine], quick });
