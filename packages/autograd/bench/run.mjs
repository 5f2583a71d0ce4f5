/**
 * `pnpm bench`: the autograd's per-op overhead on tiny tensors and one MLP training step, against
 * TensorFlow.js's wasm backend, all measured in this one run (the machine is shared and noisy;
 * figures from another run or another machine are orientation only). No timing is asserted.
 *
 * Usage: node --expose-gc bench/run.mjs [--quick]
 *   --quick  short sampling, for a smoke run (the figures are then rough)
 * Needs the built package (`pnpm build`, and the kernel built). Writes bench/results/latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { describeMachine, machineInfo } from '../../../scripts/bench/measure.mjs';
import { kernel } from '../dist/index.js';
import { benchMlp } from './mlp.mjs';
import { benchOpOverhead } from './op-overhead.mjs';
import { loadTfjsWasm } from './tfjs.mjs';

const quick = process.argv.includes('--quick');
/** @type {import('../../../scripts/bench/measure.mjs').SampleOptions} one call = one scope of 1,000 tiny ops (~1–10 ms) */
const OPS = quick ? { samples: 3, sampleMs: 5, warmupMs: 10 } : { samples: 7, sampleMs: 40, warmupMs: 150 };
/** @type {import('../../../scripts/bench/measure.mjs').SampleOptions} one call = one MLP training step (a few ms) */
const MLP = quick ? { samples: 3, sampleMs: 20, warmupMs: 20 } : { samples: 7, sampleMs: 200, warmupMs: 500 };

const backend = kernel().backend; // the default ('auto') kernel, loaded before anything else of ours
const tfjs = await loadTfjsWasm();
const machine = machineInfo();

console.log(`@recurrent/autograd benchmark — ${new Date().toISOString()}${quick ? ' — QUICK (rough figures)' : ''}`);
console.log(`machine:  ${describeMachine(machine)}`);
console.log(`backends: ours '${backend}' (default; section 2 also 'wasm-simd') | tfjs-core ${tfjs.version} ` +
  `'${tfjs.backend}' (${tfjs.simd ? 'SIMD' : 'no SIMD'}, ${tfjs.threads} thread${tfjs.threads === 1 ? '' : 's'})`);

const ops = await benchOpOverhead(OPS);
const mlp = await benchMlp(MLP);

const columns = /** @type {const} */ (['forward', 'fwdBwd', 'chain']);
const opChecks = ops.flatMap((r) => columns.filter((column) => r.meetsTarget[column] !== null)
  .map((column) => ({ what: `${r.op} ${column}`, us: r.microsecondsPerCall[column] ?? NaN, met: r.meetsTarget[column] })));
const opMisses = opChecks.filter((c) => !c.met).map((c) => `${c.what} ${c.us.toFixed(2)} µs`);
console.log(`\ntargets (this run): per-op ≤ 2 µs: ${opChecks.length - opMisses.length}/${opChecks.length} ✓` +
  `${opMisses.length > 0 ? ` — ✗ ${opMisses.join(', ')}` : ''}; MLP step ≥ 1.5× faster than tfjs-wasm: ` +
  mlp.pairs.map((p) => `${p.backend} ${p.speedup.toFixed(2)}× ${p.meetsTarget ? '✓' : '✗'}`).join(', '));

const outFolder = new URL('./results/', import.meta.url);
mkdirSync(outFolder, { recursive: true });
const outFile = new URL('latest.json', outFolder);
writeFileSync(outFile, `${JSON.stringify({
  date: new Date().toISOString(), quick, machine, backends: { ours: backend, tfjs },
  sampling: { ops: OPS, mlp: MLP }, ops, mlp,
}, null, 2)}\n`);
console.log(`\nwrote ${outFile.pathname}`);
