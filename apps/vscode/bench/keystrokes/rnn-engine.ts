// The extension's own completion engine in the keystrokes simulation: a CharLM trained as the
// extension trains in its first minutes (same vocabulary rule, model, batch and sequence
// length), answering through the same Predictor and anchor logic as the inline provider, and
// adapting to the document being typed the way the worker does (a few steps on new text).
import { Adam, Random } from '@recurrent/autograd';
import { CharLM, randomWindows, trainStep } from '@recurrent/topologies';
import { anchorFor } from '../../src/completion/anchor.js';
import { ContextCache } from '../../src/completion/context-cache.js';
import { Predictor } from '../../src/completion/predictor.js';
import { vocabularyFor } from '../../src/vocabulary.js';

export interface RnnEngineOptions {
  hiddenSize: number;
  /** Training steps before typing starts: the extension's first minutes (see run.mjs). */
  steps: number;
  minConfidence: number;
  /** Train on what was typed every this many characters (0: never adapt). */
  adaptEvery: number;
  /** Mix in a cache of the text seen (the open documents and what is typed). */
  useCache: boolean;
  contextLength?: number;
  log?: (line: string) => void;
}

const SEQUENCE = 64, BATCH = 16;

export function createRnnEngine(options: RnnEngineOptions) {
  const { hiddenSize, steps, minConfidence, adaptEvery, useCache, contextLength = 256, log = () => undefined } = options;
  // As in the editor: the other documents vote whole, the typed document only before the anchor
  // (the predictor adds the text from the anchor to the cursor itself).
  let documentsCache: ContextCache | undefined;
  let typedCache: ContextCache | undefined;
  let typedCached = 0;
  let lm: CharLM | undefined, adam: Adam | undefined, predictor: Predictor | undefined;
  let corpus: Int32Array = new Int32Array(0);
  let typed = '', sinceAdapt = 0, anchor: number | undefined;
  const rng = new Random(5);

  /** One worker-style step: a batch of windows, half from the typed document when it is long enough. */
  const step = (recent: Int32Array | undefined) => {
    const fromCorpus = randomWindows(corpus, SEQUENCE, recent ? BATCH / 2 : BATCH, rng);
    let batch = fromCorpus;
    if (recent) {
      const fromRecent = randomWindows(recent, SEQUENCE, BATCH / 2, rng);
      const merge = (a: Int32Array, b: Int32Array) => {
        const out = new Int32Array(SEQUENCE * BATCH);
        for (let t = 0; t < SEQUENCE; t++) {
          out.set(a.subarray(t * (BATCH / 2), (t + 1) * (BATCH / 2)), t * BATCH);
          out.set(b.subarray(t * (BATCH / 2), (t + 1) * (BATCH / 2)), t * BATCH + BATCH / 2);
        }
        return out;
      };
      batch = { inputs: merge(fromCorpus.inputs, fromRecent.inputs), targets: merge(fromCorpus.targets, fromRecent.targets), steps: SEQUENCE, batch: BATCH };
    }
    trainStep(lm!.parameters(), adam!, () => lm!.loss(batch).loss, { clipNorm: 1 });
  };

  return {
    name: `recurrent LSTM 1×${hiddenSize}, ${steps} steps${adaptEvery > 0 ? ', adapting' : ''}${useCache ? ', cache' : ''}`,
    async prepare(trainTexts: string[]) {
      lm = new CharLM(vocabularyFor(trainTexts), { cell: 'lstm', hiddenSize, seed: 1 });
      adam = new Adam(lm.parameters(), { lr: 3e-3 });
      corpus = lm.vocabulary.encode(trainTexts.join('\n'));
      const started = performance.now();
      for (let s = 1; s <= steps; s++) {
        step(undefined);
        if (s % 200 === 0) log(`    rnn: step ${s}/${steps}, ${((performance.now() - started) / 1000).toFixed(0)} s`);
      }
      predictor = new Predictor(lm);
      if (useCache) {
        documentsCache = new ContextCache();
        for (const text of trainTexts) documentsCache.add(text);
      }
    },
    startDocument() {
      typedCache = useCache ? new ContextCache() : undefined;
      typedCached = 0;
      typed = '';
      sinceAdapt = 0;
      anchor = undefined;
      predictor?.invalidate();
    },
    observe(ch: string) {
      typed += ch;
      if (adaptEvery > 0 && ++sinceAdapt >= adaptEvery) {
        sinceAdapt = 0;
        const recent = lm!.vocabulary.encode(typed.slice(-4096));
        if (recent.length > SEQUENCE + 2) {
          // As the worker does for a changed document: a few passes over the new text.
          const count = Math.ceil((3 * adaptEvery) / (SEQUENCE * BATCH / 2));
          for (let i = 0; i < count; i++) step(recent);
          predictor!.invalidate();
        }
      }
    },
    suggest(before: string): string {
      anchor = anchorFor(anchor, before.length, contextLength);
      if (typedCache && typedCached < anchor) {
        typedCache.add(before.slice(typedCached, anchor));
        typedCached = anchor;
      }
      const caches = documentsCache && typedCache ? [documentsCache, typedCache] : undefined;
      return predictor!.predict('document', anchor, before.slice(anchor), { maxLength: 24, minConfidence, temperature: 0, caches }).text;
    },
  };
}
