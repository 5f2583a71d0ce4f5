import type { CellType } from '@recurrent/topologies';
import type { ModelSummary } from '../worker/lm-api.js';

/** The cells a character model can use, as the pages offer them. */
export const CELLS: readonly (readonly [CellType, string])[] = [['lstm', 'LSTM'], ['gru', 'GRU'], ['rnn_tanh', 'RNN (tanh)'], ['rnn_relu', 'RNN (ReLU)']];

/** One line about a model: what it is and how long it has learnt. */
export function describeModel(m: ModelSummary): string {
  return `${m.cell.toUpperCase()} ${m.numLayers}×${m.hiddenSize}, ${m.vocabularySize} symbols, ${m.parameters.toLocaleString('en')} parameters, ${m.steps} steps trained (${m.origin})`;
}
