import type { CellKernel } from './cell-kernel.js';
import { gru } from './gru.js';
import { lstm } from './lstm.js';
import { rnnRelu, rnnTanh } from './rnn.js';

/**
 * Every recurrent cell, by the name PyTorch gives its mode; each record (see {@link CellKernel})
 * holds all that differs between cells, and its file gives the cell's equations. Every cell has
 * G gate blocks of H rows in its weights: W_ih [G·H, I], W_hh [G·H, H], b_ih [G·H], b_hh [G·H].
 * Adding a cell is adding a record here.
 */
const CELLS = {
  rnn_tanh: rnnTanh,
  rnn_relu: rnnRelu,
  lstm,
  gru,
} as const satisfies Record<string, CellKernel>;

/** A cell's name: 'rnn_tanh' | 'rnn_relu' | 'lstm' | 'gru'. */
export type CellType = keyof typeof CELLS;

export const CELL_TYPES: readonly CellType[] = Object.keys(CELLS) as CellType[];

/** The record of a cell: its shape, its state and its kernel calls. */
export function cellKernel(cell: CellType): CellKernel {
  return CELLS[cell];
}

/** Gate blocks per cell: rows of W_ih and W_hh are gateCount · H. */
export function gateCount(cell: CellType): number {
  return CELLS[cell].gates;
}

/** Whether the cell carries a cell state c beside h (only the LSTM). */
export function hasCellState(cell: CellType): boolean {
  return CELLS[cell].cellState;
}

export function checkCellType(value: unknown): CellType {
  if (typeof value === 'string' && Object.hasOwn(CELLS, value)) return value as CellType;
  throw new RangeError(`unknown cell ${JSON.stringify(value)}; expected one of ${CELL_TYPES.join(', ')}`);
}
