import type { RecurrentState } from '../layers/recurrent.js';
import { checkInteger } from './batch.js';
import type { TokenDecoder } from './decoder.js';
import { logSoftmaxRow } from './scores.js';
import { selectStateRows } from './state.js';

export interface BeamSearchOptions {
  /** Hypotheses kept per step (k). A beam of 1 is greedy decoding. */
  beamWidth: number;
  /** Steps at most, the end symbol included (as for greedy decoding). */
  maxLength: number;
  /**
   * α of the length normalisation score = log P / length^α used to rank the hypotheses found.
   * 0 (default) ranks by the plain sum of log-probabilities, which favours shorter outputs:
   * every token adds a negative term. α ≈ 0.6–1 offsets that when the length is open.
   */
  lengthPenalty?: number;
}

/** One decoded sequence. */
export interface BeamHypothesis {
  /** The tokens, without the end symbol. */
  tokens: number[];
  /** log P(tokens, end | input): the sum of the chosen tokens' log-probabilities. */
  logProb: number;
  /** logProb / length^α, length counting the end symbol; what hypotheses are ranked by. */
  score: number;
  /** False when maxLength cut the hypothesis off before it emitted the end symbol. */
  finished: boolean;
}

interface Live {
  tokens: number[];
  logProb: number;
}

/**
 * Beam search from one initial state (batch 1): keeps the k partial sequences with the
 * highest log-probability sums, extends each by every token, and keeps the best k of the
 * extensions again. A hypothesis that takes the end symbol leaves the beam finished, and the
 * beam narrows by one — so it stops once k hypotheses have finished (or at maxLength).
 * With α = 0 it also stops as soon as the best finished sum beats every live one: a
 * log-probability is ≤ 0, so extending a live hypothesis can only lower its sum.
 *
 * Returns every hypothesis found, finished ones first, each group best first (ties keep
 * generation order: the earlier parent, then the smaller token id — so with k = 1 the
 * choice at every step is greedy decoding's argmax). Call under noGrad, in a scope.
 *
 * @example
 * ```ts
 * const best = scope(() => noGrad(() =>
 *   beamSearch(decoder, initialState, { beamWidth: 4, maxLength: 20 })[0]!.tokens));
 * ```
 */
export function beamSearch(decoder: TokenDecoder, initial: RecurrentState, options: BeamSearchOptions, caller = 'beamSearch'): BeamHypothesis[] {
  const { beamWidth, maxLength, lengthPenalty = 0 } = options;
  checkInteger(beamWidth, 'beamWidth', caller);
  checkInteger(maxLength, 'maxLength', caller);
  if (!(lengthPenalty >= 0) || !Number.isFinite(lengthPenalty)) throw new RangeError(`${caller}: lengthPenalty must be a finite number >= 0, got ${lengthPenalty}`);
  if (initial.h.shape[1] !== 1) throw new RangeError(`${caller}: beam search starts from the state of one sequence, got a batch of ${initial.h.shape[1]}`);
  const V = decoder.vocabularySize;
  const scoreOf = (logProb: number, length: number) => (lengthPenalty === 0 ? logProb : logProb / length ** lengthPenalty);

  const finished: BeamHypothesis[] = [];
  let live: Live[] = [{ tokens: [], logProb: 0 }];
  let state = initial;
  for (let t = 0; t < maxLength && live.length > 0; t++) {
    const ids = live.map((h) => h.tokens.at(-1) ?? decoder.startId);
    const step = decoder.step(ids, state);
    // Every extension of every live hypothesis, in (parent, token) order; the sort is stable.
    const candidates: { parent: number; token: number; logProb: number }[] = [];
    live.forEach((h, parent) => {
      const logp = logSoftmaxRow(step.logits, parent * V, V);
      for (let token = 0; token < V; token++) candidates.push({ parent, token, logProb: h.logProb + logp[token]! });
    });
    candidates.sort((a, b) => b.logProb - a.logProb);
    const next: Live[] = [];
    const parents: number[] = [];
    for (const c of candidates.slice(0, beamWidth - finished.length)) {
      const tokens = live[c.parent]!.tokens;
      if (c.token === decoder.endId) {
        finished.push({ tokens, logProb: c.logProb, score: scoreOf(c.logProb, tokens.length + 1), finished: true });
      } else {
        next.push({ tokens: [...tokens, c.token], logProb: c.logProb });
        parents.push(c.parent);
      }
    }
    live = next;
    if (live.length === 0) break;
    if (lengthPenalty === 0 && finished.length > 0 && Math.max(...finished.map((h) => h.logProb)) >= live[0]!.logProb) {
      live = [];
      break;
    }
    state = selectStateRows(step.state, parents);
  }
  const unfinished = live.map((h): BeamHypothesis => ({ ...h, score: scoreOf(h.logProb, h.tokens.length), finished: false }));
  const best = (a: BeamHypothesis, b: BeamHypothesis) => b.score - a.score;
  return [...finished.sort(best), ...unfinished.sort(best)];
}
