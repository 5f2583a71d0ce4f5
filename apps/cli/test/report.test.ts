import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { recurrent, TINY, workspace } from './helpers.js';

const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));

// The HTML report opened in a real (headless) Chromium: it renders, and its charts hold the
// numbers of the run that wrote it.
describe('the training report', () => {
  it('renders in Chromium with the trained numbers in its charts', async () => {
    const { dir, text } = workspace();
    const run = recurrent(['train', text, ...TINY, '--steps', '24', '--out', 'm.rnn', '--json'], dir);
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);

    const browser = await chromium.launch({
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 820, height: 1200 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => { if (!r.url().startsWith('file:')) errors.push(`network request: ${r.url()}`); });
      await page.goto(pathToFileURL(join(dir, 'm.report.html')).href);

      expect(await page.title()).toMatch(/LSTM · 1×16 · 24 steps/);
      const training = JSON.parse((await page.getAttribute('polyline[data-name="training loss (nats)"]', 'data-values'))!) as [number, number][];
      expect(training.map(([, y]) => y)).toEqual(out.losses);
      expect(training.map(([x]) => x)).toEqual(out.losses.map((_: number, i: number) => i + 1));
      const validation = JSON.parse((await page.getAttribute('polyline[data-name="validation loss (nats)"]', 'data-values'))!);
      expect(validation).toEqual(out.validationLosses);
      expect(await page.textContent('#final-loss')).toContain(out.finalLoss.toFixed(4));

      const heat = JSON.parse((await page.getAttribute('svg.heatmap', 'data-values'))!) as { label: string; values: number[] }[];
      expect(heat.length).toBeGreaterThanOrEqual(3);
      for (const row of heat) {
        expect(row.values).toHaveLength(16); // one norm per time step of the window
        expect(row.values.every((v) => v > 0 && Number.isFinite(v))).toBe(true);
      }
      expect(await page.locator('#activations .unit').count()).toBe(6);
      expect(await page.locator('#samples pre').count()).toBe(3);
      // Drawn, not just present: the loss polyline has a real on-screen size.
      const box = await page.locator('#loss-chart svg').boundingBox();
      expect(box!.width).toBeGreaterThan(600);
      expect(box!.height).toBeGreaterThan(200);

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'training-report.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
