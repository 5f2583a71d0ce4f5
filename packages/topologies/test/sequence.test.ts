import { add, gradcheck, gruCell, lstmCell, matmul, Random, relu, reshape, slice, stack, tanh, Tensor } from '@recurrent/autograd';
import { describe, expect, it } from 'vitest';
import { type CellType, gateCount } from '../src/cells/cell.js';
import { type CellWeights, initCellWeights } from '../src/cells/parameters.js';
import { Recurrent } from '../src/layers/recurrent.js';
import { recurrentSequence } from '../src/layers/sequence.js';

// The fused sequence op against an independent oracle: the same recurrence composed from
// autograd's general ops one step at a time (its own gradients checked elsewhere), and
// central finite differences of the fused op itself.

/** One step of `cell` from autograd ops: gates = x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh, then the cell. */
function composedStep(cell: CellType, x: Tensor, h: Tensor, c: Tensor | undefined, w: CellWeights): { h: Tensor; c?: Tensor } {
  const H = h.shape[1]!;
  const gi = add(matmul(x, w.weightIh, { transB: true }), w.biasIh);
  const gh = add(matmul(h, w.weightHh, { transB: true }), w.biasHh);
  if (cell === 'gru') return { h: gruCell(gi, gh, h) };
  const pre = add(gi, gh);
  if (cell === 'lstm') {
    const state = lstmCell(pre, c!);
    return { h: reshape(slice(state, 0, 0, 1), [x.shape[0]!, H]), c: reshape(slice(state, 0, 1, 2), [x.shape[0]!, H]) };
  }
  return { h: cell === 'rnn_tanh' ? tanh(pre) : relu(pre) };
}

function composedSequence(cell: CellType, x: Tensor, h0: Tensor, c0: Tensor | undefined, w: CellWeights): Tensor {
  const [T, B, I] = x.shape as [number, number, number];
  let h = h0, c = c0;
  const outputs: Tensor[] = [];
  for (let t = 0; t < T; t++) {
    const next = composedStep(cell, reshape(slice(x, 0, t, t + 1), [B, I]), h, c, w);
    h = next.h;
    c = next.c;
    outputs.push(h);
  }
  return stack(outputs, 0);
}

const CELLS: CellType[] = ['rnn_tanh', 'rnn_relu', 'lstm', 'gru'];
const FORWARD_TOLERANCE = 1e-5; // float32, same operations in another order

