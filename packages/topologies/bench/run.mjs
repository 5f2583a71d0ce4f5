/**
 * `pnpm bench`: char-level LSTM / GRU / tanh-RNN training throughput and greedy-generation
 * latency of CharLM on both our wasm backends, against TensorFlow.js (layers API, wasm backend)
 * and brain.js, all measured in this one run, with the workload of
 * /work/shared/notes/benchmark-workload.md (see workload.mjs), and PyTorch (Debian's python3-torch
 * with OpenBLAS, see pytorch.mjs) on one thread and on every core, each cell and size measured
 * right after ours. The machine is shared and noisy: only same-run figures compare.
 *
 * Usage: node --expose-gc bench/run.mjs [--quick] [--json FILE] [--corpus FILE] [--install-pytorch] [--pytorch-script FILE]
 *   --quick            H = 128 only, fewer steps, 20 loss-sanity steps: a smoke run (rough figures)
 *   --json FILE        also write every figure to FILE (`pnpm bench`: bench/results/latest.json)
 *   --corpus FILE      train on another text (the targets and notes then do not apply)
 *   --install-pytorch  install python3-torch and OpenBLAS when missing (root on Debian; `pnpm bench` does)
 *   --pytorch-script   the PyTorch timing script (the installed CLI ships its copy)
 * Needs the built packages (kernel, autograd, topologies); imports only their public API, so
 * `recurrent bench` runs a bundle of it from an installed CLI. The peers (tfjs, brain.js,
 * PyTorch) are optional: one that is missing is a line saying so, and the rest still run.
 * It prints targets as ✓/✗ and never fails on them.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { basename, dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { brainModel, loadBrain } from './brain.mjs';
import { canCollectGarbage, describeGc, describeMachine, describeSampling, machineInfo, measure, pm, row, thousands } from '../../../scripts/bench/measure.mjs';
import { checkSampler, ourBatches, ourModel, ourThreadedModel, ourVocabulary } from './ours.mjs';
import { PYTORCH_BENCH_SCRIPT, runPytorch } from './pytorch.mjs';
import { loadTfjsWasm, tfjsModel, tfjsTensorCount } from './tfjs.mjs';
import { B, CORPUS_PATH, GENERATE, LR, PROMPT_LENGTH, PROMPT_OFFSET, SAMPLER_SEED, T, loadWorkload, windowStarts } from './workload.mjs';

const { values: options } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    corpus: { type: 'string', default: CORPUS_PATH },
    'install-pytorch': { type: 'boolean', default: false },
    'pytorch-script': { type: 'string', default: PYTORCH_BENCH_SCRIPT },
  },
});
const quick = options.quick;
/** The notes' targets hold for the notes' workload only. */
const standardCorpus = resolve(options.corpus) === CORPUS_PATH;
const started = performance.now();

/** @typedef {'lstm' | 'gru' | 'rnn_tanh'} Cell */
/** @typedef {import('../../../scripts/bench/measure.mjs').Measurement} Measurement */
/** @typedef {'wasm-relaxed-simd' | 'wasm-simd'} OurBackend */

/**
 * Warm-up calls and timed samples per contender, one call per sample (the peers are slow: fewer
 * timed steps for them).
 */
const PLAN = quick
  ? {
    sizes: [128],
    ours: { warmup: 2, samples: 5, collect: false }, tfjs: { warmup: 1, samples: 3, collect: false }, brain: { warmup: 1, samples: 1, collect: false },
    oursLatency: { warmup: 2, samples: 5 }, tfjsLatency: { warmup: 2, samples: 3 }, sanitySteps: 20,
  }
  : {
    sizes: [128, 256],
    ours: { warmup: 2, samples: 15, collect: false }, tfjs: { warmup: 2, samples: 5, collect: false }, brain: { warmup: 2, samples: 3, collect: false },
    oursLatency: { warmup: 2, samples: 21 }, tfjsLatency: { warmup: 2, samples: 7 }, sanitySteps: 200,
  };
/** @type {Cell[]} */
const CELLS = ['lstm', 'gru', 'rnn_tanh'];
/** @type {OurBackend[]} */
const OUR_BACKENDS = ['wasm-relaxed-simd', 'wasm-simd'];
const CELL_NAME = { lstm: 'LSTM', gru: 'GRU', rnn_tanh: 'RNN' };

