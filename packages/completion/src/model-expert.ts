import { type CharLM, probabilities, type RecurrentStepper, type StepperState } from '@recurrent/topologies';
import type { Expert, ExpertReading, Lookahead } from './expert.js';

/**
 * A CharLM as an expert. One stepper serves every document (completion runs one request at a
 * time); each reading keeps its recurrent state after the text it has read, so typing one more
 * symbol costs one step, not a re-read of the context. The stepper reads the weights on every
 * step, so a model whose weights are replaced in place needs only its readings invalidated.
 */
export class ModelExpert implements Expert {
  private readonly stepper: RecurrentStepper;

  constructor(readonly name: string, readonly model: CharLM) {
    this.stepper = model.stepper();
  }

  open(): ExpertReading {
    return new ModelReading(this.model, this.stepper);
  }
}

class ModelReading implements ExpertReading {
  /** The state after the first `fed` symbols of the text read (undefined: nothing read yet). */
  private state: StepperState | undefined;
  private fed = 0;

  constructor(private readonly model: CharLM, private readonly stepper: RecurrentStepper) {}

  read(text: string, restarted: boolean): void {
    const { stepper, model: { vocabulary } } = this;
    if (restarted || !this.state) {
      stepper.reset();
      this.fed = 0;
    } else {
      stepper.restoreState(this.state);
    }
    for (const symbol of text.slice(this.fed)) stepper.feed(vocabulary.id(symbol));
    this.fed = text.length;
    this.state = stepper.saveState();
  }

  lookahead(): Lookahead {
    const { stepper } = this;
    if (!this.state) throw new Error('ModelExpert: read the text before predicting on from it');
    stepper.restoreState(this.state);
    return {
      distribution: (out) => {
        out.set(probabilities(stepper.logits()));
        return out;
      },
      push: (_symbol, id) => stepper.feed(id),
    };
  }

  invalidate(): void {
    this.state = undefined;
    this.fed = 0;
  }
}
