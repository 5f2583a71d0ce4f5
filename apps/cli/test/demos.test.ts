import { describe, expect, it } from 'vitest';
import { recurrent, workspace } from './helpers.js';

// Each demo, run in full with its fixed seed, reaches the accuracy it claims on data it did not train on.
describe('recurrent demo', () => {
  const { dir } = workspace();
  const demo = (name: string) => {
    const run = recurrent(['demo', name, '--json'], dir);
    expect(run.status, run.stderr).toBe(0);
    return JSON.parse(run.stdout)[name];
  };

  it('one-to-one: ≥ 90% of unseen points placed inside or outside the circle', () => {
    expect(demo('one-to-one').accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('one-to-many: every class spelled as its word', () => {
    expect(demo('one-to-many').accuracy).toBe(1);
  });

  it('many-to-one: the RNN gets ≥ 90% of unseen phrases; the bag of words cannot tell order-flipped pairs apart', () => {
    const r = demo('many-to-one');
    expect(r.rnnAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(r.orderFlippedRnn).toBe(1);
    // Identical bags of words get identical outputs: one of each pair must be wrong.
    expect(r.orderFlippedBagOfWords).toBe(0.5);
  });

  it('many-to-many: ≥ 95% of tags right', () => {
    expect(demo('many-to-many').tokenAccuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('seq2seq: ≥ 80% reversed exactly, beam search no worse than greedy', () => {
    const r = demo('seq2seq');
    expect(r.greedyAccuracy).toBeGreaterThanOrEqual(0.8);
    expect(r.beamAccuracy).toBeGreaterThanOrEqual(r.greedyAccuracy);
  });

  it('gradients: a plain RNN keeps far less gradient than an LSTM; exploding without clipping, tamed with it', () => {
    const r = demo('gradients');
    expect(r.survival['vanilla RNN (tanh)'] * 1e3).toBeLessThan(r.survival['LSTM, forget-gate bias 1']);
    expect(r.survival['vanilla RNN (tanh)']).toBeLessThan(r.survival['LSTM']);
    expect(r.explodingRatio).toBeGreaterThan(100);
    expect(r.withoutClipping).toMatch(/^diverged/);
    expect(r.withClipping).toMatch(/^finished/);
  });

  it('with no name runs every demo', () => {
    const run = recurrent(['demo'], dir);
    expect(run.status, run.stderr).toBe(0);
    for (const title of ['one-to-one', 'one-to-many', 'many-to-one', 'many-to-many', 'seq2seq', 'gradients']) {
      expect(run.stdout).toContain(`━━ ${title}`);
    }
  });
});
