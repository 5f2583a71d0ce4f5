import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Random, Tensor } from '@recurrent/autograd';
import { describe, expect, it } from 'vitest';
import { CELL_TYPES, checkCellType } from '../src/cells/cell.js';
import { type Fixture, parseFixture, toleranceOf } from '../src/conformance/fixture.js';
import { Linear } from '../src/layers/linear.js';
import { Recurrent } from '../src/layers/recurrent.js';
import { RecurrentStepper } from '../src/text/stepper.js';
import { torchFixtureDir } from '@recurrent/test-utils';

// The stepper against PyTorch itself, not against this library's sequence op: both run the
// same cell records, so agreeing with each other would not show that a record is right.
// The stepper reads tokens; a fixture's dense input x[:, b] becomes an "embedding" whose row t
// is x_t, so feeding tokens 0 … T−1 feeds exactly PyTorch's inputs.

const fixturesDir = torchFixtureDir();
const fixtures: Fixture[] = readdirSync(fixturesDir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => parseFixture(readFileSync(join(fixturesDir, name), 'utf8'), name))
  // A bidirectional network cannot step; packed sequences only change where padding starts.
  .filter((f) => f.meta.bidirectional !== true && f.meta.lengths === undefined);

/** Rows [b] of a [L, B, H] state tensor, layer after layer: the stepper's state layout. */
function batchRow(data: number[], L: number, B: number, H: number, b: number): Float32Array {
  const out = new Float32Array(L * H);
  for (let l = 0; l < L; l++) out.set(data.slice((l * B + b) * H, (l * B + b + 1) * H), l * H);
  return out;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: { abs: number; rel: number }, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    expect(Math.abs(actual[i]! - e), `${what}[${i}]: ${actual[i]} vs ${e}`).toBeLessThanOrEqual(tol.abs + tol.rel * Math.abs(e));
  }
}

describe('RecurrentStepper against the PyTorch fixtures', () => {
  it('covers every cell type, rnn_relu included', () => {
    const cells = new Set(fixtures.map((f) => checkCellType(f.meta.cell)));
    expect([...cells].sort()).toEqual([...CELL_TYPES].sort());
  });

  for (const f of fixtures) {
    it(`${f.name}: steps one batch row at a time to PyTorch's outputs, logits and final state`, () => {
      const { cell, input_size: I, hidden_size: H, num_layers: L, batch: B, seq_len: T, num_classes: V } = f.meta;
      const tol = toleranceOf(f, 'forward');
      const rnn = new Recurrent({ cell: checkCellType(cell), inputSize: I, hiddenSize: H, numLayers: L });
      for (const [name, p] of rnn.namedParameters()) p.set(f.parameters[name]!.data);
      const head = new Linear(H, V, new Random(0));
      head.weight.set(f.parameters['linear.weight']!.data);
      head.bias.set(f.parameters['linear.bias']!.data);
      const ids = f.inputs.ids?.data;

      for (let b = 0; b < B; b++) {
        const embedding = ids
          ? Tensor.fromArray(f.parameters['embedding.weight']!.data, f.parameters['embedding.weight']!.shape)
          : Tensor.fromArray(Array.from({ length: T * I }, (_, i) => f.inputs.x.data[(Math.floor(i / I) * B + b) * I + (i % I)]!), [T, I]);
        const stepper = new RecurrentStepper(rnn, head, embedding);
        const c0 = f.inputs.c0;
        stepper.restoreState({ h: batchRow(f.inputs.h0.data, L, B, H, b), c: c0 ? batchRow(c0.data, L, B, H, b) : undefined });
        for (let t = 0; t < T; t++) {
          stepper.feed(ids ? ids[t * B + b]! : t);
          const at = (t * B + b);
          expectClose(stepper.hiddenState(), f.outputs.output.data.slice(at * H, (at + 1) * H), tol, `output[${t}, ${b}]`);
          expectClose(stepper.logits(), f.loss.logits.data.slice(at * V, (at + 1) * V), tol, `logits[${t}, ${b}]`);
        }
        const state = stepper.saveState();
        expectClose(state.h, batchRow(f.outputs.h_n.data, L, B, H, b), tol, `h_n[:, ${b}]`);
        if (f.outputs.c_n) expectClose(state.c!, batchRow(f.outputs.c_n.data, L, B, H, b), tol, `c_n[:, ${b}]`);
        else expect(state.c).toBeUndefined();
      }
    });
  }
});
