import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tensor } from '@recurrent/autograd';
import { torchFixtureDir } from '@recurrent/test-utils';
import { describe, expect, it } from 'vitest';
import { parseFixture, type Fixture } from '../src/conformance/fixture.js';
import { loadRecurrentStateDict } from '../src/io/recurrent-state-dict.js';
import { decodeSafetensors, encodeSafetensors } from '../src/io/safetensors.js';
import type { NamedTensor } from '../src/io/types.js';
import { Recurrent } from '../src/layers/recurrent.js';
import { checkCellType } from '../src/cells/cell.js';

const fixture = (name: string): Fixture => parseFixture(readFileSync(join(torchFixtureDir(), name), 'utf8'), name);
const tensorOf = (t: { shape: number[]; data: number[] }) => Tensor.fromArray(t.data, t.shape);

/**
 * The fixture's nn.LSTM / nn.GRU as a user's model saves it (`save_file(model.state_dict())`):
 * the module under `encoder.rnn.`, with the fixture's head as `fc.` beside it, through safetensors bytes.
 */
function userStateDict(f: Fixture): NamedTensor[] {
  const tensors = Object.entries(f.parameters).map(([name, t]) => ({
    name: name.startsWith('linear.') ? name.replace('linear.', 'fc.') : `encoder.rnn.${name}`,
    shape: t.shape, data: Float32Array.from(t.data),
  }));
  return decodeSafetensors(encodeSafetensors(tensors)).tensors;
}

function recurrentFor(f: Fixture, bidirectional = f.meta.bidirectional === true): Recurrent {
  const { cell, input_size: inputSize, hidden_size: hiddenSize, num_layers: numLayers } = f.meta;
  return new Recurrent({ cell: checkCellType(cell), inputSize, hiddenSize, numLayers, bidirectional, seed: 7 });
}

/** max |ours − PyTorch's| / (abs + rel·|PyTorch's|) over the positions `keep` selects: ≤ 1 is within the fixture's tolerance. */
function usage(actual: ArrayLike<number>, expected: number[], keep: (i: number) => boolean = () => true): number {
  const { abs, rel } = { abs: 1e-5, rel: 1e-4 };
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  expected.forEach((e, i) => keep(i) && (worst = Math.max(worst, Math.abs(actual[i]! - e) / (abs + rel * Math.abs(e)))));
  return worst;
}

describe('loadRecurrentStateDict: a bidirectional nn.LSTM / nn.GRU state dict into Recurrent', () => {
  for (const name of ['09_lstm_bidirectional_L2_I5_H8_B3_T6.json', '10_gru_bidirectional_L1_I4_H6_B2_T5.json', '14_gru_packed_bidirectional_L1_I4_H6_B3_T5.json']) {
    it(`${name}: gives PyTorch's outputs and final states`, () => {
      const f = fixture(name);
      const rnn = recurrentFor(f);
      const mapping = loadRecurrentStateDict(rnn, userStateDict(f));
      expect(mapping).toContainEqual({ from: 'encoder.rnn.weight_hh_l0_reverse', to: 'weight_hh_l0_reverse' });
      expect(mapping).toHaveLength(4 * 2 * f.meta.num_layers);
      const { batch: B } = f.meta;
      const lengths = f.meta.lengths;
      const mask = lengths ? Array.from({ length: f.meta.seq_len * B }, (_, i) => (Math.floor(i / B) < lengths[i % B]! ? 1 : 0)) : undefined;
      const state = { h: tensorOf(f.inputs.h0), ...(f.inputs.c0 ? { c: tensorOf(f.inputs.c0) } : {}) };
      const { output, state: final } = rnn.forward(tensorOf(f.inputs.x), state, mask ? { mask } : {});
      // At padding PyTorch writes zeros and Recurrent carries the state (see the fixtures' README).
      const width = 2 * f.meta.hidden_size;
      expect(usage(output.toArray(), f.outputs.output.data, (i) => !mask || mask[Math.floor(i / width)] === 1)).toBeLessThanOrEqual(1);
      expect(usage(final.h.toArray(), f.outputs.h_n.data)).toBeLessThanOrEqual(1);
      if (f.outputs.c_n) expect(usage(final.c!.toArray(), f.outputs.c_n.data)).toBeLessThanOrEqual(1);
    });
  }

  it('changes nothing unless everything fits: another direction count, layer count or shape is refused', () => {
    const f = fixture('09_lstm_bidirectional_L2_I5_H8_B3_T6.json');
    const tensors = userStateDict(f);
    const unidirectional = recurrentFor(f, false);
    const before = unidirectional.parameters().map((p) => p.toArray());
    expect(() => loadRecurrentStateDict(unidirectional, tensors)).toThrow(/unidirectional lstm has no place for: encoder\.rnn\.weight_ih_l0_reverse/);
    const oneLayer = new Recurrent({ cell: 'lstm', inputSize: 5, hiddenSize: 8, bidirectional: true });
    expect(() => loadRecurrentStateDict(oneLayer, tensors)).toThrow(/1-layer bidirectional lstm has no place for: encoder\.rnn\.weight_ih_l1,/);
    const wider = new Recurrent({ cell: 'lstm', inputSize: 6, hiddenSize: 8, numLayers: 2, bidirectional: true });
    expect(() => loadRecurrentStateDict(wider, tensors)).toThrow(/"encoder\.rnn\.weight_ih_l0" has shape \[32, 5\], expected \[32, 6\]/);
    const missing = tensors.filter((t) => t.name !== 'encoder.rnn.bias_hh_l1_reverse');
    const target = recurrentFor(f);
    const untouched = target.parameters().map((p) => p.toArray());
    expect(() => loadRecurrentStateDict(target, missing)).toThrow(/missing tensor "encoder\.rnn\.bias_hh_l1_reverse"/);
    expect(target.parameters().map((p) => p.toArray())).toEqual(untouched);
    expect(unidirectional.parameters().map((p) => p.toArray())).toEqual(before);
  });

  it('asks which module when the file holds two, and takes the one named', () => {
    const f = fixture('10_gru_bidirectional_L1_I4_H6_B2_T5.json');
    const tensors = userStateDict(f);
    const twice = [...tensors, ...tensors.filter((t) => t.name.startsWith('encoder.rnn.')).map((t) => ({ ...t, name: t.name.replace('encoder.', 'decoder.'), data: new Float32Array(t.data.length) }))];
    const rnn = recurrentFor(f);
    expect(() => loadRecurrentStateDict(rnn, twice)).toThrow(/2 recurrent modules \("encoder\.rnn\.", "decoder\.rnn\."\); say which with options\.prefix/);
    expect(() => loadRecurrentStateDict(rnn, twice, { prefix: 'rnn.' })).toThrow(/no recurrent module under the prefix "rnn\."/);
    loadRecurrentStateDict(rnn, twice, { prefix: 'encoder.rnn.' });
    expect(Array.from(rnn.namedParameters().find(([n]) => n === 'weight_hh_l0_reverse')![1].toArray())).toEqual(f.parameters['weight_hh_l0_reverse']!.data.map(Math.fround));
  });
});