/** Training chars/s targets, one thread (cell:H). */
const TRAIN_TARGETS = { 'lstm:128': 55_000, 'lstm:256': 15_300, 'gru:128': 51_000, 'rnn_tanh:128': 108_500, 'rnn_tanh:256': 52_600 };
/** Latency targets, ms, by H (every cell: LSTM is the costliest). */
const LATENCY_TARGETS = { 128: 1.5, 256: 2.7 };
/** Loss sanity: PyTorch's LSTM H=128 losses at step 1 and step 200 (notes), and the tolerance at step 200. */
const PYTORCH_LOSS = { first: 4.32, last: 2.61, tolerance: 0.05 };
/** Figures from the workload notes (same machine kind, another day): orientation only. */
const NOTES = {
  train: {
    'lstm:128': { pytorch: 36_700, tfjs: 1_645, brain: 443 }, 'lstm:256': { pytorch: 15_300, tfjs: 657, brain: 141 },
    'gru:128': { pytorch: 42_500, tfjs: 1_902, brain: 571 }, 'gru:256': { pytorch: 20_000, tfjs: 790, brain: 184 },
    'rnn_tanh:128': { pytorch: 108_500, tfjs: 5_547, brain: 1_370 }, 'rnn_tanh:256': { pytorch: 52_600, tfjs: 1_640, brain: 496 },
  },
  latency: { 'lstm:128': { pytorch: 7.6, tfjs: 33.0, brain: 78.7 }, 'lstm:256': { pytorch: 13.3, tfjs: 39.0, brain: 329 } },
};

// ---- set-up -----------------------------------------------------------------------------------

/** @type {import('./workload.mjs').Workload} */
let workload;
try {
  workload = loadWorkload(options.corpus);
} catch (error) {
  console.error(`bench: ${error instanceof Error ? error.message : error}`);
  process.exit(2);
}
const stepsNeeded = Math.max(PLAN.sanitySteps, ...[PLAN.ours, PLAN.tfjs, PLAN.brain].map((p) => p.warmup + p.samples));
const starts = windowStarts(workload.ids.length, stepsNeeded);
const samplerMismatch = checkSampler(workload, starts);
const { ids: ourIds } = ourVocabulary(workload);
const ourBatchList = ourBatches(ourIds, stepsNeeded);

// Our relaxed kernel first: loading it sets V8's relaxed-SIMD flag before anything else compiles.
const backends = OUR_BACKENDS.map((b) => ourModel(b, 'lstm', 8, workload).backend);
const tfjs = await loadTfjsWasm();
const brainLoad = await loadBrain();
const machine = machineInfo();
/** @type {string[]} */
const warnings = [];
if (!('error' in tfjs) && tfjs.threads !== 1) warnings.push(`tfjs-wasm reports ${tfjs.threads} threads, not 1`);
if (samplerMismatch) warnings.push(`sampler: ${samplerMismatch}`);
if (!canCollectGarbage) warnings.push('no --expose-gc: the garbage collector may run inside timed steps');
const loadBefore = os.loadavg();

console.log(`@recurrent/topologies char-RNN benchmark — ${new Date().toISOString()}${quick ? ' — QUICK (rough figures)' : ''}`);
console.log(`machine:  ${describeMachine(machine)}; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`);
console.log(`contenders: ours ${backends.join(' | ')} (one thread) | ` +
  `${'error' in tfjs ? `tfjs — ${tfjs.error}` : `tfjs ${tfjs.version} layers API on '${tfjs.backend}' (${tfjs.binary}, ${tfjs.threads} thread${tfjs.threads === 1 ? '' : 's'})`} | ` +
  `${'error' in brainLoad ? `brain.js — ${brainLoad.error}` : `brain.js ${brainLoad.version} (plain JS)`}`);
console.log(`workload: ${workload.text.length} chars of ${basename(options.corpus)}${standardCorpus ? '' : ' (not the notes\' corpus: targets not judged)'}, V = ${workload.symbols.length} (ours ${workload.symbols.length + 1}: id 0 is our unknown symbol), ` +
  `B = ${B} windows of T + 1 = ${T + 1} chars, mulberry32(${SAMPLER_SEED}) starts ⌊r·(N−T−1)⌋, one-hot input, one layer, Adam lr ${LR}`);
