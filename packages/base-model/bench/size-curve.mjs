#!/usr/bin/env node
// The size curve the base model's shape was chosen by: for each shape, the held-out bits per byte
// its training run reached (runs/curve-*/log.jsonl and runs/lstm-*/log.jsonl, when present) beside
// what it costs in the editor: the time of one completion (24 symbols, greedy, from a carried
// state, as the extension asks on a keystroke, through two copies of the model — the frozen base
// and the adapted one — with float32 and with int8 recurrent weights) and its weights in F16.
// Latency is measured here on random weights of the same shape (the cost does not depend on the
// values).
//   node bench/size-curve.mjs
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { argmax, ByteVocabulary, CharLM } from '@recurrent/topologies';

const root = join(import.meta.dirname, '..');
const runs = join(root, 'runs');
const SHAPES = [[256, 1], [384, 1], [512, 1], [256, 2], [384, 2], [512, 2]];

function lastValid(folder) {
  const log = join(runs, folder, 'log.jsonl');
  if (!existsSync(log)) return undefined;
  const records = readFileSync(log, 'utf8').trim().split('\n').flatMap(parseLine).filter((r) => r.valid_bits_per_byte !== undefined);
  return records.at(-1);
}

/** A log line, or nothing when it is still being written. */
function parseLine(line) {
  try {
    return [JSON.parse(line)];
  } catch {
    return [];
  }
}

/** The time of 24 greedy symbols through two copies of the shape (the base and the adapted model), each stepping. */
function completionMs(models, weights) {
  const steppers = models.map((model) => model.stepper({ weights }));
  const states = steppers.map((stepper) => {
    for (const id of models[0].vocabulary.encode('function main() {\n  const value = ')) stepper.feed(id);
    return stepper.saveState();
  });
  const times = [];
  for (let r = 0; r < 30; r++) {
    const started = performance.now();
    steppers.forEach((stepper, k) => stepper.restoreState(states[k]));
    for (let i = 0; i < 24; i++) {
      const id = argmax(steppers[0].logits());
      steppers[1].logits();
      for (const stepper of steppers) stepper.feed(id);
    }
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: times[15], p95: times[28] };
}

console.log('shape      params   F16 MB  two models, ms p50 / p95: float32    int8        held-out bits/byte (step)');
for (const [hidden, layers] of SHAPES) {
  const models = [1, 2].map((seed) => new CharLM(new ByteVocabulary(), { cell: 'lstm', hiddenSize: hidden, numLayers: layers, seed }));
  const params = models[0].parameters().reduce((n, p) => n + p.size, 0);
  const float = completionMs(models, 'float32'), int8 = completionMs(models, 'int8');
  const curve = lastValid(`curve-${hidden}x${layers}`);
  const long = lastValid(`lstm-${hidden}x${layers}`);
  const bits = [curve && `${curve.valid_bits_per_byte.toFixed(3)} (${curve.step})`, long && `${long.valid_bits_per_byte.toFixed(3)} (${long.step})`].filter(Boolean).join(', ') || 'not trained';
  const ms = ({ p50, p95 }) => `${p50.toFixed(2).padStart(5)} / ${p95.toFixed(2).padEnd(5)}`;
  console.log(`${`${hidden}x${layers}`.padEnd(9)} ${String(params).padStart(8)}  ${(2 * params / 1e6).toFixed(2).padStart(6)}  ${' '.repeat(23)}${ms(float)}  ${ms(int8)}  ${bits}`);
}
if (!existsSync(runs) || readdirSync(runs).length === 0) console.log('(no training runs here: bits per byte come from runs/, made by train/train.py)');
