/**
 * End to end against PyTorch: every fixture's forward, loss, BPTT gradients, clipping and
 * optimizer steps, rebuilt from kernel calls on each backend, with the fixture's own tolerances.
 */
import { describe, expect, it } from 'vitest';
import { ALL_BACKENDS, EXACT, expectClose, maxError, useKernel } from './helpers.js';
import { clipStored, loadFixtures, optimizeLinear, runModel, type Fixture, type Tensor } from './torch-fixture.js';

const FIXTURES = loadFixtures();

/** The README's gradient checks: elementwise abs/rel, and scale-free |a − e| ≤ 1e-3 · max|e| (exact zeros for an all-zero tensor). */
function expectGrad(actual: Float32Array, expected: Tensor, fx: Fixture, label: string): void {
  expectClose(actual, expected.data, fx.tolerances.gradients, label);
  const scale = expected.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  if (scale === 0) expectClose(actual, expected.data, EXACT, `${label} (all zero)`);
  else expect(maxError(actual, expected.data), `${label}: scale-free error`).toBeLessThanOrEqual(fx.tolerances.gradients_scaled.rel_to_tensor_maxabs * scale);
}

it('finds the fixtures of every cell type', () => {
  expect(new Set(FIXTURES.map((fx) => fx.meta.cell))).toEqual(new Set(['rnn_tanh', 'lstm', 'gru']));
});

describe.each(ALL_BACKENDS)('PyTorch fixtures (%s)', (backend) => {
  const k = useKernel(backend);

  describe.each(FIXTURES)('$name', (fx) => {
    it('forward: output, h_n and c_n', () => {
      const run = runModel(k, fx);
      expectClose(run.output, fx.outputs.output.data, fx.tolerances.forward, 'output');
      expectClose(run.hN, fx.outputs.h_n.data, fx.tolerances.forward, 'h_n');
      expectClose(run.cN, fx.outputs.c_n?.data ?? [], fx.tolerances.forward, 'c_n');
    });

    it('logits and mean cross-entropy loss', () => {
      const run = runModel(k, fx);
      expectClose(run.logits, fx.loss.logits.data, fx.tolerances.forward, 'logits');
      expectClose(run.loss, fx.loss.value, fx.tolerances.forward, 'loss');
    });

    it('BPTT gradients of every parameter, x, h0 (and c0)', () => {
      const { grads } = runModel(k, fx);
      expect(Object.keys(grads).sort()).toEqual(Object.keys(fx.grads).sort());
      for (const [name, expected] of Object.entries(fx.grads)) expectGrad(grads[name]!, expected, fx, `grads.${name}`);
    });

    it('gradient clipping from the stored gradients', () => {
      const { totalNorm, clipped } = clipStored(k, fx);
      const tol = fx.tolerances.optimizer;
      expectClose(totalNorm, fx.optim.clip.total_norm, tol, 'total_norm');
      for (const [name, expected] of Object.entries(fx.optim.clip.clipped_grads)) {
        expectClose(clipped[name]!, expected.data, tol, `clipped_grads.${name}`);
      }
    });

    it('Adam and Adagrad, three steps with the stored clipped gradient', () => {
      const g = fx.optim.clip.clipped_grads['linear.weight']!;
      const tol = fx.tolerances.optimizer;
      optimizeLinear(k, fx, 'adam', [g, g, g]).forEach((p, i) => {
        expectClose(p, fx.optim.adam.param_after_step[i]!.data, tol, `adam step ${i + 1}`);
      });
      optimizeLinear(k, fx, 'adagrad', [g, g, g]).forEach((p, i) => {
        expectClose(p, fx.optim.adagrad.param_after_step[i]!.data, tol, `adagrad step ${i + 1}`);
      });
    });

    it('Adam and Adagrad with three different gradients', () => {
      const { grads, adam_param_after_step3: adam, adagrad_param_after_step3: adagrad } = fx.optim.varying_grads;
      const tol = fx.tolerances.optimizer;
      expectClose(optimizeLinear(k, fx, 'adam', grads)[2]!, adam.data, tol, 'adam after step 3');
      expectClose(optimizeLinear(k, fx, 'adagrad', grads)[2]!, adagrad.data, tol, 'adagrad after step 3');
    });
  });
});