describe.each(CELLS)('recurrentSequence(%s)', (cell) => {
  const T = 5, B = 3, I = 4, H = 6;
  const setup = (seed: number) => {
    const rng = new Random(seed);
    const w = initCellWeights(cell, I, H, '_l0', rng);
    const x = Tensor.normal([T, B, I], 0, 1, rng, { requiresGrad: true });
    const h0 = Tensor.normal([B, H], 0, 0.5, rng, { requiresGrad: true });
    const c0 = cell === 'lstm' ? Tensor.normal([B, H], 0, 0.5, rng, { requiresGrad: true }) : undefined;
    return { w, x, h0, c0 };
  };
  // The LSTM's packed output has c_T as an extra last row.
  const hiddenOf = (packed: Tensor, steps = T) => (cell === 'lstm' ? slice(packed, 0, 0, steps) : packed);

  it('computes what the composed per-step ops compute', () => {
    const { w, x, h0, c0 } = setup(1);
    const fused = hiddenOf(recurrentSequence(cell, x, h0, c0, w, { steps: T, batch: B })).toArray();
    const composed = composedSequence(cell, x, h0, c0, w).toArray();
    for (let i = 0; i < fused.length; i++) expect(Math.abs(fused[i]! - composed[i]!)).toBeLessThanOrEqual(FORWARD_TOLERANCE);
  });

  it('passes gradcheck for inputs, initial state and all four weights', () => {
    const { w, x, h0, c0 } = setup(2);
    const inputs = [x, h0, ...(c0 ? [c0] : []), w.weightIh, w.weightHh, w.biasIh, w.biasHh];
    const result = gradcheck((...t) => {
      const [xx, hh, ...rest] = t as [Tensor, Tensor, ...Tensor[]];
      const cc = cell === 'lstm' ? rest.shift() : undefined;
      const [wi, wh, bi, bh] = rest as [Tensor, Tensor, Tensor, Tensor];
      return recurrentSequence(cell, xx, hh, cc, { weightIh: wi, weightHh: wh, biasIh: bi, biasHh: bh }, { steps: T, batch: B });
    }, inputs);
    expect(result.ok, result.worst).toBe(true);
  });

  it('with token ids equals the dense op fed one-hot vectors, gradients included', () => {
    const rng = new Random(3);
    const V = 5;
    const w = initCellWeights(cell, V, H, '_l0', rng);
    const ids = Array.from({ length: T * B }, () => rng.int(V));
    const oneHot = Tensor.fromArray(ids.flatMap((id) => Array.from({ length: V }, (_, v) => (v === id ? 1 : 0))), [T, B, V]);
    const h0 = Tensor.zeros([B, H]);
    const c0 = cell === 'lstm' ? Tensor.zeros([B, H]) : undefined;
    const sum = (t: Tensor) => t.toArray().reduce((a, b) => a + b, 0);
    const fromIds = recurrentSequence(cell, { ids, vocabularySize: V }, h0, c0, w, { steps: T, batch: B });
    fromIds.backward(new Float32Array(fromIds.size).fill(1));
    const gradIds = w.weightIh.grad!;
    w.weightIh.zeroGrad();
    const dense = recurrentSequence(cell, oneHot, h0, c0, w, { steps: T, batch: B });
    dense.backward(new Float32Array(dense.size).fill(1));
    expect(Math.abs(sum(fromIds) - sum(dense))).toBeLessThan(1e-4);
    const gradDense = w.weightIh.grad!;
    for (let i = 0; i < gradIds.length; i++) expect(Math.abs(gradIds[i]! - gradDense[i]!)).toBeLessThan(1e-5);
  });

  it('treats padding as absent: a padded sequence matches the same sequence run alone', () => {
    const { w, x } = setup(4);
    const lengths = [5, 3, 1];
    const mask = Array.from({ length: T * B }, (_, i) => (Math.floor(i / B) < lengths[i % B]! ? 1 : 0));
    const h0 = Tensor.zeros([B, H]);
    const c0 = cell === 'lstm' ? Tensor.zeros([B, H]) : undefined;
    const packed = recurrentSequence(cell, x, h0, c0, w, { steps: T, batch: B, mask });
    // Loss on each sequence's final state only (output row T − 1, thanks to the carry).
    const last = reshape(slice(hiddenOf(packed), 0, T - 1, T), [B, H]);
    last.backward(new Float32Array(B * H).fill(1));
    const gx = x.grad!;
    const xs = x.toArray();
    lengths.forEach((length, b) => {
      const alone = Tensor.fromArray(Array.from({ length: length * I }, (_, i) => xs[(Math.floor(i / I) * B + b) * I + (i % I)]!), [length, 1, I], { requiresGrad: true });
      const out = recurrentSequence(cell, alone, Tensor.zeros([1, H]), cell === 'lstm' ? Tensor.zeros([1, H]) : undefined, w, { steps: length, batch: 1 });
      const final = reshape(slice(hiddenOf(out, length), 0, length - 1, length), [1, H]);
      const expected = final.toArray(), got = last.toArray().subarray(b * H, (b + 1) * H);
      for (let j = 0; j < H; j++) expect(Math.abs(got[j]! - expected[j]!)).toBeLessThan(FORWARD_TOLERANCE);
      final.backward(new Float32Array(H).fill(1));
      const ga = alone.grad!;
      for (let t = 0; t < T; t++) {
        for (let i = 0; i < I; i++) {
          const g = gx[(t * B + b) * I + i]!;
          if (t >= length) expect(g).toBe(0); // padding gets no gradient
          else expect(Math.abs(g - ga[t * I + i]!)).toBeLessThan(1e-5);
        }
      }
    });
  });

});

