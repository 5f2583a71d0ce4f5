import { sigmoid } from './elementwise.js';
import type { Views } from './memory.js';

export function lstmCellForward({ f }: Views, batch: number, hidden: number, gates: number, cPrev: number, c: number, h: number): void {
  const H = hidden;
  for (let b = 0; b < batch; b++) {
    const g0 = (gates >> 2) + b * 4 * H;
    for (let j = 0; j < H; j++) {
      const i = sigmoid(f[g0 + j]!), fg = sigmoid(f[g0 + H + j]!);
      const g = Math.tanh(f[g0 + 2 * H + j]!), o = sigmoid(f[g0 + 3 * H + j]!);
      f[g0 + j] = i; f[g0 + H + j] = fg; f[g0 + 2 * H + j] = g; f[g0 + 3 * H + j] = o;
      const at = b * H + j;
      const cNew = fg * f[(cPrev >> 2) + at]! + i * g;
      f[(c >> 2) + at] = cNew;
      f[(h >> 2) + at] = o * Math.tanh(cNew);
    }
  }
}

export function lstmCellBackward(
  { f }: Views, batch: number, hidden: number, gates: number, cPrev: number, c: number,
  dh: number, dc: number, dGates: number, dcPrev: number,
): void {
  const H = hidden;
  for (let b = 0; b < batch; b++) {
    const g0 = (gates >> 2) + b * 4 * H, d0 = (dGates >> 2) + b * 4 * H;
    for (let j = 0; j < H; j++) {
      const at = b * H + j;
      const i = f[g0 + j]!, fg = f[g0 + H + j]!, g = f[g0 + 2 * H + j]!, o = f[g0 + 3 * H + j]!;
      const tc = Math.tanh(f[(c >> 2) + at]!);
      const dhv = f[(dh >> 2) + at]!;
      const dct = f[(dc >> 2) + at]! + dhv * o * (1 - tc * tc);
      f[d0 + j] = dct * g * i * (1 - i);
      f[d0 + H + j] = dct * f[(cPrev >> 2) + at]! * fg * (1 - fg);
      f[d0 + 2 * H + j] = dct * i * (1 - g * g);
      f[d0 + 3 * H + j] = dhv * tc * o * (1 - o);
      f[(dcPrev >> 2) + at] = dct * fg;
    }
  }
}

export function gruCellForward({ f }: Views, batch: number, hidden: number, gi: number, gh: number, hPrev: number, h: number): void {
  const H = hidden;
  for (let b = 0; b < batch; b++) {
    const x0 = (gi >> 2) + b * 3 * H, h0 = (gh >> 2) + b * 3 * H;
    for (let j = 0; j < H; j++) {
      const r = sigmoid(f[x0 + j]! + f[h0 + j]!);
      const z = sigmoid(f[x0 + H + j]! + f[h0 + H + j]!);
      const n = Math.tanh(f[x0 + 2 * H + j]! + r * f[h0 + 2 * H + j]!);
      f[x0 + j] = r; f[x0 + H + j] = z; f[x0 + 2 * H + j] = n;
      const at = b * H + j;
      f[(h >> 2) + at] = (1 - z) * n + z * f[(hPrev >> 2) + at]!;
    }
  }
}

export function gruCellBackward(
  { f }: Views, batch: number, hidden: number, gi: number, gh: number, hPrev: number,
  dh: number, dgi: number, dgh: number, dhPrev: number,
): void {
  const H = hidden;
  for (let b = 0; b < batch; b++) {
    const x0 = (gi >> 2) + b * 3 * H, h0 = (gh >> 2) + b * 3 * H;
    const dx0 = (dgi >> 2) + b * 3 * H, dh0 = (dgh >> 2) + b * 3 * H;
    for (let j = 0; j < H; j++) {
      const at = b * H + j;
      const r = f[x0 + j]!, z = f[x0 + H + j]!, n = f[x0 + 2 * H + j]!;
      const d = f[(dh >> 2) + at]!;
      const dn = d * (1 - z) * (1 - n * n);
      const dz = d * (f[(hPrev >> 2) + at]! - n) * z * (1 - z);
      const dr = dn * f[h0 + 2 * H + j]! * r * (1 - r);
      f[dx0 + j] = dr; f[dx0 + H + j] = dz; f[dx0 + 2 * H + j] = dn;
      f[dh0 + j] = dr; f[dh0 + H + j] = dz; f[dh0 + 2 * H + j] = dn * r;
      f[(dhPrev >> 2) + at] = d * z;
    }
  }
}
