import { kernel, mul, Random, sum, Tensor, useBackendSync } from '@recurrent/autograd';
import { describe, expect, it } from 'vitest';
import { CELL_TYPES } from '../src/cells/cell.js';
import { Linear } from '../src/layers/linear.js';
import { Recurrent } from '../src/layers/recurrent.js';
import { RecurrentStepper } from '../src/text/stepper.js';

// The sequence op and the stepper drive the kernel through unchecked raw calls. Here they run on
// the kernel's debug mode, which checks every call against the kernel's contract (each buffer's
// extent inside allocated memory, the aliasing rules such as the stepper's c = cPrev and BPTT's
// dcPrev = dc): a call outside the contract fails the test instead of corrupting memory quietly.
process.env['RECURRENT_KERNEL_CHECKS'] = '1';
useBackendSync('auto');

describe('the cells keep the kernel contract (checked kernel)', () => {
  it('runs on a kernel that checks its raw calls', () => {
    expect(kernel().checked).toBe(true);
    expect(() => kernel().raw.copy(4, 0, 0)).toThrow(/lies outside the allocated buffers/);
  });

  for (const cell of CELL_TYPES) {
    it(`${cell}: forward and backward, dense and token inputs, masked, stacked and bidirectional`, () => {
      const T = 5, B = 3, I = 6, H = 7;
      const rng = new Random(11);
      const mask = [1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 0, 1, 0, 0];
      for (const bidirectional of [false, true]) {
        const rnn = new Recurrent({ cell, inputSize: I, hiddenSize: H, numLayers: 2, bidirectional, seed: 2 });
        const x = Tensor.uniform([T, B, I], -1, 1, rng, { requiresGrad: true });
        const tokens = { ids: Array.from({ length: T * B }, (_, i) => i % I), vocabularySize: I, steps: T, batch: B };
        for (const input of [x, tokens]) {
          for (const options of [{}, { mask }]) {
            const { output, state } = rnn.forward(input, undefined, options);
            sum(mul(output, Tensor.uniform(output.shape, -1, 1, rng))).backward();
            expect(output.toArray().every(Number.isFinite)).toBe(true);
            expect(state.h.toArray().every(Number.isFinite)).toBe(true);
          }
        }
        for (const p of rnn.parameters()) expect(p.grad?.every(Number.isFinite), p.name).toBe(true);
      }
    });

    it(`${cell}: the stepper, one-hot and with an embedding`, () => {
      const rnn = new Recurrent({ cell, inputSize: 5, hiddenSize: 6, numLayers: 2, seed: 4 });
      const head = new Linear(6, 5, new Random(1));
      const embedded = new Recurrent({ cell, inputSize: 3, hiddenSize: 6, numLayers: 2, seed: 4 });
      const embedding = Tensor.uniform([5, 3], -1, 1, new Random(2));
      for (const stepper of [new RecurrentStepper(rnn, head), new RecurrentStepper(embedded, head, embedding)]) {
        for (const id of [0, 4, 2, 2, 1]) stepper.feed(id);
        expect(Array.from(stepper.logits()).every(Number.isFinite)).toBe(true);
      }
    });
  }
});
