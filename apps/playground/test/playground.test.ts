import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CharLM, loadCharLM, loadCharLMSafetensors } from '@recurrent/topologies';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Watch, watch } from './chromium.js';
import { serveFolder } from './static-server.js';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('../.artifacts/', import.meta.url));
const PAGES = ['char-rnn', 'unrolled', 'gradients', 'topologies', 'models'];
// The `recurrent` command, built: its `sample` reads a model file with the CLI's own loader.
const CLI = fileURLToPath(new URL('../../cli/dist/main.js', import.meta.url));
const GREEDY_PREFIX = 'the ca';

// The BUILT site (vite build → dist), served from 127.0.0.1 as a static host would serve it,
// driven in Debian's Chromium. Every request that is not to that origin is aborted and counted.
describe('the playground in Chromium', () => {
  let server: Awaited<ReturnType<typeof serveFolder>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let seen: Watch;
  /** The trained model's greedy continuation of GREEDY_PREFIX (32 symbols), as the page drew it. */
  let greedy = '';

  const data = async (selector: string, name: string) => (await page.getAttribute(selector, `data-${name}`))!;
  const logitsOf = async (selector: string) => JSON.parse(await data(selector, 'logits')) as number[];
  const go = async (name: string) => {
    await page.goto(`${server.url}#/${name}`);
    await page.waitForSelector(`nav a[href="#/${name}"][aria-current="page"]`);
  };
  const setSlider = (name: string, value: number) => page.locator(`input[name="${name}"]`).evaluate((input: HTMLInputElement, v) => {
    input.value = String(v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
  const samplesDrawn = () => page.evaluate(() => Number(document.querySelector<HTMLElement>('#sample-output')?.dataset['samples'] ?? 0));
  /** Presses Sample and waits for that sample (the output's counter passes the one before). */
  const drawSample = async () => {
    const before = await samplesDrawn();
    await page.click('#sample');
    await page.waitForFunction((n) => Number(document.querySelector<HTMLElement>('#sample-output')?.dataset['samples']) > n, before);
    return (await page.textContent('#sample-output'))!;
  };
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    if (!existsSync(join(DIST, 'index.html'))) throw new Error('apps/playground/dist is missing: run the build first (turbo runs it before the tests)');
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await serveFolder(DIST);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
    seen = await watch(context, server.url);
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('loads every page with the strict CSP, the wasm kernel and no errors', async () => {
    const csp = readFileSync(join(DIST, 'index.html'), 'utf8');
    expect(csp).toMatch(/http-equiv="Content-Security-Policy"/);
    expect(csp).toMatch(/connect-src &#39;none&#39;|connect-src 'none'/);
    for (const name of PAGES) {
      await go(name);
      expect(await page.textContent('main h2')).toBeTruthy();
    }
    // The worker found WebAssembly SIMD (relaxed, in a current Chromium) and loaded that build.
    await page.waitForSelector('#kernel[data-backend]');
    expect(await data('#kernel', 'backend')).toMatch(/^wasm-/);
    // String code is refused: the policy has 'wasm-unsafe-eval' but no 'unsafe-eval'. (A timer
    // with a string runs as the page's own code; the test's evaluate itself bypasses the CSP.)
    const violation = await page.evaluate(() => new Promise<string>((resolve) => {
      addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true });
      (setTimeout as (code: string, ms: number) => number)('document.body.dataset.evalRan = "yes"', 0);
      setTimeout(() => resolve(document.body.dataset['evalRan'] ?? 'nothing'), 500);
    }));
    expect(violation).toBe('script-src');
    seen.errors.length = 0; // the probe logs its CSP violation on purpose
  });

  it('Char-RNN: training in the worker lowers the loss; sampling (one greedy text at temperature 0 or top-k 1) and the next-character box follow it', async () => {
    await go('char-rnn');
    await page.selectOption('select[name="hidden"]', '32');
    await page.fill('input[name="steps"]', '60');
    await page.fill('input[name="seq-length"]', '16');
    await page.click('#train');
    // The page stays responsive while the worker trains: it answers at once mid-run.
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('#train-status')?.dataset['step']) >= 5);
    const started = Date.now();
    await page.evaluate(() => 1);
    expect(Date.now() - started).toBeLessThan(2000);
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('#train-status')?.dataset['step']) >= 60, null, { timeout: 60_000 });
    await page.waitForSelector('#train:not([disabled])');

    const curve = JSON.parse(await data('#loss-chart polyline[data-name="training bits/char"]', 'values')) as [number, number][];
    expect(curve.length).toBe(60);
    const bits = curve.map(([, y]) => y);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(bits.slice(-5))).toBeLessThan(0.7 * mean(bits.slice(0, 5)));

    await page.fill('input[name="length"]', '120');
    await page.click('#sample');
    await page.waitForFunction(() => (document.querySelector('#sample-output')?.textContent ?? '').length >= 120);
    const sample = (await page.textContent('#sample-output'))!;
    expect(sample.startsWith('the ')).toBe(true);
    expect(sample).toMatch(/[a-z]{2,} [a-z]/); // words and spaces: it learnt the toy text's shape

    // The sliders hold the values they show. (Built value-first, Chromium fitted each to the
    // default bounds: top-p's "off" was 0.05, and every sample greedy.)
    const sliders = await page.evaluate(() => [...document.querySelectorAll<HTMLInputElement>('.sampler .slider input')]
      .map((i) => [i.name, i.value, i.labels?.[0]?.querySelector('output')?.textContent]));
    expect(sliders).toEqual([['temperature', '0.8', '0.80'], ['top-k', '0', 'off'], ['top-p', '1', 'off']]);

    // Greedy decoding: temperature 0, or top-k 1 at any temperature, takes the most likely
    // symbol each step, so every seed (each press is a new one) gives one continuation.
    await page.fill('input[name="prefix"]', GREEDY_PREFIX);
    await page.fill('input[name="length"]', '32');
    await setSlider('temperature', 0);
    expect(await page.locator('.slider:has(input[name="temperature"]) output').textContent()).toBe('0 (greedy)');
    greedy = (await drawSample()).slice(GREEDY_PREFIX.length);
    expect(greedy).toHaveLength(32);
    expect(await drawSample()).toBe(GREEDY_PREFIX + greedy);
    await setSlider('temperature', 0.8);
    await setSlider('top-k', 1);
    expect(await drawSample()).toBe(GREEDY_PREFIX + greedy);
    // …while at 0.8 over every symbol the seeds do matter: the sameness above is the setting's.
    await setSlider('top-k', 0);
    expect(new Set([await drawSample(), await drawSample(), await drawSample()]).size).toBeGreaterThan(1);

    await page.fill('#typeahead', GREEDY_PREFIX);
    await page.waitForFunction(() => document.querySelector('.ghost')?.textContent?.length);
    // The ghost text is the same greedy continuation, up to the end of its line.
    expect(await page.textContent('.ghost')).toBe(greedy.split('\n')[0]);
    const shares = (await page.locator('#next-distribution .p').allTextContents()).map((t) => parseFloat(t));
    expect(shares).toHaveLength(10);
    expect(shares[0]).toBeGreaterThanOrEqual(shares[9]!);
    expect(shares.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(100.5);
    await shot('char-rnn');
  });

  it('Unrolled: one column per character, stepped with the keyboard, the state coloured', async () => {
    await go('unrolled');
    await page.fill('input[name="unroll-text"]', 'the mat');
    await page.waitForFunction(() => document.querySelector('svg.unrolled')?.getAttribute('data-steps') === '7');
    await page.focus('#unrolled');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await data('svg.unrolled', 't')).toBe('2');
    const h = JSON.parse(await data('svg.unrolled g.current', 'h')) as number[];
    expect(h).toHaveLength(32);
    expect(h.every((v) => Math.abs(v) <= 1)).toBe(true); // an LSTM's h = o ⊙ tanh(c)
    expect(await page.locator('svg.unrolled g.future').count()).toBe(4);
    await shot('unrolled');
  });

  it('Gradients: the heat map updates; vanishing and exploding settings differ as the math says; clipping fixes the explosion', async () => {
    await go('gradients');
    expect([await page.inputValue('input[name="scale"]'), await page.inputValue('input[name="forget-bias"]')]).toEqual(['0.5', '0']); // as their labels say
    await page.fill('input[name="train-steps"]', '12');
    const run = async (preset: string) => {
      await page.evaluate(() => { delete document.querySelector<HTMLElement>('#lab-outcome')!.dataset['stoppedBy']; });
      await page.click(`#preset-${preset}`);
      await page.waitForFunction(() => document.querySelector<HTMLElement>('#lab-outcome')?.dataset['stoppedBy'], null, { timeout: 60_000 });
      await page.waitForTimeout(250); // the heat map redraws at most every 150 ms
      return {
        stoppedBy: await data('#lab-outcome', 'stopped-by'),
        ratio: Number(await data('#verdict', 'first-ratio')),
        rows: JSON.parse(await data('#heatmap svg', 'values')) as number[][],
      };
    };
    const vanishing = await run('vanishing');
    expect(vanishing.stoppedBy).toBe('steps');
    expect(vanishing.rows).toHaveLength(12); // one row per training step: it updated live
    expect(vanishing.rows[0]).toHaveLength(40); // one cell per time step
    expect(vanishing.ratio).toBeLessThan(1e-6); // tanh RNN, gain 0.5: ~0.5^39 and less
    await shot('gradients-vanishing');
    const exploding = await run('exploding');
    expect(exploding.ratio).toBeGreaterThan(1e2); // ReLU RNN, gain 1.6: grows going back
    expect(exploding.stoppedBy).toBe('diverged'); // SGD without clipping overflows
    const clipped = await run('clipped');
    expect(clipped.ratio).toBeCloseTo(exploding.ratio, 5); // same start…
    expect(clipped.stoppedBy).toBe('steps'); // …but clipped, it trains
    await shot('gradients-clipped');
    const lstm = await run('lstm');
    expect(lstm.ratio).toBeGreaterThan(1e6 * vanishing.ratio); // forget gates open: the gradient carries
  });

  it('Topologies: the five small tasks train in their workers and score as the CLI demos do', async () => {
    await go('topologies');
    await page.click('#train-all');
    const metrics: Record<string, Record<string, number>> = {};
    for (const demo of ['one-to-one', 'one-to-many', 'many-to-one', 'many-to-many', 'seq2seq']) {
      await page.waitForFunction((d) => document.querySelector<HTMLElement>(`#demo-${d}`)?.dataset['metrics'], demo, { timeout: 60_000 });
      metrics[demo] = JSON.parse(await data(`#demo-${demo}`, 'metrics'));
    }
    expect(metrics['one-to-one']!['accuracy']).toBeGreaterThan(0.8);
    expect(metrics['one-to-many']!['accuracy']).toBeGreaterThan(0.5);
    // The same words in another order: a bag of words gives both phrases of a pair one answer,
    // so it is right on exactly half; the RNN reads the order.
    expect(metrics['many-to-one']!['orderFlippedBagOfWords']).toBe(0.5);
    expect(metrics['many-to-one']!['orderFlippedRnn']).toBeGreaterThan(0.5);
    expect(metrics['many-to-many']!['tokenAccuracy']).toBeGreaterThan(0.8);
    expect(metrics['seq2seq']!['greedyAccuracy']).toBeGreaterThan(0.5);
    expect(metrics['seq2seq']!['beamAccuracy']).toBeGreaterThan(0.5);
    expect(await page.textContent('#seq2seq-try-output')).toMatch(/^12345 → greedy \d+, beam \d+ \(truth: 54321\)$/);
    await page.fill('input[name="many-to-one-try"]', 'good , not bad');
    await page.click('#try-many-to-one');
    await page.waitForFunction(() => document.querySelector('#many-to-one-try-output')?.textContent?.startsWith('"good , not bad"'));
    await shot('topologies');
  });

  it('Models: a model round-trips through a native and a safetensors download, an upload and IndexedDB, with identical logits; Node and `recurrent sample` read the files', async () => {
    await go('models');
    await page.waitForSelector('#fingerprint[data-logits]');
    const trained = await logitsOf('#fingerprint');
    const save = async (button: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
      return { path: (await file.path()), name: file.suggestedFilename() };
    };
    const native = await save('#download-native');
    const safetensors = await save('#download-safetensors');
    expect(native.name).toMatch(/^char-lstm-1x32-60steps\.rnn$/);
    expect(safetensors.name).toMatch(/\.safetensors$/);
    await page.click('#save-browser');
    await page.waitForSelector('#saved-models tr[data-name="my model"]');

    const forget = async () => {
      await go('char-rnn');
      await page.click('#reset');
      await page.waitForFunction(() => document.querySelector('#model-line')?.textContent?.includes('0 steps trained'));
      await go('models');
      await page.waitForSelector('#fingerprint[data-logits]');
      expect(await logitsOf('#fingerprint')).not.toEqual(trained);
    };
    const fingerprintAfter = async (act: () => Promise<void>) => {
      await page.evaluate(() => { delete document.querySelector<HTMLElement>('#fingerprint')!.dataset['logits']; });
      await act();
      await page.waitForSelector('#fingerprint[data-logits]');
      return logitsOf('#fingerprint');
    };
    await forget();
    expect(await fingerprintAfter(() => page.setInputFiles('#upload', native.path))).toEqual(trained);
    await forget();
    expect(await fingerprintAfter(() => page.setInputFiles('#upload', safetensors.path))).toEqual(trained);
    // IndexedDB outlives the tab's worker: reload the page (a new worker, no model) and load it.
    await page.reload();
    await page.waitForSelector('#saved-models tr[data-name="my model"]');
    expect(await fingerprintAfter(() => page.click('#saved-models tr[data-name="my model"] button.load'))).toEqual(trained);
    await shot('models');

    // The same files the CLI and the editor read: Node's library loads the downloads and agrees.
    const probe = (lm: CharLM) => {
      const stepper = lm.stepper();
      for (const id of lm.vocabulary.encode('the ')) stepper.feed(id);
      return Array.from(stepper.logits());
    };
    const fromNative = probe(loadCharLM(new Uint8Array(readFileSync(native.path))).model);
    const fromSafetensors = probe(loadCharLMSafetensors(new Uint8Array(readFileSync(safetensors.path))).model);
    expect(fromSafetensors).toEqual(fromNative);
    fromNative.forEach((v, i) => expect(v).toBeCloseTo(trained[i]!, 4));
    expect(loadCharLM(new Uint8Array(readFileSync(native.path))).model.predict(GREEDY_PREFIX, 32)).toBe(greedy);

    // And `recurrent sample`, greedy, reads both files (it tells them apart by their bytes: the
    // downloads' temporary names have no extension) to the page's greedy continuation.
    expect(existsSync(CLI), 'apps/cli/dist is missing: build @recurrent/cli (turbo builds it before these tests)').toBe(true);
    for (const file of [native.path, safetensors.path]) {
      const run = spawnSync(process.execPath, [CLI, 'sample', file, '--prefix', GREEDY_PREFIX, '--length', '32', '--temperature', '0', '--json'], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({ prefix: GREEDY_PREFIX, text: greedy });
    }
  });

  it('Char-RNN: "sample as it learns" redraws the sample while the model trains, with no press of Sample', async () => {
    await go('char-rnn');
    expect(await page.isChecked('#live-sample')).toBe(true);
    await page.fill('input[name="steps"]', '100000');
    await page.click('#train');
    await page.waitForSelector('#stop:not([disabled])');
    const drawn = async () => ({ count: await samplesDrawn(), text: await page.textContent('#sample-output'), step: Number(await data('#train-status', 'step')) });
    const moreThan = (n: number) => page.waitForFunction((m) => Number(document.querySelector<HTMLElement>('#sample-output')?.dataset['samples']) > m, n, { timeout: 30_000 });
    await moreThan(0);
    const first = await drawn();
    await moreThan(first.count); // the sampler redraws at most every 2 s
    const second = await drawn();
    expect(await page.isEnabled('#stop')).toBe(true); // both came while it trained
    expect(second.step).toBeGreaterThan(first.step);
    expect(second.text).not.toBe(first.text);
    await page.click('#stop');
    await page.waitForSelector('#train:not([disabled])');
  });

  it('fits a phone screen: no page scrolls sideways, and every control has an accessible name', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const name of PAGES) {
      await go(name);
      await page.waitForTimeout(100);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(390);
      // Every form control has an accessible name (a label, or aria-label).
      const unnamed = await page.evaluate(() => [...document.querySelectorAll('main input, main select, main textarea, main button')]
        .filter((c) => !(c as HTMLInputElement).labels?.length && !c.getAttribute('aria-label') && !(c.textContent ?? '').trim()).map((c) => c.outerHTML));
      expect(unnamed, name).toEqual([]);
      await shot(`${name}-phone`);
    }
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('made no request outside localhost and logged no error', () => {
    expect(seen.requests.length).toBeGreaterThan(5);
    expect(seen.outside).toEqual([]);
    expect(seen.errors).toEqual([]);
  });
});
