import type { RawKernel } from '@recurrent/kernel';

/**
 * The buffers of one time step of a cell over a batch, as byte offsets into the kernel's memory.
 * A caller fills one of these in and reuses it for every step, so a step allocates nothing;
 * the fields a cell does not read are left as they are. Shapes: [B, G·H] for the gate blocks,
 * [B, H] for states and their gradients.
 */
export interface CellStep {
  batch: number;
  hidden: number;
  /**
   * Forward in: the gate pre-activations — W_ih x + b_ih + W_hh h_{t−1} + b_hh, or only the
   * input side W_ih x + b_ih when the cell keeps its recurrent product apart. The forward
   * overwrites them with what the backward reads (the activations), so the backward takes
   * this same buffer.
   */
  gates: number;
  /** W_hh h_{t−1} + b_hh [B, G·H], for a cell whose recurrent product is apart; not written. */
  recurrent: number;
  /** h_{t−1}. */
  hPrev: number;
  /** h_t, written by the forward. */
  h: number;
  /** c_{t−1}, for a cell with a cell state. */
  cPrev: number;
  /** c_t, written by the forward; may be the very buffer cPrev (the state updated in place). */
  c: number;
  /** Backward in: the whole gradient reaching h_t (from the loss at t and from every later step). */
  dh: number;
  /**
   * Backward, for a cell with a cell state: in, the gradient reaching c_t from step t + 1; out,
   * the gradient reaching c_{t−1} (updated in place).
   */
  dc: number;
  /** Backward out: the gradient of the gates' pre-activations. Must hold zeros on entry. */
  dGates: number;
  /** Backward out, for a cell whose recurrent product is apart: its gradient. */
  dRecurrent: number;
  /** Backward out, for a cell with a direct path from h_{t−1} to h_t: that path's part of dh_{t−1}. */
  dhPrev: number;
}

/** A step whose every buffer is still to be set (offset 0). */
export function emptyCellStep(batch: number, hidden: number): CellStep {
  return { batch, hidden, gates: 0, recurrent: 0, hPrev: 0, h: 0, cPrev: 0, c: 0, dh: 0, dc: 0, dGates: 0, dRecurrent: 0, dhPrev: 0 };
}

/**
 * Everything that differs between recurrent cells, in one record: the shape of the weights,
 * which state is carried, how h_{t−1}'s product reaches the gates, and the kernel calls of one
 * step forward and backward. The sequence op (BPTT over a whole sequence) and the stepper
 * (inference one token at a time) are written once over this record, so a new cell is a new
 * record and nothing else.
 *
 * Around every cell the caller computes, per step, the products W_ih x and W_hh h_{t−1} (rows
 * G·H of PyTorch's layout) and, in the backward, dh_{t−1} = dRecurrent · W_hh (+ dhPrev).
 */
export interface CellKernel {
  /** Gate blocks G: W_ih is [G·H, I], W_hh [G·H, H], each bias [G·H]. */
  readonly gates: number;
  /** Whether a cell state c is carried beside h (the LSTM's). */
  readonly cellState: boolean;
  /**
   * Whether W_hh h_{t−1} + b_hh enters the cell apart from the input side instead of added into
   * the gates (the GRU's, whose r gate multiplies part of it). Then the caller keeps it per step
   * in `recurrent` and the backward gives its gradient in `dRecurrent`; otherwise the gradient of
   * the recurrent product is `dGates` itself.
   */
  readonly recurrentApart: boolean;
  /** Whether h_t depends on h_{t−1} other than through W_hh (the GRU's z ⊙ h); the backward then writes `dhPrev`. */
  readonly directPath: boolean;
  /** The gate block whose b_ih the `forgetBias` initialisation option raises, if the cell has a forget gate. */
  readonly forgetGate: number | undefined;
  /** One step: the nonlinearities and the state update, from the pre-activations in `gates`. */
  forward(raw: RawKernel, step: CellStep): void;
  /**
   * The gradient of one step, from what the forward of that step left in its buffers. It
   * writes the step's rows of `dGates` (and `dRecurrent`) whole: the sequence op does not zero them.
   */
  backward(raw: RawKernel, step: CellStep): void;
}
