// The keystrokes-saved simulation with the extension's engine beside the baselines, in one run:
// bundles bench/keystrokes/rnn-engine.ts and hands it to runKeystrokes.
//   node bench/keystrokes-rnn.mjs [--quick] [--corpus NAME]… [--steps N] [--confidence C] [--adapt N] [--no-ngram] [--base FILE]
//   node bench/keystrokes-rnn.mjs --tune [--dump FILE]   the confidence setting's trade-off on the tuning corpus (FILE: every prediction, JSON)
// By default the model takes the steps the extension's worker takes on opening the training
// files (three passes over them; ~1,300 steps and ~80 s of training for the project corpus), and
// the confidence is the extension's default setting. --base FILE: a model file (.rnn) that joins
// the mixture frozen, and that the trained model starts from (a copy) instead of a new model.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { loadTuningCorpus } from './keystrokes/corpora.mjs';
import { keystrokes } from '@recurrent/completion';
import { corpusArguments, runKeystrokes } from './keystrokes/run.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const argument = (/** @type {string} */ name, /** @type {number | undefined} */ fallback) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const quick = process.argv.includes('--quick');
const out = join(here, '..', 'dist', 'bench-rnn-engine.mjs');
mkdirSync(dirname(out), { recursive: true });
await build({ entryPoints: [join(here, 'keystrokes', 'rnn-engine.ts')], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
const { createRnnEngine, DEFAULT_MIN_CONFIDENCE, loadModel } = await import(pathToFileURL(out).href);
const baseFile = process.argv.indexOf('--base');
const base = baseFile < 0 ? undefined : loadModel(readFileSync(/** @type {string} */ (process.argv[baseFile + 1])));
const engine = () => createRnnEngine({
  base,
  startFrom: base,
  hiddenSize: argument('--hidden', 256),
  steps: argument('--steps', quick ? 150 : undefined),
  minConfidence: argument('--confidence', DEFAULT_MIN_CONFIDENCE),
  adaptEvery: argument('--adapt', 256),
  useNgram: !process.argv.includes('--no-ngram'),
  log: (/** @type {string} */ line) => process.stderr.write(`${line}\n`),
});
if (process.argv.includes('--tune')) await tune();
else await runKeystrokes({ engines: [engine], quick, corpora: corpusArguments(process.argv.slice(2)) });

/**
 * Types the tuning corpus once, asking at every position for everything the engine could show
 * (with its first-word probability and expected saving), then replays the typing for several
 * confidence settings: the setting's trade-off between keystrokes saved and wrong suggestions,
 * measured on text that is not the test text.
 */
async function tune() {
  const corpus = loadTuningCorpus();
  const texts = corpus.test.map((f) => f.text);
  const recorder = engine();
  await recorder.prepare(corpus.train.map((f) => f.text));
  /** @type {Array<Array<{ text: string, confidence: number, expectedSaving: number }>>} */
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
        return r && r.text && r.expectedSaving > 0 && r.expectedSaving >= ((1 - r.confidence) * c) / (1 - c) ? r.text : '';
      },
    };
    const { full, partial } = keystrokes.simulateModes(replay, texts, { autoIndent: corpus.autoIndent });
    console.log(`${c.toFixed(2).padStart(10)}  ${(100 * full.saved).toFixed(1).padStart(8)} / ${(100 * partial.saved).toFixed(1).padEnd(8)}  ${full.wrongPer100.toFixed(1).padStart(12)} / ${partial.wrongPer100.toFixed(1)}`);
  }
}
