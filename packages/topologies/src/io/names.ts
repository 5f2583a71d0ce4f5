/**
 * Looking tensors up by name when loading a model.
 *
 * Names are PyTorch's `state_dict` names, so that files move between this package and PyTorch
 * without renaming. For `nn.RNN`, `nn.LSTM` and `nn.GRU` (G = 1, 4 and 3 gate blocks, stacked in
 * PyTorch's order: LSTM i, f, g, o; GRU r, z, n), layer k has
 *
 * - `weight_ih_l{k}` of shape [G·H, input size of layer k],
 * - `weight_hh_l{k}` of shape [G·H, H],
 * - `bias_ih_l{k}` and `bias_hh_l{k}` of shape [G·H],
 *
 * and a bidirectional layer repeats them with the suffix `_reverse` (`weight_hh_l0_reverse`).
 * Layers inside a module get its prefix (`rnn.weight_ih_l0`); an `nn.Linear` head has
 * `linear.weight` of shape [out, in] and `linear.bias` of shape [out].
 */
import { formatShape } from './common.js';
import { ModelFileError, type NamedTensor } from './types.js';

/**
 * The tensors by name. Throws on a duplicate name, which would otherwise hide a tensor.
 *
 * @example
 * const weights = tensorMap(decodeModel(bytes).tensors);
 * weights.get('linear.bias');
 */
export function tensorMap(tensors: Iterable<NamedTensor>): Map<string, NamedTensor> {
  const map = new Map<string, NamedTensor>();
  for (const t of tensors) {
    if (map.has(t.name)) throw new ModelFileError(`duplicate tensor name ${JSON.stringify(t.name)}`);
    map.set(t.name, t);
  }
  return map;
}

/**
 * The tensor called `name`, after checking that it exists and has exactly `shape` (and as many
 * values as that shape holds). The error names the tensor and gives both shapes, or lists the
 * names that are there when it is missing.
 *
 * @example
 * const w = expectTensor(weights, 'weight_ih_l0', [4 * hiddenSize, inputSize]);
 * // Error: tensor "weight_ih_l0" has shape [32, 5], expected [32, 4]
 */
export function expectTensor(map: ReadonlyMap<string, NamedTensor>, name: string, shape: readonly number[]): NamedTensor {
  const t = map.get(name);
  if (t === undefined) {
    const names = [...map.keys()];
    const listed = names.length > 20 ? `${names.slice(0, 20).join(', ')}, …` : names.join(', ');
    throw new ModelFileError(`missing tensor ${JSON.stringify(name)} (expected shape ${formatShape(shape)}); the file has ${names.length === 0 ? 'no tensors' : `${names.length}: ${listed}`}`);
  }
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new ModelFileError(`tensor ${JSON.stringify(name)} has shape ${formatShape(t.shape)}, expected ${formatShape(shape)}`);
  }
  const size = shape.reduce((a, b) => a * b, 1);
  if (t.data.length !== size) {
    throw new ModelFileError(`tensor ${JSON.stringify(name)} holds ${t.data.length} values, but its shape ${formatShape(shape)} needs ${size}`);
  }
  return t;
}
