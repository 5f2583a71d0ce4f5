// The extension's own completion engine in the keystrokes simulation: a CharLM trained as the
// extension's worker trains on opening the documents (same vocabulary rule, model, batch,
// sequence length and number of steps), answering through the same Predictor, n-gram tables and
// anchor logic as the inline provider, and learning the document being typed as the worker does
// (it joins the documents; a few passes over each new stretch of text). The predictor's mixture
// weights learn from the requests, as in the editor; in the harness's single pass for both modes
// that means from the cursor positions of either mode (deterministic, shared by both figures).
import { Adam, Random } from '@recurrent/autograd';
import { CharLM, randomWindows, trainStep } from '@recurrent/topologies';
import { anchorFor } from '../../src/completion/anchor.js';
import { NgramTable } from '../../src/completion/ngram.js';
import { type Prediction, Predictor } from '../../src/completion/predictor.js';
import { BATCH, stepsToLearn } from '../../src/training/loop.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { vocabularyFor } from '../../src/vocabulary.js';

/** The extension's default confidence setting. */
export const DEFAULT_MIN_CONFIDENCE = DEFAULT_SETTINGS.minConfidence;

export interface RnnEngineOptions {
  hiddenSize: number;
  /** Training steps before typing starts; default: what the worker takes for the documents. */
  steps?: number | undefined;
  minConfidence: number;
  /** The typed document goes to the trainer every this many characters (0: never). */
  adaptEvery: number;
  /** Mix in n-gram counts of the text seen (the open documents and what is typed). */
  useNgram: boolean;
  contextLength?: number;
  log?: (line: string) => void;
}

const SEQUENCE = 64;

export function createRnnEngine(options: RnnEngineOptions) {
  const { hiddenSize, minConfidence, adaptEvery, useNgram, contextLength = 256, log = () => undefined } = options;
  // As in the editor: the other documents vote whole, the typed document only before the anchor
  // (the predictor counts the text from the anchor to the cursor itself).
  let documentsTable: NgramTable | undefined;
  let typedTable: NgramTable | undefined;
  let typedCounted = 0;
  let lm: CharLM | undefined, adam: Adam | undefined, predictor: Predictor | undefined;
  let documents: string[] = [];
  let typed = '', sinceAdapt = 0, anchor: number | undefined;
  const rng = new Random(5);

  /** `count` worker steps: random windows of all the documents, the typed one included. */
  const train = (count: number) => {
    const corpus = lm!.vocabulary.encode([...documents, typed].join('\n'));
    for (let s = 0; s < count; s++) {
      const batch = randomWindows(corpus, SEQUENCE, BATCH, rng);
      trainStep(lm!.parameters(), adam!, () => lm!.loss(batch).loss, { clipNorm: 1 });
    }
  };

  return {
    name: `recurrent LSTM 1×${hiddenSize}${adaptEvery > 0 ? ', learning as typed' : ''}${useNgram ? ', n-gram' : ''}`,
    async prepare(trainTexts: string[]) {
      documents = trainTexts;
      typed = '';
      lm = new CharLM(vocabularyFor(trainTexts), { cell: 'lstm', hiddenSize, seed: 1 });
      adam = new Adam(lm.parameters(), { lr: 3e-3 });
      const steps = options.steps ?? trainTexts.reduce((n, t) => n + stepsToLearn(t.length, SEQUENCE), 0);
      const started = performance.now();
      for (let done = 0; done < steps; done += 200) {
        train(Math.min(200, steps - done));
        log(`    rnn: step ${Math.min(done + 200, steps)}/${steps}, ${((performance.now() - started) / 1000).toFixed(0)} s`);
      }
      predictor = new Predictor(lm);
      if (useNgram) {
        documentsTable = new NgramTable();
        for (const text of trainTexts) documentsTable.addText(text);
      }
    },
    startDocument() {
      typedTable = useNgram ? new NgramTable() : undefined;
      typedCounted = 0;
      if (typed) {
        // The document typed before is now one of the open documents.
        documents = [...documents, typed];
        documentsTable?.addText(typed);
      }
      typed = '';
      sinceAdapt = 0;
      anchor = undefined;
      predictor?.invalidate();
    },
    observe(ch: string) {
      typed += ch;
      if (adaptEvery > 0 && ++sinceAdapt >= adaptEvery) {
        sinceAdapt = 0;
        train(stepsToLearn(adaptEvery, SEQUENCE));
        predictor!.invalidate();
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
    anchor = anchorFor(anchor, before.length, contextLength);
    if (typedTable && typedCounted < anchor) {
      typedTable.append(before.slice(typedCounted, anchor));
      typedCounted = anchor;
    }
    const tables = documentsTable && typedTable ? [documentsTable, typedTable] : undefined;
    return predictor!.predict('document', anchor, before.slice(anchor), { maxLength: 24, minConfidence: confidence, temperature: 0, tables });
  }
}
