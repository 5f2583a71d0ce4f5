// What the extension host feels while the model trains: the event loop's delay (perf_hooks
// monitorEventLoopDelay), the completion latency and the host's memory at the shipped size (the
// frozen base model and its adapted copy, as the extension serves them), with the real bundled
// training worker running beside it, the documents' n-gram tables being counted in the
// background as the engine's completer does, and a simulated user typing every 30 ms. Built and run by
// bench/run.mjs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type CharLM, loadCharLM, readCharLMWeights } from '@recurrent/topologies';
import { loadBaseModel } from '@recurrent/base-model';
import { ADAPTED, BASE, Completer } from '@recurrent/completion';
import { DEFAULT_SETTINGS } from '../src/settings.js';
import { TrainerClient } from '../src/training/client.js';
import type { FromWorker } from '../src/training/protocol.js';

const [workerFile, corpusDir, secondsArg, budgetArg] = process.argv.slice(2);
const seconds = Number(secondsArg ?? 30);
const cpuBudget = Number(budgetArg ?? 0.5);

/** Up to the workspace defaults: 200 files, 4 MB. */
function sources(dir: string, limit = 4_000_000, maxFiles = 200): string[] {
  const out: string[] = [];
  let total = 0;
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (name === 'node_modules' || name === 'dist' || name === 'build' || name.startsWith('.')) continue; // build: generated (the base model's weights as base64)
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|js|mjs|md)$/.test(name) && total < limit && out.length < maxFiles) {
        const text = readFileSync(path, 'utf8');
        out.push(text);
        total += text.length;
      }
    }
  };
  walk(dir);
  return out;
}

const texts = sources(corpusDir!);
let model: CharLM | undefined;
const documents = new Map(texts.map((text, i) => [`doc${i}`, text] as const));
const completer = new Completer({ documents: () => documents });
const base = loadBaseModel().model;
completer.setModels({ [BASE]: base });
let steps = 0;
let snapshots = 0;
const speeds: number[] = [];
const client = new TrainerClient(workerFile!, (m: FromWorker) => {
  if (m.type === 'progress' && m.status === 'training') {
    steps = m.step;
    speeds.push(m.charsPerSecond);
  }
  if (m.type === 'model') {
    snapshots++;
    // What the engine does with a snapshot: reload the weights in place.
    if (model) {
      readCharLMWeights(model, m.bytes);
      completer.modelChanged(ADAPTED);
    } else {
      model = loadCharLM(m.bytes).model;
      completer.setModels({ [BASE]: base, [ADAPTED]: model });
      const counting = performance.now();
      void completer.countOthers('typing').then(() => (countedMs = performance.now() - counting));
    }
  }
}, () => undefined);
client.send({ type: 'init', model: undefined, spec: 'base', training: { sequenceLength: 64, learningRate: 3e-3, cpuBudget } });
texts.forEach((text, i) => client.send({ type: 'document', key: `doc${i}`, text }));
client.send({ type: 'trainNow' });

// As the engine does: the documents counted into one table in slices between the host's other
// work, once the first model gives the vocabulary (timed from then).
let countedMs = NaN;

const typed = texts.join('\n');
const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
const latencies: number[] = [];
let cursor = 2000;
const typing = setInterval(() => {
  if (!completer.ready) return;
  cursor++;
  const started = performance.now();
  completer.session('typing').suggest({ cursor, slice: (start, end) => typed.slice(start, end) },
    { maxLength: 24, minConfidence: DEFAULT_SETTINGS.minConfidence, wrongPer100: DEFAULT_SETTINGS.wrongPer100, temperature: 0, contextLength: 256 });
  latencies.push(performance.now() - started);
}, 30);

setTimeout(async () => {
  clearInterval(typing);
  delay.disable();
  await client.stop();
  const sorted = [...latencies].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  const ms = (ns: number) => ns / 1e6;
  const speed = [...speeds].sort((a, b) => a - b)[Math.floor(speeds.length / 2)] ?? 0;
  process.stdout.write(JSON.stringify({
    seconds, cpuBudget, files: texts.length, corpusCharacters: typed.length,
    hostMemoryMB: { rss: Math.round(process.memoryUsage().rss / 1e6), heap: Math.round(process.memoryUsage().heapUsed / 1e6) }, trainingSteps: steps, snapshots, ngramCountingMs: Math.round(countedMs),
    trainingCharsPerSecondWhileStepping: Math.round(speed),
    eventLoopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
    completionLatencyMs: { count: sorted.length, p50: q(0.5), p95: q(0.95), max: sorted.at(-1) },
  }) + '\n');
}, seconds * 1000);
