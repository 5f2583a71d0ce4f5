import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from '../src/io/safetensors.js';
import { expectTensor, tensorMap } from '../src/io/names.js';
import { ModelFileError, type NamedTensor } from '../src/io/types.js';
import { thrown } from './io-helpers.js';

const t = (name: string, shape: number[]): NamedTensor => ({ name, shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });

describe('tensorMap and expectTensor', () => {
  const lstm = [t('weight_ih_l0', [32, 5]), t('weight_hh_l0', [32, 8]), t('bias_ih_l0', [32]), t('bias_hh_l0', [32]), t('linear.weight', [3, 8])];

  it('finds tensors by their PyTorch names and checks their shapes', () => {
    const map = tensorMap(decodeSafetensors(encodeSafetensors(lstm)).tensors);
    expect([...map.keys()]).toEqual(['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0', 'linear.weight']);
    const w = expectTensor(map, 'weight_ih_l0', [32, 5]);
    expect(w).toBe(map.get('weight_ih_l0'));
    expect(expectTensor(map, 'bias_hh_l0', [32]).data).toHaveLength(32);
  });

  it('refuses duplicate names', () => {
    const error = thrown(() => tensorMap([t('a', [1]), t('b', [1]), t('a', [2])]));
    expect(error).toBeInstanceOf(ModelFileError);
    expect(error.message).toBe('duplicate tensor name "a"');
  });

  it('says which tensor is missing and what the file has', () => {
    const map = tensorMap(lstm);
    expect(thrown(() => expectTensor(map, 'weight_ih_l0_reverse', [32, 5])).message).toBe(
      'missing tensor "weight_ih_l0_reverse" (expected shape [32, 5]); the file has 5: weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, linear.weight',
    );
    expect(thrown(() => expectTensor(new Map(), 'x', [])).message).toBe('missing tensor "x" (expected shape []); the file has no tensors');
    const many = tensorMap(Array.from({ length: 25 }, (_, i) => t(`t${i}`, [1])));
    expect(thrown(() => expectTensor(many, 'x', [1])).message).toMatch(/the file has 25: t0, t1, .*, t19, …$/);
  });

  it('gives both shapes when they differ', () => {
    const map = tensorMap(lstm);
    expect(thrown(() => expectTensor(map, 'weight_ih_l0', [32, 4])).message).toBe('tensor "weight_ih_l0" has shape [32, 5], expected [32, 4]');
    expect(thrown(() => expectTensor(map, 'bias_ih_l0', [32, 1])).message).toBe('tensor "bias_ih_l0" has shape [32], expected [32, 1]');
    expect(thrown(() => expectTensor(map, 'linear.weight', [8, 3])).message).toBe('tensor "linear.weight" has shape [3, 8], expected [8, 3]');
  });

  it('refuses a tensor whose data does not fill its shape', () => {
    const map = tensorMap([{ name: 'w', shape: [2, 2], data: new Float32Array(3) }]);
    expect(thrown(() => expectTensor(map, 'w', [2, 2])).message).toBe('tensor "w" holds 3 values, but its shape [2, 2] needs 4');
  });
});
