/**
 * Reading a PyTorch state dict as a character model: nn.Embedding (optional) → nn.RNN / nn.LSTM /
 * nn.GRU → nn.Linear, whatever the user called the modules. A model saved with
 * `save_file(model.state_dict())` names its tensors after its attributes (`rnn.weight_ih_l0`,
 * `encoder.lstm.weight_hh_l1_reverse`, `fc.bias`, `embed.weight`); this finds the recurrent
 * module by PyTorch's parameter names, the head and the embedding by their shapes, and says how
 * it mapped every tensor. Anything it cannot place, or could place two ways, is an error: a
 * guess would load the wrong weights silently.
 */
import { type CellType } from '../cells/cell.js';
import { formatShape } from './common.js';
import { ModelFileError, type NamedTensor } from './types.js';

/** What a state dict holds, read off its names and shapes. */
export interface CharModelLayout {
  /** From the gate blocks: 4 → 'lstm', 3 → 'gru', 1 → 'rnn_tanh' (or 'rnn_relu' when told: the state dict cannot say). */
  cell: CellType;
  hiddenSize: number;
  numLayers: number;
  bidirectional: boolean;
  /** Width of the nn.Embedding, 0 when the first layer reads one-hot symbols. */
  embeddingSize: number;
  /** Symbols the head predicts (and the embedding or the one-hot input covers). */
  vocabularySize: number;
  /** Each tensor of the file → its name in this package (`embedding.weight`, `weight_ih_l0`, `linear.weight`, …). */
  mapping: { from: string; to: string }[];
}

const RECURRENT_NAME = /^(.*?)(weight_ih|weight_hh|bias_ih|bias_hh)_l(\d+)(_reverse)?$/;
const GATES_TO_CELL: Readonly<Record<number, CellType>> = { 4: 'lstm', 3: 'gru', 1: 'rnn_tanh' };

/**
 * The layout of a character model's state dict. `nonlinearity` says which vanilla RNN a
 * one-gate network is (PyTorch's `nonlinearity`, default 'tanh').
 *
 * @example
 * const { tensors } = decodeSafetensors(bytes);
 * const layout = charModelLayout(tensors);
 * // layout.mapping: [{ from: 'rnn.weight_ih_l0', to: 'weight_ih_l0' }, …, { from: 'fc.weight', to: 'linear.weight' }]
 */
