/**
 * Colour scales. Diverging blue–white–red (ColorBrewer's RdBu, readable with the common colour
 * vision deficiencies) for signed values: hidden states in [−1, 1], and gradients relative to
 * the loss step (blue: fading, red: growing).
 */

const BLUE = [33, 102, 172] as const;
const WHITE = [247, 247, 247] as const;
const RED = [178, 24, 43] as const;

function mix(a: readonly number[], b: readonly number[], t: number): string {
  const [r, g, bl] = a.map((v, i) => Math.round(v + (b[i]! - v) * t));
  return `rgb(${r}, ${g}, ${bl})`;
}

/** −1 → blue, 0 → near-white, +1 → red; values outside are clamped, NaN is grey. */
export function diverging(value: number): string {
  if (Number.isNaN(value)) return 'rgb(128, 128, 128)';
  const v = Math.max(-1, Math.min(1, value));
  return v < 0 ? mix(WHITE, BLUE, -v) : mix(WHITE, RED, v);
}

/** Whether text on the diverging colour of `value` should be white rather than black (contrast). */
export function darkOn(value: number): boolean {
  return Math.abs(value) > 0.6;
}
