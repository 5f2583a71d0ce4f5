import { ByteVocabulary, CharLM, CharVocabulary, readCharLMWeights, saveCharLM } from '@recurrent/topologies';
import { describe, expect, it } from 'vitest';
import { ADAPTED, BASE, Completer, DEFAULT_PRIORS, NGRAM } from '../src/completer.js';
import { ExpertWeights, MixtureWeights } from '../src/mixture.js';
import { anchorFor, CompletionSession } from '../src/session.js';
import { WrongBudget } from '../src/wrong-budget.js';
import { sureExpert } from './experts.js';

const OPTIONS = { maxLength: 24, minConfidence: 0.3, temperature: 0, contextLength: 256 };
const lm = (seed: number) => new CharLM(new ByteVocabulary(), { cell: 'lstm', hiddenSize: 16, seed });
/** A document whose cursor is at `cursor` (default: its end). */
const doc = (text: string, cursor = text.length) => ({ cursor, slice: (start: number, end: number) => text.slice(start, end) });
const completer = (documents: Record<string, string> = {}, options: ConstructorParameters<typeof Completer>[0] = {}) =>
  new Completer({ documents: () => Object.entries(documents), background: false, ...options });
const distributions = (s: CompletionSession) => s.next!.logDistributions.map((d) => Array.from(d));

describe('anchorFor', () => {
  it('keeps the anchor while the cursor moves forward within reach, else starts contextLength back', () => {
    expect(anchorFor(undefined, 100, 32)).toBe(68);
    // Within 64 context lengths of it (2,048 characters here) the state carries on.
    expect(anchorFor(68, 100 + 3 * 32, 32)).toBe(68);
    expect(anchorFor(68, 68 + 64 * 32, 32)).toBe(68);
    expect(anchorFor(68, 68 + 64 * 32 + 1, 32)).toBe(68 + 63 * 32 + 1);
    expect(anchorFor(68, 60, 32)).toBe(28); // moved back before the anchor
    expect(anchorFor(undefined, 10, 32)).toBe(0);
  });
});

