/**
 * Loading the state dict of a bare nn.RNN / nn.LSTM / nn.GRU into a `Recurrent` — bidirectional
 * ones too, which a character model cannot be (see loadCharLMSafetensors) but an encoder, a
 * tagger or a classifier can.
 */
import type { Recurrent } from '../layers/recurrent.js';
import { expectTensor, tensorMap } from './names.js';
import { quotePrefix, recurrentPrefixes, recurrentTensors } from './state-dict.js';
import { ModelFileError, type NamedTensor } from './types.js';

/**
 * Loads PyTorch's parameters of one recurrent module (`weight_ih_l0`, …, `bias_hh_l1_reverse`,
 * under any module prefix: `encoder.lstm.weight_ih_l0`) into `recurrent`, which must have the
 * same cell, sizes, layers and directions: a missing tensor, a shape that differs or a
 * recurrent tensor `recurrent` has no place for (another layer, a `_reverse` direction) is a
 * ModelFileError saying so, and nothing is changed unless everything fits. Tensors that are not
 * recurrent parameters (a head, an embedding) are left alone. With several recurrent modules in
 * the file, `options.prefix` says which (e.g. `'encoder.'`). Returns the mapping used.
 *
 * @example
 * const { tensors } = decodeSafetensors(readFileSync('bilstm.safetensors'));
 * const rnn = new Recurrent({ cell: 'lstm', inputSize: 5, hiddenSize: 8, numLayers: 2, bidirectional: true });
 * loadRecurrentStateDict(rnn, tensors); // [{ from: 'lstm.weight_ih_l0', to: 'weight_ih_l0' }, …]
 */
export function loadRecurrentStateDict(recurrent: Recurrent, tensors: readonly NamedTensor[], options: { prefix?: string } = {}): { from: string; to: string }[] {
  const all = recurrentTensors(tensors);
  const prefixes = recurrentPrefixes(all, tensors);
  const prefix = options.prefix ?? (prefixes.length === 1 ? prefixes[0]! : undefined);
  if (prefix === undefined) throw new ModelFileError(`the file holds ${prefixes.length} recurrent modules (${prefixes.map(quotePrefix).join(', ')}); say which with options.prefix`);
  if (!prefixes.includes(prefix)) throw new ModelFileError(`no recurrent module under the prefix ${quotePrefix(prefix)} (the file has ${prefixes.map(quotePrefix).join(', ')})`);

  const parameters = recurrent.namedParameters();
  const wanted = new Set(parameters.map(([name]) => prefix + name));
  // A tensor of the module with no place here means the file's network is larger or
  // bidirectional where this one is not: loading the rest would give another network.
  const extra = all.filter((r) => r.prefix === prefix && !wanted.has(r.tensor.name));
  if (extra.length > 0) throw new ModelFileError(`the file's recurrent module has tensors this ${recurrent.numLayers}-layer ${recurrent.directions === 2 ? 'bidirectional' : 'unidirectional'} ${recurrent.cell} has no place for: ${extra.map((r) => r.tensor.name).join(', ')}`);

  const map = tensorMap(tensors);
  // Check every tensor first, so a bad file leaves the layer as it was.
  const found = parameters.map(([name, t]) => [t, expectTensor(map, prefix + name, t.shape)] as const);
  for (const [t, stored] of found) t.set(stored.data);
  return parameters.map(([name]) => ({ from: prefix + name, to: name }));
}
