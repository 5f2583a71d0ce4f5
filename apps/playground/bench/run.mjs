/**
 * `pnpm bench` for the playground: characters per second of CharLM training in Chromium (a Web
 * Worker, as the playground trains) beside Node, the same workload (bench/workload.mjs) in the
 * same run. Prints one line; never fails on a figure. Needs Chromium (/usr/bin/chromium or
 * CHROMIUM_PATH) and the built library packages.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { trainingThroughput } from './workload.mjs';

const CORPUS = '/usr/share/common-licenses/GPL-3';
const text = existsSync(CORPUS) ? readFileSync(CORPUS, 'utf8') : readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const root = fileURLToPath(new URL('./page/', import.meta.url));
const outDir = fileURLToPath(new URL('../.artifacts/bench-page/', import.meta.url));

await build({ root, base: './', configFile: false, logLevel: 'error', worker: { format: 'es' }, build: { outDir, emptyOutDir: true, target: 'es2022' } });
const server = await preview({ root, configFile: false, logLevel: 'error', build: { outDir }, preview: { host: '127.0.0.1', port: 0 } });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
try {
  const page = await browser.newPage();
  await page.goto(server.resolvedUrls.local[0]);
  // One after the other, never at once: on a 2-core machine they would time each other.
  // eslint-disable-next-line no-undef -- the callback runs in the page, where window is the global
  const inBrowser = await page.evaluate((t) => window.runBench(t), text);
  const inNode = await trainingThroughput(text);
  const fmt = (r) => `${Math.round(r.charsPerSecond).toLocaleString('en')} chars/s (${r.backend}, loss ${r.firstLoss.toFixed(2)} → ${r.lastLoss.toFixed(2)})`;
  console.log(`playground bench · CharLM training, LSTM H=128 T=32 B=32, Adam, ${text.length.toLocaleString('en')}-char text, median of 8 steps: `
    + `Chromium ${browser.version()} worker ${fmt(inBrowser)} · Node ${process.versions.node} ${fmt(inNode)} · browser/Node ${(inBrowser.charsPerSecond / inNode.charsPerSecond).toFixed(2)}`);
} finally {
  await browser.close();
  await server.close();
}
