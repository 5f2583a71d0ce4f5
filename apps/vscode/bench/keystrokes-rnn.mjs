// The keystrokes-saved simulation with the extension's engine beside the baselines, in one run.
//   node bench/keystrokes-rnn.mjs [--quick] [--corpus NAME]… [--engines LIST] [--steps N] [--confidence C] [--adapt N] [--lr R]
//   node bench/keystrokes-rnn.mjs --tune [--dump FILE]   the confidence setting's trade-off on the tuning corpus (FILE: every prediction, JSON)
// Engines (--engines, comma-separated; default shipped,base,static):
//   shipped   the extension as it ships: the frozen base model, its adapted copy (trained on the open
//             files as the worker trains on opening them, then on the typed text every --adapt
//             characters, default 64: about a burst of typing, after which the editor sends the
//             document to the worker; half of each step's windows from the text just typed:
//             dynamic evaluation) and the n-gram, mixed by learnt weights
//   static    the same without dynamic evaluation (the adapted copy never sees the typed text)
//   neural    the recurrent experts alone: the frozen base and its adapted copy, learning as shipped, no n-gram
//   base      the base model alone: no n-gram, no training
//   scratch   what the extension did before the base model: a model trained from nothing + n-gram
// --steps N caps the training steps on opening the files (default: the worker's three passes).
// --lr R: the adapted copy's Adam learning rate (default: the extension's recurrent.learningRate).
// --context N: characters before the cursor the models read (default: the extension's recurrent.contextLength).
// --wrong-budget N: the confidence adapts to about N wrong suggestions per 100 characters typed (default: the
//   extension's recurrent.wrongPer100; 0: fixed at --confidence).
import { readFileSync, writeFileSync } from 'node:fs';
import { loadBaseModel } from '@recurrent/base-model';
import { judgeOffer, keystrokes } from '@recurrent/completion';
import { loadTuningCorpus } from './keystrokes/corpora.mjs';
import { corpusArguments, runKeystrokes } from './keystrokes/run.mjs';

/** The extension's default confidence, where the extension declares it: its package.json. */
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const DEFAULT_MIN_CONFIDENCE = manifest.contributes.configuration.properties['recurrent.minConfidence'].default;
const DEFAULT_WRONG_PER_100 = manifest.contributes.configuration.properties['recurrent.wrongPer100'].default;
const DEFAULT_LEARNING_RATE = manifest.contributes.configuration.properties['recurrent.learningRate'].default;
const DEFAULT_CONTEXT_LENGTH = manifest.contributes.configuration.properties['recurrent.contextLength'].default;

/** The number after flag `name`, if given. */
const optional = (/** @type {string} */ name) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : Number(process.argv[i + 1]);
};
const argument = (/** @type {string} */ name, /** @type {number} */ fallback) => optional(name) ?? fallback;
const quick = process.argv.includes('--quick');
const base = loadBaseModel().model;
const common = {
  hiddenSize: argument('--hidden', 256),
  steps: quick ? argument('--steps', 150) : optional('--steps'),
  minConfidence: argument('--confidence', DEFAULT_MIN_CONFIDENCE),
  learningRate: argument('--lr', DEFAULT_LEARNING_RATE),
  wrongPer100: argument('--wrong-budget', DEFAULT_WRONG_PER_100) || undefined,
  contextLength: argument('--context', DEFAULT_CONTEXT_LENGTH),
  log: (/** @type {string} */ line) => process.stderr.write(`${line}\n`),
};
const adaptEvery = argument('--adapt', 64);
/** @type {Record<string, () => ReturnType<typeof keystrokes.createCompleterEngine>>} */
const ENGINES = {
  shipped: () => keystrokes.createCompleterEngine({ ...common, base, startFrom: base, adaptEvery, useNgram: true }),
  static: () => keystrokes.createCompleterEngine({ ...common, base, startFrom: base, adaptEvery: 0, useNgram: true }),
  neural: () => keystrokes.createCompleterEngine({ ...common, base, startFrom: base, adaptEvery, useNgram: false }),
  base: () => keystrokes.createCompleterEngine({ ...common, startFrom: base, steps: 0, adaptEvery: 0, useNgram: false }),
  scratch: () => keystrokes.createCompleterEngine({ ...common, adaptEvery, useNgram: true }),
};
const chosen = (process.argv[process.argv.indexOf('--engines') + 1] ?? '').split(',');
const names = process.argv.includes('--engines') ? chosen : ['shipped', 'static', 'base'];
for (const n of names) if (!(n in ENGINES)) throw new Error(`keystrokes-rnn: unknown engine ${n} (known: ${Object.keys(ENGINES).join(', ')})`);
const engine = ENGINES[names[0] ?? 'shipped'];
if (process.argv.includes('--tune')) await tune();
else await runKeystrokes({ engines: names.map((n) => /** @type {NonNullable<typeof engine>} */ (ENGINES[n])), quick, corpora: corpusArguments(process.argv.slice(2)) });

/**
 * Types the tuning corpus once, asking at every position for everything the engine could show
 * (with its first-word probability and expected saving), then replays the typing for several
 * confidence settings: the setting's trade-off between keystrokes saved and wrong suggestions,
 * measured on text that is not the test text.
 */
async function tune() {
  const corpus = loadTuningCorpus();
  const texts = corpus.test.map((f) => f.text);
  const recorder = /** @type {NonNullable<typeof engine>} */ (engine)();
  await recorder.prepare(corpus.train.map((f) => f.text));
  /** @type {import('@recurrent/completion').Prediction[][]} */
  const records = texts.map(() => []);
  texts.forEach((text, d) => {
    recorder.startDocument();
    for (let i = 0; i < text.length;) {
      const ch = String.fromCodePoint(/** @type {number} */ (text.codePointAt(i)));
      /** @type {any[]} */ (records[d])[i] = recorder.inspect(text.slice(0, i));
      recorder.observe(ch);
      i += ch.length;
    }
    process.stderr.write(`    tuning: typed ${corpus.test[d]?.path}\n`);
  });
  const dump = process.argv.indexOf('--dump');
  if (dump >= 0) writeFileSync(/** @type {string} */ (process.argv[dump + 1]), JSON.stringify(records));
  console.log(`confidence setting on ${corpus.description} (${texts.map((t) => t.length).join(' + ')} chars typed)`);
  console.log('confidence  saved % full / partial  wrong /100ch full / partial');
  for (const c of [0.5, 0.6, 0.62, 0.64, 0.66, 0.68, 0.7, 0.72, 0.74, 0.76, 0.78, 0.8, 0.85, 0.9]) {
    let d = -1;
    const replay = {
      name: `c ${c.toFixed(2)}`,
      startDocument() { d++; },
      suggest(/** @type {string} */ before) {
        const r = records[d]?.[before.length];
        if (!r) return '';
        const offer = judgeOffer(r.candidate.characters, r.candidate.probabilities, c);
        return offer.worthShowing ? r.candidate.characters.slice(0, offer.length).join('') : '';
      },
    };
    const { full, partial } = keystrokes.simulateModes(replay, texts, { autoIndent: corpus.autoIndent });
    console.log(`${c.toFixed(2).padStart(10)}  ${(100 * full.saved).toFixed(1).padStart(8)} / ${(100 * partial.saved).toFixed(1).padEnd(8)}  ${full.wrongPer100.toFixed(1).padStart(12)} / ${partial.wrongPer100.toFixed(1)}`);
  }
}
