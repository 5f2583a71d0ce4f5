// Recurrent steps over a batch: the gate nonlinearities, the state update and their
// derivatives over [B, H], a row at a time, four hidden units at a time. The matrix products
// around them (W_ih x, W_hh h) are sgemm calls made by the caller.
import { add, sigmoidForward, tanhForward } from './elementwise';
import { madd, tanhVector } from './simd';

// Tail columns (H not a multiple of 4) run the vector code on a vector loaded from a small
// staging area, so every unit gets the same arithmetic.
const stage = memory.data(16 * 12, 16);

// @ts-ignore: decorator
@inline function stagedLoad(ptr: usize, count: i32, slot: i32): v128 {
  const s = stage + (<usize>slot << 4);
  v128.store(s, f32x4.splat(0));
  memory.copy(s, ptr, <usize>count << 2);
  return v128.load(s);
}

// @ts-ignore: decorator
@inline function stagedStore(ptr: usize, count: i32, value: v128, slot: i32): void {
  const s = stage + (<usize>slot << 4);
  v128.store(s, value);
  memory.copy(ptr, s, <usize>count << 2);
}

// @ts-ignore: decorator
@inline function loadLanes(ptr: usize, count: i32, slot: i32): v128 {
  return count == 4 ? v128.load(ptr) : stagedLoad(ptr, count, slot);
}

// @ts-ignore: decorator
@inline function storeLanes(ptr: usize, count: i32, value: v128, slot: i32): void {
  if (count == 4) v128.store(ptr, value);
  else stagedStore(ptr, count, value, slot);
}

/**
 * i, f, o = σ(a), g = tanh(a) (written back into gates); c = f·cPrev + i·g; h = o·tanh c.
 * The gates go through the elementwise loops first, a row at a time, and the state update
 * after: one fused loop over all of it took 38 µs where these passes take 27–30 (B = 32,
 * H = 128; likely the five exponentials' constants, live at once, outnumber x64's vector registers).
 */
export function lstmCellForward(batch: i32, hidden: i32, gates: usize, cPrev: usize, c: usize, h: usize): void {
  const H = <usize>hidden << 2;
  for (let b = 0; b < batch; b++) {
    const gi = gates + <usize>b * 4 * H;
    sigmoidForward(2 * hidden, gi, gi);
    tanhForward(hidden, gi + 2 * H, gi + 2 * H);
    sigmoidForward(hidden, gi + 3 * H, gi + 3 * H);
    const gf = gi + H, gg = gi + 2 * H, go = gi + 3 * H;
    const row = <usize>b * H;
    for (let j = 0; j < hidden; j += 4) {
      const n = min(4, hidden - j);
      const o = <usize>j << 2;
      const cNew = madd(loadLanes(gf + o, n, 1), loadLanes(cPrev + row + o, n, 4), f32x4.mul(loadLanes(gi + o, n, 0), loadLanes(gg + o, n, 2)));
      storeLanes(c + row + o, n, cNew, 4);
      storeLanes(h + row + o, n, f32x4.mul(loadLanes(go + o, n, 3), tanhVector(cNew)), 5);
    }
  }
}

export function lstmCellBackward(
  batch: i32, hidden: i32, gates: usize, cPrev: usize, c: usize,
  dh: usize, dc: usize, dGates: usize, dcPrev: usize,
): void {
  const H = <usize>hidden << 2;
  const one = f32x4.splat(1);
  for (let b = 0; b < batch; b++) {
    const gi = gates + <usize>b * 4 * H;
    const di = dGates + <usize>b * 4 * H;
    const row = <usize>b * H;
    for (let j = 0; j < hidden; j += 4) {
      const n = min(4, hidden - j);
      const o = <usize>j << 2;
      const i = loadLanes(gi + o, n, 0);
      const f = loadLanes(gi + H + o, n, 1);
      const g = loadLanes(gi + 2 * H + o, n, 2);
      const og = loadLanes(gi + 3 * H + o, n, 3);
      const dhv = loadLanes(dh + row + o, n, 4);
      const tc = tanhVector(loadLanes(c + row + o, n, 5));
      const cp = loadLanes(cPrev + row + o, n, 6);
      // dc_t = dc + dh·o·(1 − tanh²c)
      const dct = madd(f32x4.mul(dhv, og), f32x4.sub(one, f32x4.mul(tc, tc)), loadLanes(dc + row + o, n, 7));
      storeLanes(di + o, n, f32x4.mul(f32x4.mul(dct, g), f32x4.mul(i, f32x4.sub(one, i))), 0);
      storeLanes(di + H + o, n, f32x4.mul(f32x4.mul(dct, cp), f32x4.mul(f, f32x4.sub(one, f))), 1);
      storeLanes(di + 2 * H + o, n, f32x4.mul(f32x4.mul(dct, i), f32x4.sub(one, f32x4.mul(g, g))), 2);
      storeLanes(di + 3 * H + o, n, f32x4.mul(f32x4.mul(dhv, tc), f32x4.mul(og, f32x4.sub(one, og))), 3);
      storeLanes(dcPrev + row + o, n, f32x4.mul(dct, f), 7);
    }
  }
}