export function charModelLayout(tensors: readonly NamedTensor[], options: { nonlinearity?: 'tanh' | 'relu' } = {}): CharModelLayout {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const recurrent = recurrentTensors(tensors);
  const prefixes = recurrentPrefixes(recurrent, tensors);
  if (prefixes.length > 1) throw new ModelFileError(`the file holds ${prefixes.length} recurrent modules (${prefixes.map(quotePrefix).join(', ')}); a character model has one`);
  const prefix = prefixes[0]!;

  const numLayers = Math.max(...recurrent.map((r) => r.layer)) + 1;
  const bidirectional = recurrent.some((r) => r.reverse);
  const hh = byName.get(`${prefix}weight_hh_l0`);
  if (!hh || hh.shape.length !== 2) throw new ModelFileError(`missing tensor ${JSON.stringify(`${prefix}weight_hh_l0`)} [G·H, H]`);
  const [rows, hiddenSize] = hh.shape as [number, number];
  const gates = rows / hiddenSize;
  const gated = GATES_TO_CELL[gates];
  if (!gated) throw new ModelFileError(`${JSON.stringify(hh.name)} has shape ${formatShape(hh.shape)}: ${gates} gate blocks of ${hiddenSize}, not the 1, 3 or 4 of nn.RNN, nn.GRU and nn.LSTM`);
  const cell: CellType = gated === 'rnn_tanh' && options.nonlinearity === 'relu' ? 'rnn_relu' : gated;
  const mapping: { from: string; to: string }[] = [];
  for (let layer = 0; layer < numLayers; layer++) {
    for (const suffix of bidirectional ? ['', '_reverse'] : ['']) {
      for (const kind of ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh']) {
        const to = `${kind}_l${layer}${suffix}`;
        if (!byName.has(prefix + to)) {
          throw new ModelFileError(`missing tensor ${JSON.stringify(prefix + to)}: a ${numLayers}-layer ${bidirectional ? 'bidirectional ' : ''}network needs it${kind.startsWith('bias') ? ' (layers built with bias=False are not supported)' : ''}`);
        }
        mapping.push({ from: prefix + to, to });
      }
    }
  }
  const inputSize = byName.get(`${prefix}weight_ih_l0`)!.shape[1]!;
  const features = hiddenSize * (bidirectional ? 2 : 1);

  // The other tensors, by module: `a.b.weight` belongs to module `a.b`.
  const mapped = new Set(mapping.map((m) => m.from));
  const modules = new Map<string, Map<string, NamedTensor>>();
  for (const t of tensors) {
    if (mapped.has(t.name)) continue;
    const dot = t.name.lastIndexOf('.');
    const module = dot < 0 ? '' : t.name.slice(0, dot);
    if (!modules.has(module)) modules.set(module, new Map());
    modules.get(module)!.set(t.name.slice(dot + 1), t);
  }
  const heads = [...modules].filter(([, p]) => p.size === 2 && isMatrix(p.get('weight'), undefined, features) && p.get('bias')?.shape.length === 1 && p.get('bias')!.shape[0] === p.get('weight')!.shape[0]);
  if (heads.length === 0) throw new ModelFileError(`no output layer: no nn.Linear with a weight [V, ${features}] and a bias [V] reading the recurrent features (the other tensors: ${listNames([...modules.values()].flatMap((p) => [...p.values()]))})`);
  if (heads.length > 1) throw new ModelFileError(`two candidates for the output layer (${heads.map(([m]) => JSON.stringify(m)).join(', ')}); which one predicts the characters is ambiguous`);
  const [headModule, head] = heads[0]!;
  const vocabularySize = head.get('weight')!.shape[0]!;
  mapping.push({ from: head.get('weight')!.name, to: 'linear.weight' }, { from: head.get('bias')!.name, to: 'linear.bias' });
  modules.delete(headModule);

  let embeddingSize = 0;
  const embeddings = [...modules].filter(([, p]) => p.size === 1 && isMatrix(p.get('weight'), vocabularySize, inputSize));
  if (embeddings.length > 1) throw new ModelFileError(`two candidates for the embedding (${embeddings.map(([m]) => JSON.stringify(m)).join(', ')}); which one the first layer reads is ambiguous`);
  if (embeddings.length === 1) {
    const [module, parameters] = embeddings[0]!;
    embeddingSize = inputSize;
    mapping.unshift({ from: parameters.get('weight')!.name, to: 'embedding.weight' });
    modules.delete(module);
  } else if (inputSize !== vocabularySize) {
    throw new ModelFileError(`the first layer reads ${inputSize} features but the output layer predicts ${vocabularySize} symbols, and no nn.Embedding [${vocabularySize}, ${inputSize}] maps one to the other`);
  }
  const left = [...modules.values()].flatMap((p) => [...p.values()]);
  if (left.length > 0) throw new ModelFileError(`tensors that are not part of a character model (embedding → ${cell} → linear): ${listNames(left)}`);
  return { cell, hiddenSize, numLayers, bidirectional, embeddingSize, vocabularySize, mapping };
}

/** A tensor named like a parameter of nn.RNN / nn.LSTM / nn.GRU, with its name's parts. */
export interface RecurrentTensor {
  tensor: NamedTensor;
  /** What comes before PyTorch's name: the module's path with its dot (`encoder.lstm.`), or ''. */
  prefix: string;
  kind: string;
  layer: number;
  reverse: boolean;
}

/** The tensors named like PyTorch's recurrent parameters (`…weight_ih_l0`, `…bias_hh_l1_reverse`). */
export function recurrentTensors(tensors: readonly NamedTensor[]): RecurrentTensor[] {
  return tensors.flatMap((t) => {
    const m = RECURRENT_NAME.exec(t.name);
    return m ? [{ tensor: t, prefix: m[1]!, kind: m[2]!, layer: Number(m[3]), reverse: m[4] !== undefined }] : [];
  });
}

/** The distinct module prefixes of the recurrent tensors; none is an error listing what the file has. */
export function recurrentPrefixes(recurrent: readonly RecurrentTensor[], tensors: readonly NamedTensor[]): string[] {
  if (recurrent.length === 0) throw new ModelFileError(`no recurrent layer in the file: no tensor is named like PyTorch's weight_ih_l0 (the file has ${listNames(tensors)})`);
  return [...new Set(recurrent.map((r) => r.prefix))];
}

export const quotePrefix = (prefix: string): string => JSON.stringify(prefix || '(no prefix)');

/** The tensors under this package's names, by a layout's mapping (tensors it does not name are dropped). */
export function renameTensors(tensors: readonly NamedTensor[], mapping: readonly { from: string; to: string }[]): NamedTensor[] {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  return mapping.map(({ from, to }) => ({ ...byName.get(from)!, name: to }));
}

function isMatrix(t: NamedTensor | undefined, rows: number | undefined, columns: number): boolean {
  return t !== undefined && t.shape.length === 2 && t.shape[1] === columns && (rows === undefined || t.shape[0] === rows);
}

function listNames(tensors: readonly NamedTensor[]): string {
  if (tensors.length === 0) return 'no tensors';
  const shown = tensors.slice(0, 12).map((t) => `${t.name} ${formatShape(t.shape)}`);
  return `${shown.join(', ')}${tensors.length > 12 ? `, … (${tensors.length} in all)` : ''}`;
}
