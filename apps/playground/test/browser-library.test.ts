import { fileURLToPath } from 'node:url';
import { useBackend } from '@recurrent/autograd';
import { loadCharLM } from '@recurrent/topologies';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { runChecks } from './browser/checks.js';
import { backgroundNgramDistributions, ngramDistributions, sessionSuggestions } from './browser/completion-checks.js';
import { bundlePage } from './bundle.js';
import { launchChromium } from './chromium.js';
import { serveFolder } from './static-server.js';

type Results = Awaited<ReturnType<typeof runChecks>>;

// The library packages in a browser: their core behaviour (test/browser/checks.ts) bundled by
// Vite and run in Chromium, so "runs in a browser" is a tested claim, not an assumption.
describe('the library packages in Chromium', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveFolder>>;
  let results: Results;
  const errors: string[] = [];
  const workers: string[] = [];

  beforeAll(async () => {
    server = await serveFolder(await bundlePage(fileURLToPath(new URL('./browser/', import.meta.url)), 'browser-library'));
    browser = await launchChromium();
    const page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('worker', (w) => workers.push(w.url())); // nested workers too
    await page.goto(server.url);
    results = await page.evaluate(() => (window as unknown as { libraryChecks: Promise<Results> }).libraryChecks);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('loads the relaxed-SIMD kernel, whose sgemm agrees with its TypeScript twin', () => {
    expect(results.relaxedSimd).toBe(true); // Chromium ≥ 114 has relaxed SIMD without a flag
    expect(results.sgemm.backend).toBe('wasm-relaxed-simd');
    expect(results.sgemm.cases).toBe(40);
    expect(results.sgemm.worstRelative).toBeLessThan(1e-5);
  });

  it('passes autograd gradchecks: an MLP with cross-entropy, an LSTM through BPTT', () => {
    expect(results.grads.mlp).toBe(true);
    expect(results.grads.lstm).toBe(true);
  });

  it('trains a CharLM: the loss falls', () => {
    expect(results.training.last).toBeLessThan(0.7 * results.training.first);
  });

  it('trains over two threads (a module Web Worker, copies instead of shared memory) as one thread does', () => {
    expect(results.threads.sharedMemory).toBe(false);
    expect(results.threads.losses).toBe(8);
    expect(results.threads.worstDifference).toBeLessThan(1e-5);
  });

  // fitInWorker starts the topologies package's fit-thread.js as a module Web Worker, and with
  // threads: 2 that worker starts the gradient thread (a nested worker): both bundled by Vite
  // from the literal `new Worker(new URL(…, import.meta.url), { type: 'module' })`. The worker
  // runs fit's very code on the page's kernel, so its losses and weights are the page's to the bit.
  it('trains in a worker (fitInWorker) as lm.fit does in the page, also over nested threads, while the page keeps running; an abort stops it', () => {
    const { one, two, aborted } = results.inWorker;
    expect(one.losses).toHaveLength(30);
    expect(one.losses).toEqual(one.expected);
    expect(one.sameWeights).toBe(true);
    expect(two.losses).toHaveLength(30);
    expect(two.losses).toEqual(two.expected);
    expect(two.sameWeights).toBe(true);
    // The workers the page started, nested ones included: a fit thread for each fitInWorker call
    // (threads 1 and 2, and the aborted run), a gradient thread for the threaded check above, one
    // for lm.fit's threads: 2 in the page, and one started from inside the fit thread.
    const started = (name: string) => workers.filter((url) => new URL(url).pathname.startsWith(`/assets/${name}-`)).length;
    expect(started('fit-thread')).toBe(3);
    expect(started('gradient-thread')).toBe(3);
    // The page's setTimeout chain ran while the worker trained (a count, not a timing).
    expect(one.ticks).toBeGreaterThan(0);
    expect(two.ticks).toBeGreaterThan(0);
    expect(aborted.stoppedBy).toBe('cancelled');
    // The abort crosses as a message, so the worker may take a step or two more.
    expect(aborted.steps).toBeGreaterThanOrEqual(3);
    expect(aborted.steps).toBeLessThan(2000);
    expect(aborted.trainerStep).toBe(aborted.steps);
  });

  // The oracle is the same code (test/browser/completion-checks.ts) run here in Node, on the model
  // the page trained (sent back as a native file). The n-gram is float64 arithmetic in both
  // engines: equal to the bit. Suggestions go through each side's kernel (relaxed SIMD there,
  // maybe not here), so the probabilities agree to float32 rounding and the argmax text exactly.
  it('completes as in Node: Kneser–Ney n-gram distributions exactly, a CompletionSession\'s suggestions and learnt mixture weights', async () => {
    const { completion } = results;
    expect(completion.ngram).toEqual(ngramDistributions());
    expect(completion.ngram.every((d) => Math.abs(d.reduce((a, b) => a + b, 0) - 1) < 1e-12)).toBe(true);
    await useBackend('auto');
    const node = sessionSuggestions(loadCharLM(Uint8Array.from(completion.model)).model);
    const browser = completion.session;
    expect(browser.suggestions.map((s) => [s.cursor, s.text])).toEqual(node.suggestions.map((s) => [s.cursor, s.text]));
    expect(browser.suggestions.filter((s) => s.text).length).toBeGreaterThan(5); // it did suggest, at 0.5 confidence
    browser.suggestions.forEach((s, i) => {
      expect(s.confidence).toBeCloseTo(node.suggestions[i]!.confidence, 5);
      expect(s.expectedSaving).toBeCloseTo(node.suggestions[i]!.expectedSaving, 4);
    });
    expect(Object.keys(browser.weights)).toEqual(Object.keys(node.weights));
    for (const [context, weights] of Object.entries(node.weights)) {
      for (const [expert, w] of Object.entries(weights)) expect(browser.weights[context]![expert], `${context} ${expert}`).toBeCloseTo(w, 5);
    }
  });

  // buildNgramTable yields between slices (topologies' yieldToEventLoop: a MessageChannel in a
  // browser, which has no setImmediate); a Completer counts in the background by default.
  it('counts an n-gram table in the background (buildNgramTable) as Node does', async () => {
    expect(results.completion.background).toEqual(await backgroundNgramDistributions());
  });

  it('round-trips a CharLM through the native format and safetensors with identical logits, and raw safetensors exactly', () => {
    expect(results.roundTrip).toEqual({ native: true, safetensors: true });
    expect(results.safetensorsTensors).toEqual([{ name: 'a', shape: [2, 3], data: Array.from(Float32Array.from([1, -2, 3.5, 0, 1e-8, -7])) }]);
    expect(results.metadata).toEqual({ note: 'browser' });
    expect(errors).toEqual([]);
  });
});