console.log(`sampler:  our randomWindows(ids, ${T}, ${B}, new Random(${SAMPLER_SEED})) gives the workload's windows for all ${stepsNeeded} steps: ${samplerMismatch ? `✗ ${samplerMismatch}` : '✓'}`);
console.log(`sampling: ours ${describeSampling(PLAN.ours, 'step')}; tfjs ${describeSampling(PLAN.tfjs, 'step')}; ` +
  `brain.js ${describeSampling(PLAN.brain, 'step')} (fewer for the slow peers); same windows for all; batch building outside the timing; ` +
  `one step per sample; training steps: ${describeGc(false)}; latency: ${describeGc()}`);
console.log('');

// ---- measurements: per (cell, H), every contender back to back ---------------------------------

/**
 * @typedef {object} TrainFigure
 * @property {Measurement} timing     ms per step
 * @property {number} charsPerSecond  B·T / median step time
 * @property {number} [firstLoss] loss of step 1 (before any update)
 */
/** @type {Array<{ cell: Cell, hiddenSize: number, train: Record<string, TrainFigure | undefined>, latency: Record<string, Measurement | undefined>, torch: Record<number, import('./pytorch.mjs').TorchFigure> }>} */
const results = [];
/** @type {string[]} */
const tfjsWarnings = [];
/** Our threads in the data-parallel column: every core. */
const OUR_THREADS = os.availableParallelism();
/** PyTorch's thread counts: one, and every core. */
const TORCH_THREADS = [...new Set([1, os.availableParallelism()])];
/** @type {Record<number, string>} why PyTorch did not run, by thread count */
const torchMissing = {};
/** @type {Record<number, string>} */
const torchVersion = {};

for (const hiddenSize of PLAN.sizes) {
  for (const cell of CELLS) {
    process.stderr.write(`  measuring ${CELL_NAME[cell]} H=${hiddenSize} …\n`);
    /** @type {Record<string, TrainFigure | undefined>} */
    const train = {};
    /** @type {Record<string, Measurement | undefined>} */
    const latency = {};

    for (const backend of OUR_BACKENDS) {
      const model = ourModel(backend, cell, hiddenSize, workload);
      /** @type {number[]} */
      const losses = [];
      const timing = await measure({ prepare: (i) => ourBatchList[i], run: (batch) => losses.push(model.step(batch)) }, PLAN.ours);
      train[backend] = { timing, charsPerSecond: (B * T * 1000) / timing.medianMs, firstLoss: losses[0] };
      latency[backend] = await measure(() => model.generate(), PLAN.oursLatency);
    }

    if (OUR_THREADS > 1) {
      const model = await ourThreadedModel(cell, hiddenSize, workload, OUR_THREADS);
      /** @type {number[]} */
      const losses = [];
      const timing = await measure({ prepare: (i) => ourBatchList[i], run: async (batch) => { losses.push(await model.step(batch)); } }, PLAN.ours);
      train.threads = { timing, charsPerSecond: (B * T * 1000) / timing.medianMs, firstLoss: losses[0] };
      await model.close();
    }

    if (!('error' in tfjs)) {
      const tf = tfjsModel(cell, hiddenSize, workload);
      tfjsWarnings.push(...tf.warnings);
      /** @type {number[]} */
      const tfLosses = [];
      const tfTiming = await measure({
        prepare: (i) => tf.batch(starts[i]), run: async (batch) => { tfLosses.push(await tf.step(batch)); },
      }, PLAN.tfjs);
      train.tfjs = { timing: tfTiming, charsPerSecond: (B * T * 1000) / tfTiming.medianMs, firstLoss: tfLosses[0] };
      latency.tfjs = await measure(() => tf.generate(), PLAN.tfjsLatency);
      tf.dispose();
    }

    if (!('error' in brainLoad)) {
      const net = brainModel(brainLoad.brain, cell, hiddenSize, workload, LR);
      const timing = await measure({ prepare: (i) => net.batch(starts[i]), run: (windows) => net.step(windows) }, PLAN.brain);
      train.brain = { timing, charsPerSecond: (B * T * 1000) / timing.medianMs };
    }
    /** @type {Record<number, import('./pytorch.mjs').TorchFigure>} */
    const torch = {};
    for (const threads of TORCH_THREADS) {
      if (torchMissing[threads]) continue;
      const run = runPytorch({
        corpus: resolve(options.corpus), starts: starts.slice(0, PLAN.ours.warmup + PLAN.ours.samples), B, T, lr: LR, cells: [cell], sizes: [hiddenSize],
        warmup: PLAN.ours.warmup, samples: PLAN.ours.samples, latencyWarmup: PLAN.oursLatency.warmup, latencySamples: PLAN.oursLatency.samples,
        promptOffset: PROMPT_OFFSET, promptLength: PROMPT_LENGTH, generate: GENERATE,
      }, threads, { install: options['install-pytorch'], script: options['pytorch-script'] });
      if ('missing' in run) torchMissing[threads] = run.missing;
      else {
        torch[threads] = /** @type {import('./pytorch.mjs').TorchFigure} */ (run.results[0]);
        torchVersion[threads] = `torch ${run.torch}, ${run.threads} thread${run.threads === 1 ? '' : 's'}, ${run.blas}`;
      }
    }
    results.push({ cell, hiddenSize, train, latency, torch });
  }
}

