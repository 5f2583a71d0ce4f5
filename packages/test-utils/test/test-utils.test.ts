import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_FC_SEED, expectClose, fcSeed, loadTorchFixtures, mulberry32, torchFixtureDir } from '../src/index.js';

describe('fcSeed', () => {
  it('is the fixed default unless FC_SEED names another integer', () => {
    expect(fcSeed(undefined)).toBe(DEFAULT_FC_SEED);
    expect(fcSeed('')).toBe(DEFAULT_FC_SEED);
    expect(fcSeed('42')).toBe(42);
    expect(fcSeed('-7')).toBe(-7);
  });
  it('refuses what is not a 32-bit integer instead of seeding with NaN', () => {
    for (const bad of ['abc', '1.5', '1e12', 'NaN']) expect(() => fcSeed(bad), bad).toThrow(/FC_SEED must be a 32-bit integer/);
  });
});

describe('mulberry32', () => {
  it('repeats for a seed, differs across seeds, stays in [0, 1)', () => {
    const draw = (seed: number) => Array.from({ length: 100 }, mulberry32(seed));
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3)).not.toEqual(draw(4));
    expect(draw(3).every((x) => x >= 0 && x < 1)).toBe(true);
  });
  it('keeps its sequence for seed 0 (autograd\'s Random is checked against it)', () => {
    const next = mulberry32(0);
    expect([next(), next(), next()].map((x) => Math.round(x * 2 ** 32))).toEqual([1144304738, 1416247, 958946056]);
  });
});

describe('expectClose', () => {
  it('passes within tolerance, equal infinities and NaN against NaN', () => {
    expectClose([1, 2.00001, Infinity, NaN], [1, 2, Infinity, NaN], { abs: 0, rel: 1e-5 }, 'ok');
  });
  it('fails naming the worst element, and on a lone NaN', () => {
    expect(() => expectClose([1, 2.5, 3.1], [1, 2, 3], { abs: 0.01, rel: 0 }, 'v')).toThrow(/v: 2 of 3 elements.*worst \[1\]: got 2.5/);
    expect(() => expectClose(NaN, 1, { abs: 1, rel: 1 })).toThrow(/1 of 1/);
    expect(() => expectClose([1, 2], [1], { abs: 1, rel: 0 }, 'short')).toThrow(/short: length/);
  });
});

describe('the PyTorch fixtures', () => {
  const saved = process.env['RECURRENT_TORCH_FIXTURES'];
  afterEach(() => {
    if (saved === undefined) delete process.env['RECURRENT_TORCH_FIXTURES'];
    else process.env['RECURRENT_TORCH_FIXTURES'] = saved;
  });

  it('are found in the repository and parse', () => {
    const fixtures = loadTorchFixtures<{ format: string }>();
    expect(fixtures.length).toBeGreaterThan(0);
    expect(new Set(fixtures.map((f) => f.format))).toEqual(new Set(['rnn-bptt-torch-fixture']));
  });

  it('follow RECURRENT_TORCH_FIXTURES, in name order, and fail loudly when missing or empty', () => {
    const dir = mkdtempSync(join(tmpdir(), 'test-utils-'));
    try {
      process.env['RECURRENT_TORCH_FIXTURES'] = dir;
      expect(() => loadTorchFixtures()).toThrow(/no PyTorch fixture/);
      writeFileSync(join(dir, 'b.json'), '{"n": 2}');
      writeFileSync(join(dir, 'a.json'), '{"n": 1}');
      writeFileSync(join(dir, 'notes.txt'), 'not a fixture');
      expect(torchFixtureDir()).toBe(dir);
      expect(loadTorchFixtures<{ n: number }>().map((f) => f.n)).toEqual([1, 2]);
      process.env['RECURRENT_TORCH_FIXTURES'] = join(dir, 'missing');
      expect(() => torchFixtureDir()).toThrow(/PyTorch fixtures not found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
