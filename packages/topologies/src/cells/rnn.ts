import type { CellKernel } from './cell-kernel.js';

// The vanilla RNN, one gate block, its activation applied to the summed pre-activation:
//   h_t = φ(W_ih x + b_ih + W_hh h_{t−1} + b_hh)
// The kernel's elementwise activations are its whole step: the backward reads φ's output h_t,
// and accumulates into dGates, so it zeroes the step's rows first: dGates = dh ⊙ φ'.

/** The record of a vanilla RNN whose activation is the kernel's `forward` / `backward` pair. */
function vanillaRnn(forward: 'tanhForward' | 'reluForward', backward: 'tanhBackward' | 'reluBackward'): CellKernel {
  return {
    gates: 1,
    cellState: false,
    recurrentApart: false,
    directPath: false,
    forgetGate: undefined,
    forward(raw, s) {
      raw[forward](s.batch * s.hidden, s.gates, s.h);
    },
    backward(raw, s) {
      raw.fill(s.batch * s.hidden, 0, s.dGates);
      raw[backward](s.batch * s.hidden, s.h, s.dh, s.dGates);
    },
  };
}

/** PyTorch's nn.RNN with nonlinearity 'tanh': h_t = tanh(a), dGates = dh ⊙ (1 − h_t²). */
export const rnnTanh: CellKernel = vanillaRnn('tanhForward', 'tanhBackward');

/** PyTorch's nn.RNN with nonlinearity 'relu': h_t = max(a, 0), dGates = dh where h_t > 0. */
export const rnnRelu: CellKernel = vanillaRnn('reluForward', 'reluBackward');