// ---- loss sanity: LSTM H=128, fresh models, the same batches as every step above --------------

process.stderr.write(`  loss sanity: LSTM H=128, ${PLAN.sanitySteps} steps on each backend …\n`);
/** @type {Record<string, { first: number, last: number, lastTenMean: number, losses: number[] }>} */
const sanity = {};
for (const backend of OUR_BACKENDS) {
  const model = ourModel(backend, 'lstm', 128, workload);
  const losses = ourBatchList.slice(0, PLAN.sanitySteps).map((batch) => model.step(batch));
  const lastTen = losses.slice(-10);
  sanity[backend] = { first: losses[0], last: losses[losses.length - 1], lastTenMean: lastTen.reduce((a, b) => a + b, 0) / lastTen.length, losses };
}
const loadAfter = os.loadavg();

// ---- report -----------------------------------------------------------------------------------

const mark = (/** @type {boolean} */ ok) => (ok ? '✓' : '✗');
const rowName = (/** @type {{ cell: Cell, hiddenSize: number }} */ r) => `${CELL_NAME[r.cell]} H=${r.hiddenSize}`;
const speed = (/** @type {TrainFigure | undefined} */ f) => (f ? `${thousands(f.charsPerSecond)} ${pm(f.timing.spread)}` : '—');
const ratio = (/** @type {number} */ x) => (x >= 10 ? `${x.toFixed(0)}×` : `${x.toFixed(1)}×`);

console.log(`Training throughput, chars/s = B·T / (forward + backward + Adam step, loss read back), one thread, ` +
  `median (± half the interquartile range); ✓/✗ = target met`);
const trainWidths = [9, 16, 16, 14, 13, 13, 12, 12, 10, 10, 11, 11, 9, 10];
const torchAll = TORCH_THREADS.at(-1) ?? 1;
console.log(row(['', 'ours (relaxed)', 'ours (simd)', `ours ${OUR_THREADS}t`, 'tfjs-wasm', 'brain.js', 'PyTorch 1t', `PyTorch ${torchAll}t`,
  'ours/PT-1t', 'ours/PT-best', `${OUR_THREADS}t/PT-1t`, `${OUR_THREADS}t/PT-best`, 'ours/tfjs', 'target'], trainWidths));
