/**
 * `pnpm bench`: the kernel's matrix product and one recurrent step, against the reference twin
 * and TensorFlow.js's wasm backend, all measured in this one run (the machine is shared and
 * noisy; figures from another run or another machine are orientation only).
 *
 * Usage: node --expose-gc bench/run.mjs [--quick]
 *   --quick  short sampling, for a smoke run (the figures are then rough)
 * Needs the built package (`pnpm build`). Writes bench/results/latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import {
  canCollectGarbage, describeGc, describeMachine, describeSampling, machineInfo, measure, measureEach, mulberry32, pm, randomArray, row,
} from '../../../scripts/bench/measure.mjs';
import { loadKernel, loadReferenceKernel } from '../dist/index.js';
import { gruStep, lstmStep } from './lstm-step.mjs';
import { measurePeak } from './peak.mjs';
import { SGEMM_SHAPES, flops, kernelSgemm, label, relativeError } from './sgemm.mjs';
import { loadTfjsWasm, tfjsMatMul, tfjsTensorCount } from './tfjs.mjs';

const quick = process.argv.includes('--quick');
/** @typedef {import('../../../scripts/bench/measure.mjs').SampleOptions} SampleOptions */
/** @typedef {import('../../../scripts/bench/measure.mjs').Measurement} Measurement */

/** @type {SampleOptions} the wasm kernels and tfjs */
const FAST = quick ? { samples: 3, sampleMs: 5, warmupMs: 20 } : { samples: 9, sampleMs: 25, warmupMs: 200 };
/**
 * @type {SampleOptions} the reference twin (a naive loop: ~1.5 s per 512³ call). Its
 * steady state is what counts: the very first sgemm call runs several times faster than the later ones.
 */
const SLOW = quick ? { samples: 3, sampleMs: 5, warmupMs: 0 } : { samples: 5, sampleMs: 20, warmupMs: 50 };

/** @type {Record<'relaxed' | 'simd', Record<string, number>>} GFLOP/s targets (A·B only), per column and M×K×N. */
const TARGETS = {
  relaxed: { '32x256x1024': 30, '256x256x256': 32, '1x256x1024': 16 },
  simd: { '32x256x1024': 18, '256x256x256': 18, '1x256x1024': 16 },
};
/** @type {Record<string, number>} tfjs-wasm GFLOP/s from the workload notes (another machine, another day): orientation only. */
const NOTES_TFJS = { '32x256x1024': 16.8, '256x256x256': 18.2, '1x256x1024': 8.5 };
/** Largest relative difference from the reference twin that still counts as the same product. */
const TOLERANCE = 1e-4;

/** @param {{ m: number, k: number, n: number }} s */
const sizeKey = ({ m, k, n }) => `${m}x${k}x${n}`;
/** @param {number} x GFLOP/s or a ratio, to a short string */
const fmt = (x) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(2));
/** @type {string[]} */
const warnings = [];

// ---- set-up -----------------------------------------------------------------------------------

// The relaxed kernel first: loading it sets V8's relaxed-SIMD flag before anything compiles.
const relaxed = await loadKernel({ backend: 'wasm-relaxed-simd' });
const simd = await loadKernel({ backend: 'wasm-simd' });
const reference = loadReferenceKernel();
const tfjs = await loadTfjsWasm();
if (tfjs.threads !== 1) warnings.push(`tfjs-wasm reports ${tfjs.threads} threads, not 1`);

const machine = machineInfo();
// The register peak of this machine (12 independent f32x4 multiply-add chains, no memory), what
// the matrix product is judged against: the issue's "85 % of the relaxed peak".
const peak = { relaxed: await measurePeak(true, quick ? 3 : 7), simd: await measurePeak(false, quick ? 3 : 7) };
/** Share of the relaxed peak the relaxed sgemm must reach at these sizes (M×K×N). */
const PEAK_SHARE_TARGET = { '256x256x256': 0.85, '32x256x1024': 0.85 };

