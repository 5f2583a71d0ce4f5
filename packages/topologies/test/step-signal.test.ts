import { describe, expect, it } from 'vitest';
import { StepSignal } from '../src/train/parallel/step-signal.js';

// The counters two threads share; here both sides are one thread, so a wait that is not over
// must last until its deadline, and one that is over must end long before a far deadline.
describe('StepSignal', () => {
  /** Spins with a deadline two seconds away and checks it ended before it. */
  const endsAtOnce = (spin: (deadline: number) => void) => {
    const far = performance.now() + 2000;
    spin(far);
    expect(performance.now()).toBeLessThan(far);
  };

  it('the parent waits while a posted step is unanswered, and not once it is answered', () => {
    const parent = StepSignal.create();
    const thread = new StepSignal(parent.buffer);
    endsAtOnce((d) => parent.spinUntilAnswered(d)); // nothing posted: nothing to wait for
    parent.posted();
    const deadline = performance.now() + 5;
    parent.spinUntilAnswered(deadline);
    expect(performance.now()).toBeGreaterThanOrEqual(deadline);
    thread.answered();
    endsAtOnce((d) => parent.spinUntilAnswered(d));
  });

  it('the thread waits until a step comes that it has not answered', () => {
    const parent = StepSignal.create();
    const thread = new StepSignal(parent.buffer);
    const deadline = performance.now() + 5;
    thread.spinUntilPosted(deadline);
    expect(performance.now()).toBeGreaterThanOrEqual(deadline);
    parent.posted();
    endsAtOnce((d) => thread.spinUntilPosted(d));
    thread.answered();
    const next = performance.now() + 5;
    thread.spinUntilPosted(next); // answered: waits again for the step after
    expect(performance.now()).toBeGreaterThanOrEqual(next);
  });
});
