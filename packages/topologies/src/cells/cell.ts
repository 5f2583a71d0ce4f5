/**
 * The recurrent cells, named as PyTorch names its modes. Every cell has G gate blocks of H rows
 * in its weights: W_ih [G·H, I], W_hh [G·H, H], b_ih [G·H], b_hh [G·H].
 *
 *   rnn_tanh:  h' = tanh(W_ih x + b_ih + W_hh h + b_hh)                      G = 1
 *   rnn_relu:  h' = relu(W_ih x + b_ih + W_hh h + b_hh)                      G = 1
 *   lstm:      (i, f, g, o) = (σ, σ, tanh, σ)(W_ih x + b_ih + W_hh h + b_hh)  G = 4
 *              c' = f ⊙ c + i ⊙ g;  h' = o ⊙ tanh c'
 *   gru:       r, z = σ(W_ih x + b_ih + W_hh h + b_hh) (their blocks)         G = 3
 *              n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn));  h' = (1 − z) ⊙ n + z ⊙ h
 */
export type CellType = 'rnn_tanh' | 'rnn_relu' | 'lstm' | 'gru';

export const CELL_TYPES: readonly CellType[] = ['rnn_tanh', 'rnn_relu', 'lstm', 'gru'];

/** Gate blocks per cell: rows of W_ih and W_hh are gateCount · H. */
export function gateCount(cell: CellType): number {
  switch (cell) {
    case 'rnn_tanh':
    case 'rnn_relu':
      return 1;
    case 'lstm':
      return 4;
    case 'gru':
      return 3;
  }
}

/** Whether the cell carries a cell state c beside h (only the LSTM). */
export function hasCellState(cell: CellType): boolean {
  return cell === 'lstm';
}

export function checkCellType(value: unknown): CellType {
  if (typeof value === 'string' && (CELL_TYPES as readonly string[]).includes(value)) return value as CellType;
  throw new RangeError(`unknown cell ${JSON.stringify(value)}; expected one of ${CELL_TYPES.join(', ')}`);
}