describe('CompletionSession', () => {
  it('stops a suggestion where a byte model\'s bytes stop spelling UTF-8', () => {
    // Left alone, a byte model sure of 0x80 forever would never reach maxLength (only bytes that start a character count).
    const host = { vocabulary: new ByteVocabulary(), experts: [sureExpert('x', '\x80', 0.99)], mixture: new MixtureWeights({ x: 1 }), budget: new WrongBudget() };
    const prediction = new CompletionSession('doc', host).suggest(doc('abc'), OPTIONS);
    expect(prediction.text).toBe('');
    expect(prediction.candidate.characters).toEqual([]);
  });

  const base = lm(1), adapted = lm(2);
  const others = { other: 'let total = computeTotal(items);\n' };
  const text = 'let a = computeTotal(x);\nlet b = naïve_comp';

  it('continuing from its state gives the same distributions and suggestion as reading afresh', () => {
    const incremental = completer(others);
    incremental.setModels({ [BASE]: base, [ADAPTED]: adapted });
    const s = incremental.session('doc');
    for (let i = 1; i <= text.length; i++) s.suggest(doc(text.slice(0, i)), OPTIONS);
    const fresh = completer(others);
    fresh.setModels({ [BASE]: base, [ADAPTED]: adapted });
    fresh.mixture.snapshot = incremental.mixture.snapshot; // what the other learned from the typing
    const f = fresh.session('doc');
    const prediction = f.suggest(doc(text), OPTIONS);
    expect(s.next!.names).toEqual([BASE, ADAPTED, NGRAM]);
    expect(distributions(s)).toEqual(distributions(f));
    expect(s.suggest(doc(text), OPTIONS)).toEqual(prediction);
    // A text that does not extend the one read (the user deleted characters) starts over correctly.
    const shorter = text.slice(0, -3);
    s.suggest(doc(shorter), OPTIONS);
    const again = completer(others);
    again.setModels({ [BASE]: base, [ADAPTED]: adapted });
    const g = again.session('doc');
    g.suggest(doc(shorter), OPTIONS);
    expect(distributions(s)).toEqual(distributions(g));
  });

  it('gives the experts the document before the anchor as symbols, after the anchor moves on and after edits before it', () => {
    const vocabulary = new ByteVocabulary();
    const seen: string[] = [];
    const spy = { name: 'spy', open: () => ({ read: (_t: string, _r: boolean, context: { before(): string }) => void seen.push(context.before()), invalidate: () => undefined, lookahead: () => sureExpert('x', 'a', 0.5).open().lookahead() }) };
    const s = new CompletionSession('doc', { vocabulary, experts: [spy], mixture: new MixtureWeights({ spy: 1 }), budget: new WrongBudget() });
    const options = { ...OPTIONS, contextLength: 4 };
    // Surrogate pairs and two- and three-byte characters, so an anchor falls inside a pair too.
    let text = 'a😀é€b😀c'.repeat(12);
    const check = (cursor: number) => {
      s.suggest(doc(text, cursor), options);
      expect(seen.at(-1)).toBe(vocabulary.toSymbols(text.slice(0, s.anchor)));
    };
    for (let cursor = 1; cursor <= text.length; cursor++) check(cursor);
    text = `Ω${text.slice(1)}`; // an edit before the anchor, the same length
    check(text.length);
    text = text.slice(3); // a deletion at the start
    check(text.length);
    text = `${text.slice(0, 20)}x${text.slice(20)}`; // an insertion before the anchor
    for (let cursor = 30; cursor <= text.length; cursor++) check(cursor);
    s.forget();
    check(text.length);
  });

  it('lets the n-gram vote only for text before the cursor', () => {
    const before = 'alpha beta gamma\nalpha beta ';
    const full = `${before}QQQQQQQQ delta`;
    // The document is one of the learned ones too: as the one completed it is left out of the others.
    const c = completer({ doc: full, other: 'omega\n' }, { ngram: true });
    c.setModels({ [ADAPTED]: adapted });
    const s = c.session('doc');
    s.suggest(doc(full, before.length), OPTIONS);
    const truncated = completer({ doc: before, other: 'omega\n' });
    truncated.setModels({ [ADAPTED]: adapted });
    const t = truncated.session('doc');
    t.suggest(doc(before), OPTIONS);
    const ngram = s.next!.logDistributions[1]!;
    expect(Array.from(ngram)).toEqual(Array.from(t.next!.logDistributions[1]!));
    // 'Q' follows only after the cursor: it gets no more than a character never seen ('Z').
    expect(ngram['Q'.charCodeAt(0)]).toBe(ngram['Z'.charCodeAt(0)]);
    // Another document's text does vote.
    const voted = completer({ other: 'alpha beta QQQ\n'.repeat(3) });
    voted.setModels({ [ADAPTED]: adapted });
    const v = voted.session('doc');
    v.suggest(doc(before), OPTIONS);
    const p = v.next!.logDistributions[1]!;
    expect(p['Q'.charCodeAt(0)]).toBeGreaterThan(Math.log(10) + p['Z'.charCodeAt(0)]!);
  });

  it('learns the mixture weights from the symbol typed: one step of the experts\' weights there', () => {
    const c = completer(others);
    c.setModels({ [BASE]: base, [ADAPTED]: adapted });
    const s = c.session('doc');
    s.suggest(doc('let to'), OPTIONS);
    const next = s.next!;
    // The n-gram had met "let to" after the start of a text in the other document (a history of every length): that band's weights learn.
    const band = next.evidence;
    expect(band).toBe('ngram=4');
    s.suggest(doc('let tot'), OPTIONS);
    // After 'o': inside a word. What a lone ExpertWeights learns from the same distributions and symbol.
    const oracle = new ExpertWeights(DEFAULT_PRIORS);
    oracle.observe(next.names, next.logDistributions, 't'.charCodeAt(0));
    const learned = c.mixture.of('inWord', band).snapshot;
    expect(learned).toEqual(oracle.snapshot);
    // The class's own set learned the same; another class did not; a band not met yet starts from its class's.
    expect(c.mixture.of('inWord').snapshot).toEqual(learned);
    expect(c.mixture.of('afterSpace', band).snapshot).toEqual({});
    expect(c.mixture.of('inWord', 'ngram=0').snapshot).toEqual(learned);
    // The n-gram had seen "let to" → 't' in the other document; the untrained models had not.
    expect(learned[NGRAM]).toBeGreaterThan(1 / 3);
    expect(learned[BASE]).toBeLessThan(1 / 3);
  });

  it('re-reads with a model whose weights changed, and follows models that come and go', () => {
    const changing = lm(2);
    const c = completer(others);
    c.setModels({ [BASE]: base });
    const s = c.session('doc');
    s.suggest(doc(text), OPTIONS);
    expect(s.readers).toEqual([BASE, NGRAM]);
    c.setModels({ [BASE]: base, [ADAPTED]: changing });
    s.suggest(doc(`${text}u`), OPTIONS);
    expect(s.readers).toEqual([BASE, ADAPTED, NGRAM]);
    const alone = (model: CharLM, at: string) => {
      const a = completer(others);
      a.setModels({ [ADAPTED]: model });
      const session = a.session('doc');
      session.suggest(doc(at), OPTIONS);
      return distributions(session)[0];
    };
    expect(distributions(s)[1]).toEqual(alone(changing, `${text}u`));
    // New weights in place (a snapshot from the worker): the session's state for it is redone.
    const stale = distributions(s)[1];
    readCharLMWeights(changing, saveCharLM(lm(3)));
    c.modelChanged(ADAPTED);
    s.suggest(doc(`${text}u`), OPTIONS);
    expect(distributions(s)[1]).toEqual(alone(lm(3), `${text}u`));
    expect(distributions(s)[1]).not.toEqual(stale);
    // The base model leaves: its reading is freed.
    c.setModels({ [ADAPTED]: changing });
    s.suggest(doc(`${text}ut`), OPTIONS);
    expect(s.readers).toEqual([ADAPTED, NGRAM]);
  });

  it('refuses models of different vocabularies', () => {
    const chars = new CharLM(CharVocabulary.fromText('abc'), { cell: 'lstm', hiddenSize: 16 });
    expect(() => completer().setModels({ [BASE]: base, [ADAPTED]: chars })).toThrow(/another vocabulary/);
  });

  it('frees a closed document\'s state', () => {
    const c = completer(others);
    c.setModels({ [BASE]: base, [ADAPTED]: adapted });
    const s = c.session('doc');
    s.suggest(doc(text), OPTIONS);
    expect(c.has('doc')).toBe(true);
    expect(s.readers).toHaveLength(3);
    c.close('doc');
    expect(c.has('doc')).toBe(false);
    expect(s.readers).toEqual([]);
    expect(s.anchor).toBeUndefined();
    expect(s.next).toBeUndefined();
    expect(c.session('doc')).not.toBe(s);
    // Without models nothing is kept either.
    c.setModels({});
    expect(c.has('doc')).toBe(false);
    expect(c.ready).toBe(false);
    expect(c.session('x').suggest(doc(text), OPTIONS).text).toBe('');
  });

  it('continues a recurring word of the text a model learned, the model alone', async () => {
    // eslint-disable-next-line no-template-curly-in-string -- JavaScript source as training text, template and all
    const TEXT = 'function greet(name) {\n  return `hello, ${name}`;\n}\n'.repeat(30);
    const trained = lm(4);
    await trained.fit([TEXT], { steps: 500, seqLength: 32, batchSize: 16, lr: 0.02, seed: 1 });
    const c = completer({}, { ngram: false });
    c.setModels({ [ADAPTED]: trained });
    const { text: suggestion, confidence, expectedSaving } = c.session('doc').suggest(doc('function gre'), OPTIONS);
    expect(suggestion.startsWith('et(name')).toBe(true);
    // Greedy through the session is the library's greedy decoding (up to the line end).
    expect(suggestion).toBe(trained.predict('function gre', suggestion.length));
    expect(confidence).toBeGreaterThan(0.5);
    expect(expectedSaving).toBeGreaterThan(1);
  });

  it('completes from the documents once the n-gram has proved right, in any script, within the limits', () => {
    const line = 'frobnicateWidget(); café crème(); ';
    const c = completer({ lib: `${line.repeat(3)}\n`.repeat(5) });
    c.setModels({ [ADAPTED]: adapted });
    const typing = c.session('typed');
    for (let i = 1; i <= line.length * 2; i++) typing.suggest(doc(line.repeat(2).slice(0, i)), OPTIONS);
    const s = c.session('doc');
    expect(s.suggest(doc('x = frobnic'), OPTIONS).text.startsWith('ateWidget()')).toBe(true);
    // A suggestion of two-byte characters comes back as text (the byte strings converted).
    const accents = s.suggest(doc('y = caf'), OPTIONS);
    expect(accents.text.startsWith('é crème()')).toBe(true);
    // Shown at confidence 0.3 (the untrained model beside the n-gram keeps it unsure of the first byte).
    expect(accents.confidence).toBeGreaterThan(0.25);
    expect(accents.expectedSaving).toBeGreaterThan(0.3);
    expect(s.suggest(doc('y = caf'), { ...OPTIONS, maxLength: 3, minConfidence: 0.1 }).text).toBe('é c');
    expect(s.suggest(doc('y = caf'), { ...OPTIONS, minConfidence: 1 }).text).toBe('');
    expect(s.suggest(doc('y = caf'), OPTIONS, () => true).text).toBe('');
    expect(s.suggest(doc(''), OPTIONS).text).toBe('');
    expect(s.suggest(doc(`${line}frobnicateWidget(); café crème(); frob`), OPTIONS).text).not.toContain('\n');
    // Text seen nowhere gives the n-gram nothing to go on; without the n-gram the model alone is unsure.
    expect(c.session('e').suggest(doc('unique context here'), OPTIONS).text).toBe('');
    const modelOnly = completer({ lib: line.repeat(20) }, { ngram: false });
    modelOnly.setModels({ [ADAPTED]: adapted });
    expect(modelOnly.session('doc').suggest(doc('x = frobnic'), OPTIONS).text).toBe('');
  });
});
