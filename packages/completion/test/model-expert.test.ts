import { Random } from '@recurrent/autograd';
import { ByteVocabulary, CharLM } from '@recurrent/topologies';
import { describe, expect, it } from 'vitest';
import { ADAPTED, BASE, Completer, NGRAM } from '../src/completer.js';
import type { ExpertReading } from '../src/expert.js';
import { ModelExpert } from '../src/model-expert.js';

// A context longer than any text here: every session reads from the start, so a fresh one reads what an old one has.
const OPTIONS = { maxLength: 12, minConfidence: 0.5, temperature: 0, contextLength: 4096 };
const doc = (text: string) => ({ cursor: text.length, slice: (start: number, end: number) => text.slice(start, end) });
/**
 * A random model that predicts printable ASCII only, and is sure of each symbol (its output
 * layer scaled up): its suggestions are the symbols it steps through, and never stop early.
 */
const lm = (seed: number) => {
  const model = new CharLM(new ByteVocabulary(), { cell: 'lstm', hiddenSize: 12, seed });
  model.head.weight.view().forEach((w, i, all) => (all[i] = 50 * w));
  model.head.bias.view().fill(-20, 0, 32).fill(-20, 127);
  return model;
};

/** A completer of two models (and the n-gram, whose counts change as the user types), counting the steps its models' steppers take. */
function counted(ngram = false) {
  const c = new Completer({ ngram, background: false });
  c.setModels({ [BASE]: lm(3), [ADAPTED]: lm(4) });
  let steps = 0;
  for (const expert of c.experts.filter((e) => e.name !== NGRAM) as ModelExpert[]) {
    const feed = expert.stepper.feed.bind(expert.stepper);
    expert.stepper.feed = (token: number) => {
      steps++;
      feed(token);
    };
  }
  return { completer: c, steps: () => steps };
}

describe('ModelExpert', () => {
  it('predicts exactly as a fresh reading does, whether the user types along the suggestion, accepts it or types something else', () => {
    const { completer } = counted(true);
    const session = completer.session('doc');
    const rng = new Random(11);
    let text = 'ab';
    for (let request = 0; request < 120; request++) {
      const prediction = session.suggest(doc(text), OPTIONS);
      const fresh = new Completer({ background: false });
      fresh.setModels({ [BASE]: completer.model(BASE), [ADAPTED]: completer.model(ADAPTED) });
      fresh.mixture.snapshot = completer.mixture.snapshot;
      const again = fresh.session('doc').suggest(doc(text), OPTIONS);
      expect(prediction.candidate).toEqual(again.candidate);
      expect(session.next!.logDistributions).toEqual(fresh.session('doc').next!.logDistributions);
      const candidate = prediction.candidate.characters.join('');
      const r = rng.next();
      // Type its first character, accept all of it, or type another character.
      text += r < 0.5 && candidate ? candidate[0] : r < 0.7 && candidate ? candidate : String.fromCharCode(97 + Math.floor(rng.next() * 4));
    }
  });

  it('looks ahead along other symbols than the last lookahead, and reads what was typed, as a fresh reading does', () => {
    const model = lm(5);
    const context = { key: 'doc', before: () => '' };
    /** The log-probabilities before and after each of `symbols` pushed from the text read. */
    const walk = (reading: ExpertReading, symbols: string) => {
      const lookahead = reading.lookahead(), seen: number[][] = [];
      for (const symbol of symbols) {
        seen.push(Array.from(lookahead.logDistribution(new Float64Array(256))));
        lookahead.push(symbol, symbol.charCodeAt(0));
      }
      seen.push(Array.from(lookahead.logDistribution(new Float64Array(256))));
      return seen;
    };
    const fresh = (text: string) => {
      const reading = new ModelExpert('m', model).open();
      reading.read(text, true, context);
      return reading;
    };
    const reading = new ModelExpert('m', model).open();
    reading.read('hello', true, context);
    walk(reading, 'abcdefgh');
    expect(walk(reading, 'abXdefgh')).toEqual(walk(fresh('hello'), 'abXdefgh')); // leaves the chain at its third symbol
    reading.read('helloabX', false, context); // typed along the second lookahead
    expect(walk(reading, 'de!')).toEqual(walk(fresh('helloabX'), 'de!'));
    reading.read('helloabXdZ', false, context); // typed off it
    expect(walk(reading, 'q')).toEqual(walk(fresh('helloabXdZ'), 'q'));
  });

  it('takes no model step for what it computed while looking ahead', () => {
    const { completer, steps } = counted();
    const session = completer.session('doc');
    const first = session.suggest(doc('hello'), OPTIONS).candidate.characters.join('');
    expect(first.length).toBeGreaterThan(2);
    const before = steps();
    // The user types the first two suggested characters: the models read them and predict on from states they already have.
    const second = session.suggest(doc(`hello${first.slice(0, 2)}`), OPTIONS).candidate.characters.length;
    // At most the symbols past the old lookahead, per model (two when both reach maxLength).
    expect(2 + second - first.length).toBeLessThan(second);
    expect(steps() - before).toBeLessThanOrEqual(2 * (2 + second - first.length));
    // Something else: the models step again.
    const other = first[2] === 'z' ? 'y' : 'z';
    const beforeOther = steps();
    const again = session.suggest(doc(`hello${first.slice(0, 2)}${other}`), OPTIONS).candidate.characters.length;
    expect(again).toBeGreaterThan(0);
    // Both models read the new character, then step through the new lookahead (its last symbol is not fed).
    expect(steps() - beforeOther).toBeGreaterThanOrEqual(2 * again);
  });

  it('reads again after its weights change', () => {
    const { completer } = counted();
    const session = completer.session('doc');
    session.suggest(doc('hello wor'), OPTIONS);
    const adapted = completer.model(ADAPTED)!;
    // The weights change in place, as when a snapshot from the worker arrives.
    for (const p of adapted.parameters()) p.view().fill(0.01);
    completer.modelChanged(ADAPTED);
    const after = session.suggest(doc('hello worl'), OPTIONS);
    const fresh = new Completer({ ngram: false, background: false });
    fresh.setModels({ [BASE]: completer.model(BASE), [ADAPTED]: adapted });
    fresh.mixture.snapshot = completer.mixture.snapshot;
    expect(after.candidate).toEqual(fresh.session('doc').suggest(doc('hello worl'), OPTIONS).candidate);
  });
});
