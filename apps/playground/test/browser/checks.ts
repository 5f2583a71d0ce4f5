import { add, crossEntropy, gradcheck, matmul, Random, scope, sum, tanh, Tensor, useBackend } from '@recurrent/autograd';
import { hasRelaxedSimd, type Kernel, loadKernel, loadReferenceKernel } from '@recurrent/kernel';
import { CharLM, decodeSafetensors, encodeSafetensors, exportCharLMSafetensors, fitInWorker, type FitOptions, loadCharLM, loadCharLMSafetensors, Recurrent, saveCharLM } from '@recurrent/topologies';
import { backgroundNgramDistributions, ngramDistributions, sessionSuggestions } from './completion-checks.js';

/** One sgemm case: C = alpha · op(A) · op(B) + beta · C, on a kernel, from the same inputs. */
function sgemmOn(k: Kernel, c: { transA: boolean; transB: boolean; m: number; n: number; k: number; alpha: number; beta: number }, a: number[], b: number[], c0: number[]): Float32Array {
  const lda = c.transA ? c.m : c.k, ldb = c.transB ? c.k : c.n;
  const A = k.fromArray(a), B = k.fromArray(b), C = k.fromArray(c0);
  k.sgemm(c.transA, c.transB, c.m, c.n, c.k, c.alpha, A, lda, B, ldb, c.beta, C, c.n);
  return k.toArray(C);
}

/** The wasm kernel's sgemm against its TypeScript twin over random shapes (not multiples of 4), transposes, alpha and beta. */
async function sgemmAgainstTwin(): Promise<{ backend: string; cases: number; worstRelative: number }> {
  const wasm = await loadKernel(), twin = loadReferenceKernel();
  const rng = new Random(11);
  let worst = 0, cases = 0;
  for (let i = 0; i < 40; i++) {
    const c = { transA: rng.next() < 0.5, transB: rng.next() < 0.5, m: 1 + rng.int(37), n: 1 + rng.int(41), k: 1 + rng.int(70), alpha: rng.uniform(-2, 2), beta: i % 3 === 0 ? 0 : rng.uniform(-1, 1) };
    const a = Array.from({ length: c.m * c.k }, () => rng.uniform(-1, 1));
    const b = Array.from({ length: c.k * c.n }, () => rng.uniform(-1, 1));
    const c0 = Array.from({ length: c.m * c.n }, () => rng.uniform(-1, 1));
    const x = sgemmOn(wasm, c, a, b, c0), y = sgemmOn(twin, c, a, b, c0);
    const scale = Math.max(1, ...Array.from(y, Math.abs));
    for (let j = 0; j < x.length; j++) worst = Math.max(worst, Math.abs(x[j]! - y[j]!) / scale);
    cases++;
  }
  return { backend: wasm.backend, cases, worstRelative: worst };
}

/** autograd's finite-difference check of an MLP with cross-entropy, and of an LSTM sequence through BPTT. */
function gradchecks(): { mlp: boolean; lstm: boolean; lstmWorst: number } {
  const rng = new Random(3);
  const x = Tensor.uniform([3, 4], -1, 1, rng);
  const mlp = gradcheck((w1, b1, w2) => crossEntropy(matmul(tanh(add(matmul(x, w1, { transB: true }), b1)), w2, { transB: true }), [0, 2, 1]),
    [Tensor.uniform([5, 4], -1, 1, rng, { requiresGrad: true }), Tensor.uniform([5], -1, 1, rng, { requiresGrad: true }), Tensor.uniform([3, 5], -1, 1, rng, { requiresGrad: true })]);
  const lstm = new Recurrent({ cell: 'lstm', inputSize: 3, hiddenSize: 4, seed: 5 });
  const input = Tensor.uniform([6, 2, 3], -1, 1, rng);
  const w = lstm.weights[0]![0]!;
  const result = gradcheck(() => sum(lstm.forward(input).output), [w.weightHh, w.weightIh]);
  return { mlp: mlp.ok, lstm: result.ok, lstmWorst: result.worstExcess };
}

/** A small CharLM trained for a few dozen steps: the loss at the end against the start. */
async function charLMTraining(): Promise<{ first: number; last: number; lm: CharLM }> {
  const text = 'the cat sat on the mat. the dog sat on the log. '.repeat(10);
  const lm = CharLM.fromTexts([text], { cell: 'gru', hiddenSize: 24, seed: 2 });
  const { losses } = await lm.fit([text], { steps: 40, seqLength: 16, batchSize: 8, lr: 0.02 });
  return { first: losses[0]!, last: losses.at(-1)!, lm };
}

function logits(lm: CharLM, prompt: string): number[] {
  return scope(() => {
    const stepper = lm.stepper();
    for (const id of lm.vocabulary.encode(prompt)) stepper.feed(id);
    return Array.from(stepper.logits());
  });
}

