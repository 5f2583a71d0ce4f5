import { type CharLM, logSoftmaxRow, type RecurrentStepper, type StepperOptions, type StepperState } from '@recurrent/topologies';
import type { Expert, ExpertReading, Lookahead } from './expert.js';

/**
 * A CharLM as an expert. One stepper serves every document (completion runs one request at a
 * time); each reading keeps its recurrent state after the text it has read, so typing one more
 * symbol costs one step, not a re-read of the context. A model whose weights are replaced in
 * place needs its stepper told (`weightsChanged`, for int8 copies) and its readings invalidated.
 */
export class ModelExpert implements Expert {
  readonly stepper: RecurrentStepper;
  /** The reading whose state the stepper holds now (another must restore its own first). */
  holder: ModelReading | undefined;

  /** @param options how the stepper reads the weights (int8 copies: a quarter of the bytes read at each step) */
  constructor(readonly name: string, readonly model: CharLM, options?: StepperOptions) {
    this.stepper = model.stepper(options);
  }

  open(): ExpertReading {
    return new ModelReading(this);
  }
}

/**
 * The symbols the last lookahead pushed after the text read, with the model's log-probabilities
 * before each and its state after each: when the user types (or accepts) what was suggested,
 * the next request reads and predicts along the same symbols from the same states, and the
 * model's part of it is already computed. The recurrence is deterministic, so what is reused is
 * exactly what would be computed again.
 */
interface Chain {
  /** ids[j]: the j-th symbol pushed. */
  ids: number[];
  /** logDistributions[j]: log P(next) after the text read and ids[0 … j − 1]. */
  logDistributions: Float64Array[];
  /** states[j]: the state after the text read and ids[0 … j − 1] (states[0]: after the text read). */
  states: StepperState[];
}

class ModelReading implements ExpertReading {
  /** From the state after the text read on (undefined: nothing read yet). */
  private chain: Chain | undefined;
  /** How many symbols of the text have been read. */
  private fed = 0;

  constructor(private readonly expert: ModelExpert) {}

  read(text: string, restarted: boolean): void {
    const { stepper, model: { vocabulary } } = this.expert;
    const chain = restarted ? undefined : this.chain;
    const typed = [...text.slice(chain ? this.fed : 0)].map((symbol) => vocabulary.id(symbol));
    // Typed along the last lookahead (as far as it had pushed): its later states and log-probabilities hold.
    if (chain && typed.length < chain.states.length && typed.every((id, j) => id === chain.ids[j])) {
      const n = typed.length;
      this.chain = { ids: chain.ids.slice(n), logDistributions: chain.logDistributions.slice(n), states: chain.states.slice(n) };
      this.fed = text.length;
      return;
    }
    if (chain) stepper.restoreState(chain.states[0]!);
    else stepper.reset();
    this.expert.holder = this;
    for (const id of typed) stepper.feed(id);
    this.fed = text.length;
    this.chain = { ids: [], logDistributions: [], states: [stepper.saveState()] };
  }

  lookahead(): Lookahead {
    const chain = this.chain;
    if (!chain) throw new Error('ModelExpert: read the text before predicting on from it');
    const { expert } = this;
    let j = 0;
    /** The stepper holds states[j] (restoring it when another reading, or an earlier step, moved it). */
    let at = -1;
    const hold = () => {
      if (expert.holder !== this || at !== j) expert.stepper.restoreState(chain.states[j]!);
      expert.holder = this;
      at = j;
    };
    return {
      logDistribution: (out) => {
        if (j >= chain.logDistributions.length) {
          hold();
          const logits = expert.stepper.logits();
          chain.logDistributions[j] = logSoftmaxRow(logits, 0, logits.length);
        }
        out.set(chain.logDistributions[j]!);
        return out;
      },
      push: (_symbol, id) => {
        if (chain.ids[j] !== id) {
          // Off the chain: what was computed past here belongs to other symbols.
          chain.ids.length = j;
          chain.logDistributions.length = Math.min(chain.logDistributions.length, j + 1);
          chain.states.length = j + 1;
          hold();
          expert.stepper.feed(id);
          chain.ids.push(id);
          chain.states.push(expert.stepper.saveState());
          at = j + 1;
        }
        j++;
      },
    };
  }

  invalidate(): void {
    this.chain = undefined;
    this.fed = 0;
  }
}