console.log(`@recurrent/kernel benchmark — ${new Date().toISOString()}${quick ? ' — QUICK (rough figures)' : ''}`);
console.log(`machine:  ${describeMachine(machine)}`);
console.log(`backends: ${relaxed.backend} | ${simd.backend} | ${reference.backend} (TypeScript twin) | ` +
  `tfjs-core ${tfjs.version} '${tfjs.backend}' (${tfjs.binary}, ${tfjs.threads} thread${tfjs.threads === 1 ? '' : 's'})`);
console.log(`sampling: wasm + tfjs interleaved, ${describeSampling(FAST)}; reference ${describeSampling(SLOW)}; ${describeGc()}`);
console.log(`peak:     f32x4 relaxed madd ${fmt(peak.relaxed)} GFLOP/s, mul + add ${fmt(peak.simd)} GFLOP/s (this machine, this run: bench/peak.ts, best of the samples)`);

// ---- sgemm ------------------------------------------------------------------------------------

console.log('\nsgemm C = A·op(B), float32, GFLOP/s = 2·M·K·N / time (median ± half the interquartile range; ✓/✗ = target)');
const widths = [18, 16, 16, 9, 9, 12, 13, 8, 6];
console.log(row(['M×K×N', 'wasm relaxed', 'wasm simd', 'raw Δ', 'reference', 'tfjs-wasm', 'relaxed/tfjs', 'notes', 'Δmax'], widths));
console.log(row(['', '(k.sgemm)', '(k.sgemm)', '(relaxed)', 'twin', '(1 thread)', '', 'tfjs', 'vs ref'], widths));

/** @type {object[]} */
const sgemmResults = [];
/** @type {{ what: string, min: number, value: number, met: boolean }[]} */
const targetChecks = [];