/**
 * fit over two threads (the second a module Web Worker) against one thread, on the same seed.
 * This page is not cross-origin isolated, so there is no SharedArrayBuffer: weights and
 * gradients travel as copies in the messages.
 */
async function threadedTraining(): Promise<{ sharedMemory: boolean; losses: number; worstDifference: number }> {
  const text = 'a stitch in time saves nine; look before you leap. '.repeat(8);
  const config = { cell: 'lstm', hiddenSize: 16, seed: 4 } as const;
  const options = { steps: 8, seqLength: 12, batchSize: 6, lr: 0.01 };
  const one = await CharLM.fromTexts([text], config).fit([text], { ...options, threads: 1 });
  const two = await CharLM.fromTexts([text], config).fit([text], { ...options, threads: 2 });
  const worstDifference = one.losses.reduce((worst, loss, i) => Math.max(worst, Math.abs(loss - two.losses[i]!)), 0);
  return { sharedMemory: typeof SharedArrayBuffer === 'function', losses: two.losses.length, worstDifference };
}

/** Every weight of a model, to compare two runs to the bit. */
function weightsOf(lm: CharLM): number[] {
  return lm.parameters().flatMap((p) => Array.from(p.toArray()));
}

/** fitInWorker's run, and the ticks a setTimeout chain on this (the page's main) thread counted meanwhile. */
async function fitCountingTicks(lm: CharLM, texts: string[], options: FitOptions): Promise<{ losses: number[]; ticks: number }> {
  let ticks = 0, running = true;
  const tick = () => { if (running) { ticks++; setTimeout(tick, 0); } };
  setTimeout(tick, 0);
  try {
    const { losses } = await fitInWorker(lm, texts, options);
    return { losses, ticks };
  } finally {
    running = false;
  }
}

/**
 * fitInWorker — CharLM.fit in a module Web Worker, and with threads: 2 its helper started from
 * inside that worker (a nested worker, which Vite must bundle from within the worker's bundle) —
 * against lm.fit in this page on the same seed: the same losses and weights, to the bit. The
 * page's timers tick while the worker trains; an AbortSignal ends the run after a step or so.
 */
async function trainingInWorker() {
  const text = 'many hands make light work; still waters run deep. '.repeat(8);
  const config = { cell: 'lstm', hiddenSize: 16, seed: 6 } as const;
  const options: FitOptions = { steps: 30, seqLength: 16, batchSize: 8, lr: 0.01 };
  const run = async (threads: number) => {
    const here = CharLM.fromTexts([text], config), there = CharLM.fromTexts([text], config);
    const expected = await here.fit([text], { ...options, threads });
    const { losses, ticks } = await fitCountingTicks(there, [text], { ...options, threads });
    const a = weightsOf(here), b = weightsOf(there);
    return { expected: expected.losses, losses, ticks, sameWeights: a.length === b.length && a.every((w, i) => Object.is(w, b[i])) };
  };
  const one = await run(1);
  const two = await run(2);
  const lm = CharLM.fromTexts([text], config);
  const stop = new AbortController();
  const aborted = await fitInWorker(lm, [text], { ...options, steps: 2000 }, {
    onProgress: (p) => { if (p.step === 3) stop.abort(); },
    signal: stop.signal,
  });
  return { one, two, aborted: { stoppedBy: aborted.stoppedBy, steps: aborted.losses.length, trainerStep: aborted.checkpoint.trainer.step } };
}

/** Every check; plain data back to the test. */
export async function runChecks() {
  const sgemm = await sgemmAgainstTwin();
  await useBackend('auto');
  const grads = gradchecks();
  const { first, last, lm } = await charLMTraining();
  const before = logits(lm, 'the c');
  const native = logits(loadCharLM(saveCharLM(lm)).model, 'the c');
  const safetensors = logits(loadCharLMSafetensors(exportCharLMSafetensors(lm)).model, 'the c');
  // A safetensors file of raw tensors decodes to the same names, shapes and values.
  const tensors = [{ name: 'a', shape: [2, 3], data: Float32Array.from([1, -2, 3.5, 0, 1e-8, -7]) }];
  const decoded = decodeSafetensors(encodeSafetensors(tensors, { note: 'browser' }));
  const threads = await threadedTraining();
  const inWorker = await trainingInWorker();
  // The model goes back as a file, so the test's Node run of the same completion uses the same weights.
  const completion = {
    model: Array.from(saveCharLM(lm)), ngram: ngramDistributions(), background: await backgroundNgramDistributions(), session: sessionSuggestions(lm),
  };
  return {
    completion,
    threads, inWorker,
    relaxedSimd: hasRelaxedSimd(), sgemm, grads, training: { first, last },
    roundTrip: { native: JSON.stringify(native) === JSON.stringify(before), safetensors: JSON.stringify(safetensors) === JSON.stringify(before) },
    safetensorsTensors: decoded.tensors.map((t) => ({ name: t.name, shape: t.shape, data: Array.from(t.data) })), metadata: decoded.metadata,
  };
}