describe('Recurrent', () => {
  it('stacks layers and runs both directions; gradcheck passes through the whole stack', () => {
    const T = 4, B = 2, I = 3, H = 4;
    const rnn = new Recurrent({ cell: 'gru', inputSize: I, hiddenSize: H, numLayers: 2, bidirectional: true, seed: 9 });
    const x = Tensor.normal([T, B, I], 0, 1, new Random(1), { requiresGrad: true });
    const { output, state } = rnn.forward(x);
    expect(output.shape).toEqual([T, B, 2 * H]);
    expect(state.h.shape).toEqual([4, B, H]);
    const result = gradcheck((xx) => rnn.forward(xx).output, [x, ...rnn.parameters().slice(0, 4)]);
    expect(result.ok, result.worst).toBe(true);
  });

  it('reverse direction reads the sequence backwards: its output at t = 0 is the final state', () => {
    const T = 5, B = 1, I = 2, H = 3;
    const rnn = new Recurrent({ cell: 'lstm', inputSize: I, hiddenSize: H, bidirectional: true, seed: 2 });
    const x = Tensor.normal([T, B, I], 0, 1, new Random(2));
    const { output, state } = rnn.forward(x);
    const out = output.toArray(), h = state.h.toArray();
    for (let j = 0; j < H; j++) {
      expect(out[(T - 1) * 2 * H + j]).toBe(h[j]); // forward: last step
      expect(out[H + j]).toBe(h[H + j]); // reverse: first step
    }
  });

  it('names its parameters as PyTorch does, with PyTorch shapes', () => {
    const rnn = new Recurrent({ cell: 'lstm', inputSize: 5, hiddenSize: 8, numLayers: 2, bidirectional: true });
    const names = rnn.namedParameters().map(([n, t]) => `${n}:${t.shape.join('x')}`);
    expect(names).toEqual([
      'weight_ih_l0:32x5', 'weight_hh_l0:32x8', 'bias_ih_l0:32', 'bias_hh_l0:32',
      'weight_ih_l0_reverse:32x5', 'weight_hh_l0_reverse:32x8', 'bias_ih_l0_reverse:32', 'bias_hh_l0_reverse:32',
      'weight_ih_l1:32x16', 'weight_hh_l1:32x8', 'bias_ih_l1:32', 'bias_hh_l1:32',
      'weight_ih_l1_reverse:32x16', 'weight_hh_l1_reverse:32x8', 'bias_ih_l1_reverse:32', 'bias_hh_l1_reverse:32',
    ]);
  });

  it('initialises uniformly within ±1/√H, and orthogonal W_hh blocks when asked', () => {
    const H = 16;
    const rnn = new Recurrent({ cell: 'gru', inputSize: 3, hiddenSize: H, seed: 4, orthogonal: true });
    const bound = 1 / Math.sqrt(H);
    for (const p of [rnn.weights[0]![0]!.weightIh, rnn.weights[0]![0]!.biasHh]) {
      for (const v of p.toArray()) expect(Math.abs(v)).toBeLessThanOrEqual(bound);
    }
    const w = rnn.weights[0]![0]!.weightHh.toArray();
    for (let g = 0; g < gateCount('gru'); g++) {
      for (let i = 0; i < H; i++) {
        for (let j = 0; j < H; j++) {
          let dot = 0;
          for (let c = 0; c < H; c++) dot += w[g * H * H + i * H + c]! * w[g * H * H + j * H + c]!;
          expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-5);
        }
      }
    }
  });

  it('adds the forget bias to the LSTM f block only', () => {
    const plain = new Recurrent({ cell: 'lstm', inputSize: 2, hiddenSize: 3, seed: 5 });
    const biased = new Recurrent({ cell: 'lstm', inputSize: 2, hiddenSize: 3, seed: 5, forgetBias: 1 });
    const a = plain.weights[0]![0]!.biasIh.toArray(), b = biased.weights[0]![0]!.biasIh.toArray();
    for (let j = 0; j < 12; j++) expect(b[j]! - a[j]!).toBeCloseTo(j >= 3 && j < 6 ? 1 : 0, 6);
  });

  it('rejects inputs and states of the wrong shape with both shapes in the message', () => {
    const rnn = new Recurrent({ cell: 'lstm', inputSize: 3, hiddenSize: 4 });
    expect(() => rnn.forward(Tensor.zeros([2, 1, 5]))).toThrow(/x must be \[T, B, 3\], got \[2, 1, 5\]/);
    expect(() => rnn.forward(Tensor.zeros([2, 1, 3]), { h: Tensor.zeros([1, 1, 4]) })).toThrow(/state c/);
    expect(() => rnn.forward(Tensor.zeros([2, 1, 3]), { h: Tensor.zeros([1, 2, 4]), c: Tensor.zeros([1, 2, 4]) })).toThrow(/\[1, 1, 4\], got \[1, 2, 4\]/);
    expect(() => new Recurrent({ cell: 'transformer' as CellType, inputSize: 1, hiddenSize: 1 })).toThrow(/unknown cell/);
  });

  it('concatenates directions in the feature axis as PyTorch does', () => {
    const rnn = new Recurrent({ cell: 'rnn_tanh', inputSize: 2, hiddenSize: 2, bidirectional: true, seed: 1 });
    const x = Tensor.normal([3, 1, 2], 0, 1, new Random(1));
    const { output } = rnn.forward(x);
    const forwardOnly = new Recurrent({ cell: 'rnn_tanh', inputSize: 2, hiddenSize: 2, seed: 1 });
    const { output: f } = forwardOnly.forward(x);
    // Same seed, same first four tensors: the forward half of the output is the unidirectional output.
    const both = output.toArray(), single = f.toArray();
    for (let t = 0; t < 3; t++) for (let j = 0; j < 2; j++) expect(both[t * 4 + j]).toBe(single[t * 2 + j]);
  });
});
