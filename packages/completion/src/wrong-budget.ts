/**
 * How many wrong suggestions the user is asked to put up with, kept by adapting the confidence
 * setting to what the user actually types. judgeOffer shows a suggestion where its expected
 * saving S less λ times its risk R is largest, λ = c / (1 − c) for the confidence c: λ is the
 * price of a wrong suggestion, the Lagrange multiplier of "at most r wrong suggestions per
 * character typed" in the problem of saving the most keystrokes. Dual ascent on it — raise the
 * price after each wrong suggestion, lower it a little with each character typed —
 *
 *   log λ ← log λ + α · (wrong − r · typed)
 *
 * settles where the wrong suggestions are r per character: text the experts know well (a
 * project they have read) gets few wrong suggestions at any setting, and then shows more;
 * text they do not know gets a higher price. A fixed confidence leaves the first with a budget
 * unspent and the second over it. log λ is the logit of c, so the price moves as c does.
 */

/** α: how far (in logits of the confidence) one wrong suggestion moves it. */
export const DEFAULT_BUDGET_RATE = 0.05;

/** The wrong suggestions per 100 characters typed that the editor and the CLI aim at unless told otherwise. */
export const DEFAULT_WRONG_PER_100 = 6;

/** The confidence stays within these bounds, whatever the typing. */
export const CONFIDENCE_BOUNDS: readonly [number, number] = [0.3, 0.98];

export class WrongBudget {
  private logPrice: number | undefined;

  /** @param rate α above */
  constructor(readonly rate = DEFAULT_BUDGET_RATE) {
    if (!(rate >= 0 && Number.isFinite(rate))) throw new RangeError(`WrongBudget: the rate must be finite and ≥ 0, got ${rate}`);
  }

  /** The confidence setting now (`start` until anything was judged). */
  confidence(start: number): number {
    return 1 / (1 + Math.exp(-(this.logPrice ?? clampedLogit(start))));
  }

  /**
   * `characters` were typed and `wrong` suggestions shown before them proved wrong, with `perHundred`
   * the target and `start` the confidence before any step: one step of the dual ascent.
   */
  observe(characters: number, wrong: number, perHundred: number, start: number): void {
    if (!(perHundred >= 0 && Number.isFinite(perHundred))) throw new RangeError(`WrongBudget: the wrong suggestions per 100 characters must be finite and ≥ 0, got ${perHundred}`);
    const step = this.rate * (wrong - (perHundred / 100) * characters);
    this.logPrice = Math.min(Math.max((this.logPrice ?? clampedLogit(start)) + step, logit(CONFIDENCE_BOUNDS[0])), logit(CONFIDENCE_BOUNDS[1]));
  }
}

/** logit(p) = log(p / (1 − p)). */
function logit(p: number): number {
  return Math.log(p / (1 - p));
}

function clampedLogit(c: number): number {
  return logit(Math.min(Math.max(c, CONFIDENCE_BOUNDS[0]), CONFIDENCE_BOUNDS[1]));
}