for (const r of results) {
  const key = `${r.cell}:${r.hiddenSize}`;
  const target = standardCorpus ? TRAIN_TARGETS[/** @type {keyof typeof TRAIN_TARGETS} */ (key)] : undefined;
  const notes = NOTES.train[/** @type {keyof typeof NOTES.train} */ (key)];
  const relaxed = r.train['wasm-relaxed-simd'], simd = r.train['wasm-simd'], tfjsFigure = r.train.tfjs;
  const ours = Math.max(relaxed?.charsPerSecond ?? 0, simd?.charsPerSecond ?? 0);
  const torchSpeed = (/** @type {number} */ t) => (r.torch[t] ? `${thousands(r.torch[t].charsPerSecond)} ${pm(r.torch[t].train.halfIqrMs / r.torch[t].train.medianMs)}` : '—');
  const torchBest = Math.max(...Object.values(r.torch).map((f) => f.charsPerSecond), 0);
  const withMark = (/** @type {TrainFigure | undefined} */ f) => `${speed(f)}${target && f ? ` ${mark(f.charsPerSecond >= target)}` : ''}`;
  console.log(row([
    rowName(r), withMark(relaxed), withMark(simd), speed(r.train.threads), speed(tfjsFigure),
    r.train.brain ? speed(r.train.brain) : standardCorpus ? `${thousands(notes.brain)} (n)` : '—',
    torchSpeed(1), torchAll > 1 ? torchSpeed(torchAll) : '—',
    r.torch[1] ? `${(ours / r.torch[1].charsPerSecond).toFixed(2)}×` : '—',
    torchBest > 0 ? `${(ours / torchBest).toFixed(2)}×` : '—',
    r.torch[1] && r.train.threads ? `${(r.train.threads.charsPerSecond / r.torch[1].charsPerSecond).toFixed(2)}×` : '—',
    torchBest > 0 && r.train.threads ? `${(r.train.threads.charsPerSecond / torchBest).toFixed(2)}×` : '—',
    relaxed && tfjsFigure ? ratio(relaxed.charsPerSecond / tfjsFigure.charsPerSecond) : '—',
    target ? `≥ ${thousands(target)}` : '',
  ], trainWidths));
}
console.log(`  ours ${OUR_THREADS}t: fit's data parallelism on the relaxed backend — the batch's ${B} windows split across this thread and ${OUR_THREADS - 1} worker thread${OUR_THREADS === 2 ? '' : 's'}, gradients summed, one Adam step${OUR_THREADS > 1 ? '' : ' (one core here: not run)'}; targets: ≥ 1.6× PyTorch 1t and ≥ 1.3× PyTorch at its best.`);
for (const t of TORCH_THREADS) console.log(`  PyTorch ${t}t: ${torchMissing[t] ? `skipped — ${torchMissing[t]}` : torchVersion[t]}; the same windows, V = ${workload.symbols.length}, one-hot, nn.${'LSTM|GRU|RNN'} + nn.Linear, Adam, loss.item() each step.`);
console.log(`  brain.js: one "step" = B = ${B} trainPattern calls on the T-char windows (its only training unit: batch 1, ` +
  `T + 1 steps per window with its START/END token, an RMSProp-style update after every window, no Adam); its RNN is ReLU.`);
console.log(`  ours: V = ${workload.symbols.length + 1} (unknown id 0, never seen here) vs the peers' ${workload.symbols.length}; ` +
  `tfjs: tf.sequential(${'lstm|gru|simpleRNN'}(H, returnSequences) + timeDistributed(dense(V))), trainOnBatch on [B, T, V] one-hot, ` +
  `loss tf.losses.softmaxCrossEntropy (mean over B·T).`);
console.log(`  step-1 loss (same batch): ${results.map((r) => `${rowName(r)} ours ${r.train['wasm-relaxed-simd']?.firstLoss?.toFixed(3)}${r.train.tfjs ? ` tfjs ${r.train.tfjs.firstLoss?.toFixed(3)}` : ''}${r.torch[1] ? ` PyTorch ${r.torch[1].firstLoss.toFixed(3)}` : ''}`).join('; ')}`);
console.log('');

console.log(`Inference latency, ms: batch 1, greedy, from zero state: the ${PROMPT_LENGTH} chars at offset ${PROMPT_OFFSET}, ` +
  `then ${GENERATE} argmax chars fed back (${PROMPT_LENGTH + GENERATE - 1} cell steps, ${GENERATE} output projections); ` +
  `median of ours ${PLAN.oursLatency.samples} / tfjs ${PLAN.tfjsLatency.samples} runs after ${PLAN.oursLatency.warmup} warm-ups`);
const latWidths = [9, 14, 14, 13, 11, 8, 14];
console.log(row(['', 'ours (relaxed)', 'ours (simd)', 'tfjs-wasm', 'PyTorch 1t', 'target', 'tfjs/brain*'], latWidths));
for (const r of results) {
  const key = `${r.cell}:${r.hiddenSize}`;
  const target = standardCorpus ? LATENCY_TARGETS[/** @type {128 | 256} */ (r.hiddenSize)] : undefined;
  const notes = NOTES.latency[/** @type {keyof typeof NOTES.latency} */ (key)];
  const ms = (/** @type {Measurement | undefined} */ t) => (t ? (t.medianMs >= 10 ? t.medianMs.toFixed(1) : t.medianMs.toFixed(2)) : '—');
  const withMark = (/** @type {Measurement | undefined} */ t) => `${ms(t)}${t && target ? ` ${mark(t.medianMs <= target)}` : ''}`;
  console.log(row([
    rowName(r), withMark(r.latency['wasm-relaxed-simd']), withMark(r.latency['wasm-simd']), ms(r.latency.tfjs),
    r.torch[1] ? ms(/** @type {Measurement} */ ({ medianMs: r.torch[1].latency.medianMs })) : '—', target ? `≤ ${target}` : '', notes ? `${notes.tfjs}/${notes.brain}` : '',
  ], latWidths));
}
console.log(`* tfjs/brain from the workload notes (LSTM only). PyTorch: the prompt in one call, then one call per character, no_grad. ours: lm.stepper() (feed, logits, argmax in JS); tfjs: a stateful batch-1 twin, ` +
  `one predict on the whole prompt then one per generated char, logits read back with dataSync.`);