for (const [index, shape] of SGEMM_SHAPES.entries()) {
  const random = mulberry32(1234 + index);
  const a = randomArray(random, shape.m * shape.k);
  const b = randomArray(random, shape.k * shape.n);
  const marks = [relaxed, simd, reference].map((k) => k.arena.mark());
  const [onRelaxed, onSimd, onReference] = [relaxed, simd, reference].map((k) => kernelSgemm(k, shape, a, b));
  const onTfjs = tfjsMatMul(shape, a, b);

  const fast = await measureEach({ relaxed: onRelaxed.typed, relaxedRaw: onRelaxed.raw, relaxedPacked: onRelaxed.packed, simd: onSimd.typed, tfjs: onTfjs.run }, FAST);
  const slow = await measure(onReference.typed, SLOW);
  const measurements = { ...fast, reference: slow };
  const gflops = Object.fromEntries(
    Object.entries(measurements).map(([name, m]) => [name, flops(shape) / (m.medianMs * 1e6)]),
  );

  const expected = onReference.result();
  const errors = {
    relaxed: relativeError(onRelaxed.result(), expected),
    simd: relativeError(onSimd.result(), expected),
    tfjs: relativeError(onTfjs.result(), expected),
  };
  for (const [name, error] of Object.entries(errors)) {
    if (!(error <= TOLERANCE)) warnings.push(`${label(shape)}: ${name} differs from the reference twin by ${error.toExponential(1)} (relative)`);
  }
  onTfjs.dispose();
  [relaxed, simd, reference].forEach((k, i) => k.arena.release(marks[i]));

  /** @param {'relaxed' | 'simd'} column */
  const withTarget = (column) => {
    const text = `${fmt(gflops[column])} ${pm(measurements[column].spread)}`;
    const min = shape.transB ? undefined : TARGETS[column][sizeKey(shape)];
    if (min === undefined) return text;
    const met = gflops[column] >= min;
    targetChecks.push({ what: `${column === 'relaxed' ? 'relaxed SIMD' : 'plain SIMD'} ${label(shape)}`, min, value: gflops[column], met });
    return `${text} ${met ? '✓' : '✗'}≥${min}`;
  };
  const ratio = gflops.relaxed / gflops.tfjs;
  const rawGain = gflops.relaxedRaw / gflops.relaxed - 1;
  const notes = shape.transB ? undefined : NOTES_TFJS[sizeKey(shape)];
  const maxError = Math.max(...Object.values(errors));
  console.log(row([
    label(shape), withTarget('relaxed'), withTarget('simd'), `${rawGain >= 0 ? '+' : ''}${(rawGain * 100).toFixed(1)}%`,
    fmt(gflops.reference), `${fmt(gflops.tfjs)} ${pm(measurements.tfjs.spread)}${shape.transB ? '†' : ''}`,
    `${ratio.toFixed(2)}×${shape.transB ? '†' : ''}`,
    notes === undefined ? '' : String(notes), Number.isNaN(maxError) ? 'NaN' : maxError.toExponential(0),
  ], widths));

  sgemmResults.push({
    ...shape, label: label(shape), flops: flops(shape), gflops, ratioRelaxedToTfjs: ratio,
    notesTfjsGflops: notes ?? null, relativeErrorVsReference: errors, measurements,
  });
}
if (tfjsTensorCount() !== 0) warnings.push(`tfjs still holds ${tfjsTensorCount()} tensors after the sgemm runs`);
console.log(`share of the peak (relaxed sgemm / relaxed peak, plain sgemm / mul + add peak): ${sgemmResults.map((r) => `${r.label} ${(100 * r.gflops.relaxed / peak.relaxed).toFixed(0)}% / ${(100 * r.gflops.simd / peak.simd).toFixed(0)}%`).join('; ')}`);
for (const r of sgemmResults) {
  const min = PEAK_SHARE_TARGET[/** @type {keyof typeof PEAK_SHARE_TARGET} */ (sizeKey(r))];
  if (min === undefined) continue;
  const share = r.gflops.relaxed / peak.relaxed;
  targetChecks.push({ what: `relaxed SIMD ${r.label} share of the relaxed peak`, min, value: share, met: share >= min });
}
console.log(`B packed once (packB; then sgemmPacked per product, as the recurrent layers multiply by W_hh at every step), relaxed: ${sgemmResults.map((r) => `${r.label} ${fmt(r.gflops.relaxedPacked)} GFLOP/s = ${(100 * r.gflops.relaxedPacked / peak.relaxed).toFixed(0)}% of the peak`).join('; ')}`);
console.log(`raw Δ: k.raw.sgemm (pointers, no argument checks) vs k.sgemm on the relaxed kernel. ` +
  `Δmax vs ref: largest relative difference of any backend's C from the reference twin's.`);
console.log(`notes tfjs: tfjs-wasm GFLOP/s from the workload notes (Xeon Cascade Lake 2.5 GHz, Node 20), orientation only; ` +
  `the ratio uses the tfjs measured above. tfjs time includes dataSync() of C and disposing it.`);
console.log('reference: the TypeScript twin\'s steady state after warm-up (its first sgemm call alone runs ~4× faster).');
console.log(`tfjs-wasm 4.22 sends only untransposed products to XNNPACK (which packs B once and caches it per tensor); ` +
  `† tf.matMul(a, b, false, true) runs its blocked scalar fallback, so a tfjs user would transpose W once and use the A·B row.`);

// ---- one recurrent step -----------------------------------------------------------------------

const BATCH = 32;
console.log(`\nOne recurrent step at B = ${BATCH}, µs per call (median ± half the interquartile range)`);
console.log('  LSTM forward  = copy input projection into gates; gates += h·W_hhᵀ (sgemm, beta 1); lstmCellForward');
console.log('  LSTM backward = lstmCellBackward; dh_prev = dGates·W_hh; dW_hh += dGatesᵀ·h_prev (beta 1)');
console.log('  GRU  forward  = copy gi; gh = h·W_hhᵀ; gh += b_hh; gruCellForward;  backward = gruCellBackward; dh_prev += dgh·W_hh; dW_hh += dghᵀ·h_prev');
const stepWidths = [22, 14, 14, 12, 11, 12];
console.log(row(['step', 'wasm relaxed', 'wasm simd', 'reference', 'ref/relaxed', 'relaxed GF/s'], stepWidths));