/**
 * r, z = σ(gi + gh), n = tanh(gi_n + r·gh_n) (written back into gi); h = (1 − z)·n + z·hPrev.
 * r and z go through the elementwise loops first, as in lstmCellForward.
 */
export function gruCellForward(batch: i32, hidden: i32, gi: usize, gh: usize, hPrev: usize, h: usize): void {
  const H = <usize>hidden << 2;
  for (let b = 0; b < batch; b++) {
    const xi = gi + <usize>b * 3 * H;
    const hi = gh + <usize>b * 3 * H;
    add(2 * hidden, xi, hi, xi);
    sigmoidForward(2 * hidden, xi, xi);
    const row = <usize>b * H;
    for (let j = 0; j < hidden; j += 4) {
      const count = min(4, hidden - j);
      const o = <usize>j << 2;
      const n = tanhVector(madd(loadLanes(xi + o, count, 0), loadLanes(hi + 2 * H + o, count, 5), loadLanes(xi + 2 * H + o, count, 2)));
      const z = loadLanes(xi + H + o, count, 1);
      storeLanes(xi + 2 * H + o, count, n, 2);
      // h = n + z·(hPrev − n)
      storeLanes(h + row + o, count, madd(z, f32x4.sub(loadLanes(hPrev + row + o, count, 6), n), n), 7);
    }
  }
}

export function gruCellBackward(
  batch: i32, hidden: i32, gi: usize, gh: usize, hPrev: usize,
  dh: usize, dgi: usize, dgh: usize, dhPrev: usize,
): void {
  const H = <usize>hidden << 2;
  const one = f32x4.splat(1);
  for (let b = 0; b < batch; b++) {
    const xi = gi + <usize>b * 3 * H;
    const hi = gh + <usize>b * 3 * H;
    const dx = dgi + <usize>b * 3 * H;
    const dhh = dgh + <usize>b * 3 * H;
    const row = <usize>b * H;
    for (let j = 0; j < hidden; j += 4) {
      const count = min(4, hidden - j);
      const o = <usize>j << 2;
      const r = loadLanes(xi + o, count, 0);
      const z = loadLanes(xi + H + o, count, 1);
      const n = loadLanes(xi + 2 * H + o, count, 2);
      const ghn = loadLanes(hi + 2 * H + o, count, 3);
      const hp = loadLanes(hPrev + row + o, count, 4);
      const d = loadLanes(dh + row + o, count, 5);
      const dn = f32x4.mul(f32x4.mul(d, f32x4.sub(one, z)), f32x4.sub(one, f32x4.mul(n, n)));
      const dz = f32x4.mul(f32x4.mul(d, f32x4.sub(hp, n)), f32x4.mul(z, f32x4.sub(one, z)));
      const dr = f32x4.mul(f32x4.mul(dn, ghn), f32x4.mul(r, f32x4.sub(one, r)));
      storeLanes(dx + o, count, dr, 0);
      storeLanes(dx + H + o, count, dz, 1);
      storeLanes(dx + 2 * H + o, count, dn, 2);
      storeLanes(dhh + o, count, dr, 3);
      storeLanes(dhh + H + o, count, dz, 4);
      storeLanes(dhh + 2 * H + o, count, f32x4.mul(dn, r), 5);
      storeLanes(dhPrev + row + o, count, f32x4.mul(d, z), 6);
    }
  }
}