console.log('');

const lossLine = (/** @type {string} */ backend) => {
  const s = sanity[backend];
  const within = Math.abs(s.last - PYTORCH_LOSS.last) <= PYTORCH_LOSS.tolerance;
  return `${backend} ${s.first.toFixed(3)} → ${s.last.toFixed(3)} (mean of the last 10: ${s.lastTenMean.toFixed(3)})` +
    (PLAN.sanitySteps === 200 && standardCorpus ? ` ${mark(within)}` : '');
};
console.log(`Loss sanity, LSTM H=128, mean CE (nats) at step 1 → step ${PLAN.sanitySteps}: ${OUR_BACKENDS.map(lossLine).join('; ')}; ` +
  `PyTorch (notes) ${PYTORCH_LOSS.first} → ${PYTORCH_LOSS.last}, tfjs (notes) 4.33 → 2.62; target: within ±${PYTORCH_LOSS.tolerance} of ` +
  `${PYTORCH_LOSS.last} at step 200${!standardCorpus ? ' (not judged: another corpus)' : PLAN.sanitySteps === 200 ? '' : ' (not judged: quick run)'}. ln ${workload.symbols.length + 1} = ${Math.log(workload.symbols.length + 1).toFixed(2)}.`);

if (tfjsWarnings.length) {
  const distinct = [...new Set(tfjsWarnings.map((w) => w.replace(/\(\d+\)/, '(n)')))];
  console.log(`tfjs warned while building its models (${tfjsWarnings.length}×, not timed): ${distinct.join(' | ')}`);
}
for (const w of warnings) console.log(`WARNING: ${w}`);
const elapsed = (performance.now() - started) / 1000;
console.log(`load average after: ${loadAfter.map((l) => l.toFixed(2)).join(' ')} on ${machine.cpus} cpus ` +
  `(the machine is shared: other jobs slow every column); total ${elapsed.toFixed(0)} s`);

// ---- JSON -------------------------------------------------------------------------------------

if (options.json) writeResults(options.json, {
  date: new Date().toISOString(),
  quick,
  machine,
  loadAverage: { before: loadBefore, after: loadAfter },
  contenders: {
    ours: backends,
    tfjs,
    brain: 'error' in brainLoad ? { error: brainLoad.error } : { version: brainLoad.version },
  },
  workload: {
    corpusFile: resolve(options.corpus), corpus: workload.text.length, vocabulary: workload.symbols.length, ourVocabulary: workload.symbols.length + 1,
    B, T, lr: LR, samplerSeed: SAMPLER_SEED, samplerMatches: !samplerMismatch, prompt: { offset: PROMPT_OFFSET, length: PROMPT_LENGTH, generate: GENERATE },
  },
  plan: PLAN,
  targets: { trainCharsPerSecond: TRAIN_TARGETS, latencyMs: LATENCY_TARGETS, loss: PYTORCH_LOSS },
  notes: NOTES,
  pytorch: { threads: TORCH_THREADS, versions: torchVersion, missing: torchMissing },
  results,
  lossSanity: sanity,
  warnings: [...warnings, ...new Set(tfjsWarnings)],
  tfjsTensorsLeft: tfjsTensorCount(),
  seconds: elapsed,
});

/**
 * Writes the run's figures as JSON, whole or not at all (a temporary file renamed over FILE).
 * @param {string} file
 * @param {unknown} figures
 */
function writeResults(file, figures) {
  mkdirSync(dirname(resolve(file)), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(figures, null, 2) + '\n');
  renameSync(temporary, file);
  console.log(`wrote ${file}`);
}
