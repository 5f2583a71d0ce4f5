// lstmCell and gruCell: forward values against the PyTorch equations in float64, and gradcheck.
import fc from 'fast-check';
import { it } from 'vitest';
import { gruCell, lstmCell, Random } from '../src/index.js';
import { EXACT, expectClose } from '@recurrent/test-utils';
import { check, dim, expectGradcheck, F32_TOL, rand, seed } from './helpers.js';

const sig = (v: number): number => 1 / (1 + Math.exp(-v));

it('lstmCell gives [h; c] with c = f·cPrev + i·g, h = o·tanh c (gates in order i, f, g, o)', () => {
  check(fc.tuple(dim(3), dim(5), seed()), ([B, H, s]) => {
    const rng = new Random(s);
    const gates = rand([B, 4 * H], rng, -2, 2), cPrev = rand([B, H], rng);
    const a = gates.toArray(), cp = cPrev.toArray();
    const h: number[] = [], c: number[] = [];
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < H; j++) {
        const at = (k: number): number => a[b * 4 * H + k * H + j]!;
        const cNew = sig(at(1)) * cp[b * H + j]! + sig(at(0)) * Math.tanh(at(2));
        c.push(cNew);
        h.push(sig(at(3)) * Math.tanh(cNew));
      }
    }
    const state = lstmCell(gates, cPrev);
    expectClose(state.toArray(), [...h, ...c], F32_TOL, `lstm B ${B} H ${H}`);
    // The op must not have overwritten its input with the activations.
    expectClose(gates.toArray(), a, EXACT, 'gates untouched');
  });
});

it('gruCell gives h = (1 − z)·n + z·hPrev, n = tanh(gi_n + r·gh_n) (gates in order r, z, n)', () => {
  check(fc.tuple(dim(3), dim(5), seed()), ([B, H, s]) => {
    const rng = new Random(s);
    const gi = rand([B, 3 * H], rng, -2, 2), gh = rand([B, 3 * H], rng, -2, 2), hPrev = rand([B, H], rng);
    const x = gi.toArray(), y = gh.toArray(), hp = hPrev.toArray();
    const h: number[] = [];
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < H; j++) {
        const at = (v: Float32Array, k: number): number => v[b * 3 * H + k * H + j]!;
        const r = sig(at(x, 0) + at(y, 0)), z = sig(at(x, 1) + at(y, 1));
        const n = Math.tanh(at(x, 2) + r * at(y, 2));
        h.push((1 - z) * n + z * hp[b * H + j]!);
      }
    }
    expectClose(gruCell(gi, gh, hPrev).toArray(), h, F32_TOL, `gru B ${B} H ${H}`);
    expectClose(gi.toArray(), x, EXACT, 'gi untouched');
  });
});

it('lstmCell gradchecks through both h and c', () => {
  // B ≤ 3, H ≤ 3: the gates stay within 36 elements.
  check(fc.tuple(dim(3), dim(3), seed()), ([B, H, s]) => {
    expectGradcheck(() => {
      const rng = new Random(s);
      return [rand([B, 4 * H], rng, -2, 2), rand([B, H], rng)];
    }, lstmCell, `B ${B} H ${H}`);
  });
});

it('gruCell gradchecks with respect to gi, gh and hPrev', () => {
  check(fc.tuple(dim(3), dim(4), seed()), ([B, H, s]) => {
    expectGradcheck(() => {
      const rng = new Random(s);
      return [rand([B, 3 * H], rng, -2, 2), rand([B, 3 * H], rng, -2, 2), rand([B, H], rng)];
    }, gruCell, `B ${B} H ${H}`);
  });
});
