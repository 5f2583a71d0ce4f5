import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPacked } from '../../../scripts/pack-install.mjs';

// `recurrent bench` as a user of the published CLI gets it: the tarballs installed with npm
// outside the monorepo, no peers (tfjs, brain.js) beside it, nothing of the checkout reachable.
describe('recurrent bench from the installed package', () => {
  let installed: { project: string; remove: () => void };
  beforeAll(() => {
    installed = installPacked(join(import.meta.dirname, '..'));
  }, 300_000);
  afterAll(() => installed?.remove());

  it('measures our cells, says which peers are missing, and writes the figures it printed', () => {
    const bin = join(installed.project, 'node_modules', '.bin', 'recurrent');
    expect(existsSync(bin)).toBe(true);
    const run = spawnSync(bin, ['bench', '--quick', '--json', 'figures.json'], { cwd: installed.project, encoding: 'utf8', timeout: 240_000 });
    expect(run.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|Error:/);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('tfjs — not installed (npm install @tensorflow/tfjs');
    expect(run.stdout).toContain('brain.js — not installed (npm install brain.js');
    // PyTorch runs where some python3 has torch (never installed from here), else says why not.
    expect(run.stdout).toMatch(/PyTorch 1t: (torch \S+, 1 thread, [^;]+|skipped — [^;]+);/);

    const figures = JSON.parse(readFileSync(join(installed.project, 'figures.json'), 'utf8'));
    expect(figures.results.map((r: { cell: string }) => r.cell)).toEqual(['lstm', 'gru', 'rnn_tanh']);
    for (const r of figures.results) {
      const ours = r.train['wasm-relaxed-simd'] ?? r.train['wasm-simd'];
      expect(ours.charsPerSecond).toBeGreaterThan(0);
      expect(r.train.tfjs).toBeUndefined();
      // The table shows the JSON's figure, as the table rounds it.
      expect(run.stdout).toContain(Math.round(ours.charsPerSecond).toLocaleString('en-US'));
    }
    // A step of training lowers the loss from about ln V (the sanity run's 20 steps).
    const sanity = figures.lossSanity['wasm-relaxed-simd'] ?? figures.lossSanity['wasm-simd'];
    expect(sanity.first).toBeCloseTo(Math.log(figures.workload.ourVocabulary), 1);
    expect(sanity.last).toBeLessThan(sanity.first - 0.5);
  }, 300_000);

  it('refuses a corpus that is not there with one clear line', () => {
    const bin = join(installed.project, 'node_modules', '.bin', 'recurrent');
    const run = spawnSync(bin, ['bench', '--corpus', 'missing.txt'], { cwd: installed.project, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('bench: the benchmark\'s corpus missing.txt is not on this machine');
  });
});
