import type { CellKernel } from './cell-kernel.js';

/**
 * PyTorch's nn.GRU, gate blocks r, z, n, with gi = W_ih x + b_ih and gh = W_hh h_{t−1} + b_hh:
 *   r = σ(gi_r + gh_r);  z = σ(gi_z + gh_z);  n = tanh(gi_n + r ⊙ gh_n);  h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
 * r multiplies gh_n alone, so gh stays apart from gi (and b_hh out of the input side), and
 * z ⊙ h_{t−1} is a direct path for the gradient: dh_{t−1} = dgh · W_hh + dh ⊙ z.
 */
export const gru: CellKernel = {
  gates: 3,
  cellState: false,
  recurrentApart: true,
  directPath: true,
  forgetGate: undefined,
  forward(raw, s) {
    raw.gruCellForward(s.batch, s.hidden, s.gates, s.recurrent, s.hPrev, s.h);
  },
  backward(raw, s) {
    raw.gruCellBackward(s.batch, s.hidden, s.gates, s.recurrent, s.hPrev, s.dh, s.dGates, s.dRecurrent, s.dhPrev);
  },
};
