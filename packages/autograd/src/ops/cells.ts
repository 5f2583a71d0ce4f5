// The kernel's fused recurrent steps as ops: the gate nonlinearities and the state update of
// one time step for a whole batch, forward and backward in one kernel call each.
import { kernel } from '../engine.js';
import { accumulate, op } from '../graph.js';
import { formatShape, shapeError } from '../shape.js';
import type { Tensor } from '../tensor.js';

/**
 * One LSTM step from gate pre-activations [B, 4H] (PyTorch order i, f, g, o; both biases
 * already added) and the previous cell state [B, H]. Returns the new state stacked as
 * [2, B, H]: index 0 is h, index 1 is c (take them with `slice`).
 */
export function lstmCell(gates: Tensor, cPrev: Tensor): Tensor {
  if (gates.shape.length !== 2 || cPrev.shape.length !== 2 || gates.shape[0] !== cPrev.shape[0] || gates.shape[1] !== 4 * cPrev.shape[1]!) {
    shapeError('lstmCell', 'needs gates [B, 4H] and cPrev [B, H]', gates.shape, cPrev.shape);
  }
  const [B, H] = cPrev.shape as [number, number];
  const k = kernel();
  // The kernel overwrites the pre-activations with the activations it needs later: a private copy.
  const acts = k.alloc(gates.size);
  k.raw.copy(gates.size, gates.data.ptr, acts.ptr);
  const state = op('lstmCell', [gates, cPrev], [2, B, H], (dState) => {
    const n = B * H;
    const dGates = k.alloc(gates.size), dcPrev = k.alloc(n);
    // state = [h; c], and so is its gradient: dh at dState, dc n floats further.
    const c = state.data.ptr + 4 * n;
    k.raw.lstmCellBackward(B, H, acts.ptr, cPrev.data.ptr, c, dState.ptr, dState.ptr + 4 * n, dGates.ptr, dcPrev.ptr);
    accumulate(gates, (dg) => k.raw.axpy(gates.size, 1, dGates.ptr, dg.ptr));
    accumulate(cPrev, (dc) => k.raw.axpy(n, 1, dcPrev.ptr, dc.ptr));
  });
  const n = B * H;
  k.raw.lstmCellForward(B, H, acts.ptr, cPrev.data.ptr, state.data.ptr + 4 * n, state.data.ptr);
  return state;
}

/**
 * One GRU step (PyTorch's variant) from gi = W_ih x + b_ih [B, 3H], gh = W_hh h + b_hh [B, 3H]
 * and hPrev [B, H]; returns h [B, H].
 */
export function gruCell(gi: Tensor, gh: Tensor, hPrev: Tensor): Tensor {
  const ok = gi.shape.length === 2 && gh.shape.length === 2 && hPrev.shape.length === 2
    && gi.shape[0] === hPrev.shape[0] && gh.shape[0] === hPrev.shape[0]
    && gi.shape[1] === 3 * hPrev.shape[1]! && gh.shape[1] === 3 * hPrev.shape[1]!;
  if (!ok) {
    throw new RangeError(`gruCell: needs gi [B, 3H], gh [B, 3H] and hPrev [B, H], got ${formatShape(gi.shape)}, ${formatShape(gh.shape)} and ${formatShape(hPrev.shape)}`);
  }
  const [B, H] = hPrev.shape as [number, number];
  const k = kernel();
  const acts = k.alloc(gi.size);
  k.raw.copy(gi.size, gi.data.ptr, acts.ptr);
  const h = op('gruCell', [gi, gh, hPrev], [B, H], (dh) => {
    const dgi = k.alloc(gi.size), dgh = k.alloc(gh.size), dhPrev = k.alloc(B * H);
    k.raw.gruCellBackward(B, H, acts.ptr, gh.data.ptr, hPrev.data.ptr, dh.ptr, dgi.ptr, dgh.ptr, dhPrev.ptr);
    accumulate(gi, (d) => k.raw.axpy(gi.size, 1, dgi.ptr, d.ptr));
    accumulate(gh, (d) => k.raw.axpy(gh.size, 1, dgh.ptr, d.ptr));
    accumulate(hPrev, (d) => k.raw.axpy(B * H, 1, dhPrev.ptr, d.ptr));
  });
  k.raw.gruCellForward(B, H, acts.ptr, gh.data.ptr, hPrev.data.ptr, h.data.ptr);
  return h;
}
