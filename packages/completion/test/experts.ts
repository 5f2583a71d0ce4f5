import type { Expert, Lookahead } from '../src/expert.js';

/** An expert over 256 symbols that gives `symbol` probability `p` everywhere and spreads the rest evenly. */
export function sureExpert(name: string, symbol: string, p: number): Expert {
  const id = symbol.charCodeAt(0);
  const lookahead = (): Lookahead => ({
    logDistribution: (out) => out.fill(Math.log((1 - p) / (out.length - 1))).fill(Math.log(p), id, id + 1),
    push: () => undefined,
  });
  return { name, open: () => ({ read: () => undefined, invalidate: () => undefined, lookahead }) };
}
