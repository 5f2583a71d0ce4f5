import type { CellKernel } from './cell-kernel.js';

/**
 * PyTorch's nn.LSTM, gate blocks i, f, g, o of the summed pre-activation a:
 *   (i, f, g, o) = (σ, σ, tanh, σ)(a);  c_t = f ⊙ c_{t−1} + i ⊙ g;  h_t = o ⊙ tanh c_t
 * One fused kernel call each way; the backward turns dc (from step t + 1) into dc_{t−1} in place.
 */
export const lstm: CellKernel = {
  gates: 4,
  cellState: true,
  recurrentApart: false,
  directPath: false,
  forgetGate: 1,
  forward(raw, s) {
    raw.lstmCellForward(s.batch, s.hidden, s.gates, s.cPrev, s.c, s.h);
  },
  backward(raw, s) {
    raw.lstmCellBackward(s.batch, s.hidden, s.gates, s.cPrev, s.c, s.dh, s.dc, s.dGates, s.dc);
  },
};