/** @type {object[]} */
const stepResults = [];
for (const [cell, makeStep] of /** @type {const} */ ([['LSTM', lstmStep], ['GRU', gruStep]])) {
  for (const hidden of [128, 256]) {
    const marks = [relaxed, simd, reference].map((k) => k.arena.mark());
    const [onRelaxed, onSimd, onReference] = [relaxed, simd, reference].map((k) => makeStep(k, BATCH, hidden, mulberry32(hidden)));
    const fast = await measureEach({
      relaxedForward: onRelaxed.forward, simdForward: onSimd.forward,
      relaxedBackward: onRelaxed.backward, simdBackward: onSimd.backward,
    }, FAST);
    const slow = { referenceForward: await measure(onReference.forward, SLOW), referenceBackward: await measure(onReference.backward, SLOW) };
    const expected = onReference.outputs();
    for (const [name, step] of Object.entries({ relaxed: onRelaxed, simd: onSimd })) {
      step.outputs().forEach((values, i) => {
        const error = relativeError(values, expected[i]);
        if (!(error <= TOLERANCE)) warnings.push(`${cell} H=${hidden}: ${name} ${i ? 'dh_prev' : 'h'} differs from the reference by ${error.toExponential(1)}`);
      });
    }
    [relaxed, simd, reference].forEach((k, i) => k.arena.release(marks[i]));

    for (const pass of /** @type {const} */ (['Forward', 'Backward'])) {
      const [r, s, ref] = [fast[`relaxed${pass}`], fast[`simd${pass}`], slow[`reference${pass}`]];
      const productFlops = pass === 'Forward' ? onRelaxed.flopsForward : onRelaxed.flopsBackward;
      const productGflops = productFlops / (r.medianMs * 1e6);
      const us = (/** @type {Measurement} */ m) => `${(m.medianMs * 1000).toFixed(m.medianMs < 1 ? 1 : 0)} ${pm(m.spread)}`;
      console.log(row([
        `${cell} H=${hidden} ${pass.toLowerCase()}`, us(r), us(s), (ref.medianMs * 1000).toFixed(0),
        `${(ref.medianMs / r.medianMs).toFixed(0)}×`, fmt(productGflops),
      ], stepWidths));
      stepResults.push({
        cell, batch: BATCH, hidden, pass: pass.toLowerCase(),
        microseconds: { relaxed: r.medianMs * 1000, simd: s.medianMs * 1000, reference: ref.medianMs * 1000 },
        productFlops, relaxedProductGflops: productGflops,
        measurements: { relaxed: r, simd: s, reference: ref },
      });
    }
  }
}
console.log('relaxed GF/s: flops of the step\'s matrix products over the whole step\'s time (the cell\'s elementwise work is not counted).');

// ---- targets, warnings, JSON --------------------------------------------------------------------

console.log('\ntargets (GFLOP/s, this run):');
for (const t of targetChecks) console.log(`  ${t.met ? '✓' : '✗'} ${t.what}: ${fmt(t.value)} (target ≥ ${t.min})`);
for (const warning of warnings) console.log(`warning: ${warning}`);

const outFolder = new URL('./results/', import.meta.url);
mkdirSync(outFolder, { recursive: true });
const outFile = new URL('latest.json', outFolder);
writeFileSync(outFile, `${JSON.stringify({
  date: new Date().toISOString(), quick, machine,
  backends: { relaxed: relaxed.backend, simd: simd.backend, reference: reference.backend, tfjs },
  sampling: { wasmAndTfjs: FAST, reference: SLOW, gcBetweenSamples: canCollectGarbage },
  peakGflops: peak, sgemm: sgemmResults, steps: stepResults, targets: targetChecks, warnings,
}, null, 2)}\n`);
console.log(`\nwrote ${outFile.pathname}`);
