/** Fused LSTM and GRU steps, forward and backward, against the reference twin. */
import { describe, it } from 'vitest';
import { Rng, SIZES, WASM_BACKENDS, expectTwin, useTwin, type Tol } from './helpers.js';

/** Cell values are ≤ ~3 in size, built from ~1-ulp activations and a few products: a few ulps of 3. */
const CELL_TOL: Tol = { abs: 1e-6, rel: 1e-6 };

/** batch takes every size, hidden every size (many not multiples of 4). */
const SHAPES = SIZES.map((batch, i) => [batch, SIZES[(i + 3) % SIZES.length]!] as const);

/** Activations as the forward leaves them: σ-gates in (0, 1), tanh-gates in (−1, 1); `tanhBlocks` lists the latter. */
function activations(rng: Rng, batch: number, hidden: number, blocks: number, tanhBlocks: number[]): Float32Array {
  const out = new Float32Array(batch * blocks * hidden);
  for (let i = 0; i < out.length; i++) {
    const block = Math.floor(i / hidden) % blocks;
    out[i] = tanhBlocks.includes(block) ? rng.uniform(-1, 1) : rng.uniform(0, 1);
  }
  return out;
}

describe.each(WASM_BACKENDS)('recurrent cells vs reference twin (%s)', (backend) => {
  const t = useTwin(backend);

  it.each(SHAPES)('lstmCellForward batch %i hidden %i (gates overwritten with activations)', (B, H) => {
    const rng = new Rng(B * 1000 + H);
    expectTwin(t, 'lstmCellForward', {
      gates: rng.floats(B * 4 * H, -4, 4), cPrev: rng.floats(B * H, -2, 2), c: rng.floats(B * H), h: rng.floats(B * H),
    }, (b, k) => k.lstmCellForward(B, H, b.gates, b.cPrev, b.c, b.h), CELL_TOL);
  });

  it.each(SHAPES)('lstmCellBackward batch %i hidden %i, separate and in-place dcPrev', (B, H) => {
    const rng = new Rng(B * 1000 + H + 1);
    const inputs = {
      gates: activations(rng, B, H, 4, [2]), cPrev: rng.floats(B * H, -2, 2), c: rng.floats(B * H, -2, 2),
      dh: rng.floats(B * H), dc: rng.floats(B * H),
      // Junk that must be overwritten, not accumulated into.
      dGates: rng.floats(B * 4 * H, 5, 9), dcPrev: rng.floats(B * H, 5, 9),
    };
    expectTwin(t, 'lstmCellBackward', inputs,
      (b, k) => k.lstmCellBackward(B, H, b.gates, b.cPrev, b.c, b.dh, b.dc, b.dGates, b.dcPrev), CELL_TOL);
    expectTwin(t, 'lstmCellBackward dcPrev = dc', inputs,
      (b, k) => k.lstmCellBackward(B, H, b.gates, b.cPrev, b.c, b.dh, b.dc, b.dGates, b.dc), CELL_TOL);
  });

  it.each(SHAPES)('gruCellForward batch %i hidden %i (gi overwritten, gh kept)', (B, H) => {
    const rng = new Rng(B * 1000 + H + 2);
    expectTwin(t, 'gruCellForward', {
      gi: rng.floats(B * 3 * H, -3, 3), gh: rng.floats(B * 3 * H, -3, 3), hPrev: rng.floats(B * H), h: rng.floats(B * H),
    }, (b, k) => k.gruCellForward(B, H, b.gi, b.gh, b.hPrev, b.h), CELL_TOL);
  });

  it.each(SHAPES)('gruCellBackward batch %i hidden %i', (B, H) => {
    const rng = new Rng(B * 1000 + H + 3);
    expectTwin(t, 'gruCellBackward', {
      gi: activations(rng, B, H, 3, [2]), gh: rng.floats(B * 3 * H, -3, 3), hPrev: rng.floats(B * H), dh: rng.floats(B * H),
      dgi: rng.floats(B * 3 * H, 5, 9), dgh: rng.floats(B * 3 * H, 5, 9), dhPrev: rng.floats(B * H, 5, 9),
    }, (b, k) => k.gruCellBackward(B, H, b.gi, b.gh, b.hPrev, b.dh, b.dgi, b.dgh, b.dhPrev), CELL_TOL);
  });
});
