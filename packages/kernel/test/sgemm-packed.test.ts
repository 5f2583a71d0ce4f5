/** packB and sgemmPacked: the packed layout against the reference twin, and sgemm's own results. */
import { describe, expect, it } from 'vitest';
import { packedSize } from '../src/index.js';
import { ALL_BACKENDS, EXACT, Rng, WASM_BACKENDS, expectTwin, sumTol, useKernel, useTwin } from './helpers.js';

/** (M, N, K): vector shapes, ragged panels, K across the 512-row block, M across the 256-row block. */
const SHAPES = [[1, 9, 5], [7, 1, 13], [4, 8, 8], [13, 17, 31], [32, 512, 128], [32, 128, 512], [5, 33, 513], [3, 20, 1100], [260, 12, 67]] as const;
const TRANSPOSES = [[false, false], [false, true], [true, false], [true, true]] as const;

describe.each(WASM_BACKENDS)('packB and sgemmPacked vs reference twin (%s)', (backend) => {
  const t = useTwin(backend);

  it('packs op(B) in the documented layout, padding columns zero, for both storages', () => {
    const rng = new Rng(1);
    for (const [, n, k] of SHAPES) {
      for (const transB of [false, true]) {
        const label = `K ${k} N ${n} trans ${+transB}`;
        const { out } = expectTwin(t, label, { B: rng.floats(k * n), packed: new Float32Array(packedSize(k, n)).fill(NaN) },
          (b, kk) => kk.packB(transB, k, n, b.B, transB ? k : n, b.packed), EXACT);
        expect(out.packed.some(Number.isNaN), `${label}: a packed element left unwritten`).toBe(false);
      }
    }
  });

  it('multiplies by a packed B as the triple loop does, on every transpose of A', () => {
    const rng = new Rng(2);
    for (const [m, n, k] of SHAPES) {
      for (const transA of [false, true]) {
        const B = rng.floats(k * n);
        expectTwin(t, `${m}x${n}x${k} transA ${+transA}`, { A: rng.floats(m * k), B, packed: new Float32Array(packedSize(k, n)), C: rng.floats(m * n) }, (b, kk) => {
          kk.packB(false, k, n, b.B, n, b.packed);
          kk.sgemmPacked(transA, m, n, k, -0.75, b.A, transA ? m : k, b.packed, 0.5, b.C, n);
        }, sumTol(k));
      }
    }
  });
});

describe.each(ALL_BACKENDS)('sgemmPacked is sgemm (%s)', (backend) => {
  const k = useKernel(backend);

  it('gives sgemm\'s very floats wherever M and N exceed 1', () => {
    const rng = new Rng(3);
    for (const [m, n, kk] of SHAPES.filter(([m, n]) => m > 1 && n > 1)) {
      for (const [transA, transB] of TRANSPOSES) {
        const a = k.fromArray(rng.floats(m * kk)), b = k.fromArray(rng.floats(kk * n)), c0 = rng.floats(m * n);
        const viaSgemm = k.fromArray(c0), viaPacked = k.fromArray(c0), packed = k.alloc(packedSize(kk, n));
        k.sgemm(transA, transB, m, n, kk, 1.25, a, transA ? m : kk, b, transB ? kk : n, -1, viaSgemm, n);
        k.packB(transB, kk, n, b, transB ? kk : n, packed);
        k.sgemmPacked(transA, m, n, kk, 1.25, a, transA ? m : kk, packed, -1, viaPacked, n);
        expect(k.toArray(viaPacked), `${m}x${n}x${kk} trans ${+transA}${+transB}`).toEqual(k.toArray(viaSgemm));
      }
    }
  });

  it('keeps the BLAS rules: beta 0 never reads C, K = 0 or alpha 0 scales C', () => {
    const packed = k.alloc(packedSize(6, 9)), a = k.fromArray(new Float32Array(5 * 6).fill(1)), b = k.fromArray(new Float32Array(6 * 9).fill(2));
    k.packB(false, 6, 9, b, 9, packed);
    const nanC = k.fromArray(new Float32Array(5 * 9).fill(NaN));
    k.sgemmPacked(false, 5, 9, 6, 0.5, a, 6, packed, 0, nanC, 9);
    expect(Array.from(k.toArray(nanC))).toEqual(new Array(45).fill(6));
    const c = k.fromArray(new Float32Array(5 * 9).fill(3));
    k.sgemmPacked(false, 5, 9, 6, 0, a, 6, packed, -2, c, 9);
    expect(Array.from(k.toArray(c))).toEqual(new Array(45).fill(-6));
  });

  it('refuses a packed buffer too small for K×N rounded up to whole panels', () => {
    const b = k.alloc(10 * 9), small = k.alloc(10 * 9);
    expect(() => k.packB(false, 10, 9, b, 9, small)).toThrow(/packB: packed/);
    expect(packedSize(10, 9)).toBe(160);
  });
});
