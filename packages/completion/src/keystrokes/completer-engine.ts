// The editor's completion engine in the keystrokes simulation: a CharLM trained as the
// extension's worker trains on opening the documents (same vocabulary rule, model, batch,
// sequence length and number of steps), answering through the same Completer and
// CompletionSession as the inline provider (experts, n-gram tables, anchor), and learning the
// document being typed as the worker does (it joins the documents; a few passes over each new
// stretch of text, half of each step's windows from that stretch: dynamic evaluation). The
// trained model is the "adapted" expert; given a frozen base model, that joins as the "base"
// expert, and the adapted model may start as a copy of a given model (the base) instead of from
// nothing. The mixture weights learn from the requests, as in the editor;
// in the harness's single pass for both modes that means from the cursor positions of either
// mode (deterministic, shared by both figures).
import { Adam, Random } from '@recurrent/autograd';
import { ByteVocabulary, CharLM, loadCharLM, randomWindows, saveCharLM, trainStep } from '@recurrent/topologies';
import { ADAPTED, BASE, Completer } from '../completer.js';
import { FRESH_CAPACITY, FreshText, LEARNING_BATCH, learningBatch, stepsToLearn } from '../learning.js';
import type { CompletionSession, Prediction } from '../session.js';

export interface CompleterEngineOptions {
  /** Hidden units of a model trained from nothing (ignored with `startFrom`). */
  hiddenSize: number;
  /** Training steps before typing starts; default: what the worker takes for the documents. */
  steps?: number | undefined;
  minConfidence: number;
  /** Adapt the confidence from `minConfidence` to about this many wrong suggestions per 100 characters (undefined: fixed). */
  wrongPer100?: number | undefined;
  /** The typed document goes to the trainer every this many characters (0: never). */
  adaptEvery: number;
  /** Mix in n-gram counts of the text seen (the open documents and what is typed). */
  useNgram: boolean;
  contextLength?: number;
  /** A frozen model that joins the mixture as the base expert (never trained here). */
  base?: CharLM | undefined;
  /** The adapted model starts as a copy of this one (e.g. the base) instead of a new model. */
  startFrom?: CharLM | undefined;
  /** Adam's learning rate of the adapted model; default 3e-3, the extension's `recurrent.learningRate`. */
  learningRate?: number | undefined;
  log?: (line: string) => void;
}

const SEQUENCE = 64;

export function createCompleterEngine(options: CompleterEngineOptions) {
  const { hiddenSize, minConfidence, adaptEvery, useNgram, contextLength = 256, base, startFrom, learningRate = 3e-3, log = () => undefined } = options;
  let lm: CharLM | undefined, adam: Adam | undefined, completer: Completer | undefined, session: CompletionSession | undefined;
  /** The open documents by key, as the engine keeps them: the n-gram counts all but the typed one. */
  const documents = new Map<string, string>();
  let typed = '', typedCount = 0, sinceAdapt = 0;
  const rng = new Random(5);

  /** The text typed lately, as the worker keeps the text just edited. */
  let fresh = new FreshText(FRESH_CAPACITY);
  /** `count` worker steps: random windows of all the documents, the typed one included (half from `fresh` after typing). */
  const train = (count: number, withFresh = false) => {
    const corpus = lm!.vocabulary.encode([...documents.values(), typed].join('\n'));
    // As the worker: nothing to learn until there is a window's worth of text (a cold start).
    if (corpus.length < SEQUENCE + 2) return;
    for (let s = 0; s < count; s++) {
      const batch = withFresh ? learningBatch(corpus, fresh.symbols, SEQUENCE, rng) : randomWindows(corpus, SEQUENCE, LEARNING_BATCH, rng);
      trainStep(lm!.parameters(), adam!, () => lm!.loss(batch).loss, { clipNorm: 1 });
    }
  };

  const spec = startFrom ? `${startFrom.config.cell.toUpperCase()} ${startFrom.config.numLayers}×${startFrom.config.hiddenSize} from a given model` : `LSTM 1×${hiddenSize}`;
  return {
    name: `recurrent ${spec}${base ? ', frozen base' : ''}${adaptEvery > 0 ? ', learning as typed' : ''}${useNgram ? ', n-gram' : ''}`,
    async prepare(trainTexts: string[]) {
      documents.clear();
      trainTexts.forEach((text, i) => documents.set(`train${i}`, text));
      typed = '';
      typedCount = 0;
      fresh = new FreshText(fresh.capacity);
      // Every expert shares one vocabulary: the given models', else the worker's rule for a new model.
      lm = startFrom ? loadCharLM(saveCharLM(startFrom)).model : new CharLM(base?.vocabulary ?? new ByteVocabulary(), { cell: 'lstm', hiddenSize, seed: 1 });
      adam = new Adam(lm.parameters(), { lr: learningRate });
      const steps = options.steps ?? trainTexts.reduce((n, t) => n + stepsToLearn(t.length, SEQUENCE), 0);
      const started = performance.now();
      for (let done = 0; done < steps; done += 200) {
        train(Math.min(200, steps - done));
        log(`    rnn: step ${Math.min(done + 200, steps)}/${steps}, ${((performance.now() - started) / 1000).toFixed(0)} s`);
      }
      // The harness asks synchronously: tables are counted at once, and (as before) with no limit.
      completer = new Completer({ documents: () => documents, ngram: useNgram, background: false, othersLimit: Infinity });
      completer.setModels({ [BASE]: base, [ADAPTED]: lm });
      session = undefined;
    },
    startDocument() {
      if (session) {
        // The document typed before is now one of the open documents.
        completer!.close(session.key);
        documents.set(session.key, typed);
        completer!.documentChanged(session.key);
      }
      typed = '';
      sinceAdapt = 0;
      session = completer!.session(`typed${typedCount++}`);
    },
    observe(ch: string) {
      typed += ch;
      if (adaptEvery > 0 && ++sinceAdapt >= adaptEvery) {
        sinceAdapt = 0;
        // The characters just typed and a window of context before them, counted in symbols.
        const recent = lm!.vocabulary.encode(typed.slice(-(adaptEvery + SEQUENCE)));
        const written = lm!.vocabulary.encode(typed.slice(-adaptEvery)).length;
        fresh.add(recent, recent.length - written, recent.length, SEQUENCE);
        train(stepsToLearn(adaptEvery, SEQUENCE), true);
        completer!.modelChanged(ADAPTED);
      }
    },
    suggest(before: string): string {
      return predict(before, minConfidence).text;
    },
    /** The prediction at the cursor at confidence 0: everything that could be shown, with its figures (for tuning). */
    inspect(before: string): Prediction {
      return predict(before, 0);
    },
  };

  function predict(before: string, confidence: number): Prediction {
    const document = { cursor: before.length, slice: (start: number, end: number) => before.slice(start, end) };
    session ??= completer!.session(`typed${typedCount++}`);
    return session.suggest(document, { maxLength: 24, minConfidence: confidence, wrongPer100: confidence > 0 ? options.wrongPer100 : undefined, temperature: 0, contextLength });
  }
}
