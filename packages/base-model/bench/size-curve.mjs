#!/usr/bin/env node
// The size curve the base model's shape was chosen by: for each shape, the held-out bits per byte
// its training run reached (runs/curve-*/log.jsonl and runs/lstm-*/log.jsonl, when present) beside
// what it costs in the editor: the time of one completion (24 symbols, greedy, from a carried
// state, as the extension asks on a keystroke) and its weights in F16 and F32. Latency is measured
// here on random weights of the same shape (the cost does not depend on the values).
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

function completionMs(model) {
  const stepper = model.stepper();
  for (const id of model.vocabulary.encode('function main() {\n  const value = ')) stepper.feed(id);
  const state = stepper.saveState();
  const times = [];
  for (let r = 0; r < 30; r++) {
    const started = performance.now();
    stepper.restoreState(state);
    for (let i = 0; i < 24; i++) stepper.feed(argmax(stepper.logits()));
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: times[15], p95: times[28] };
}

console.log('shape      params   F16 MB  completion ms p50 / p95   held-out bits/byte (step)');
for (const [hidden, layers] of SHAPES) {
  const model = new CharLM(new ByteVocabulary(), { cell: 'lstm', hiddenSize: hidden, numLayers: layers, seed: 1 });
  const params = model.parameters().reduce((n, p) => n + p.size, 0);
  const { p50, p95 } = completionMs(model);
  const curve = lastValid(`curve-${hidden}x${layers}`);
  const long = lastValid(`lstm-${hidden}x${layers}`);
  const bits = [curve && `${curve.valid_bits_per_byte.toFixed(3)} (${curve.step})`, long && `${long.valid_bits_per_byte.toFixed(3)} (${long.step})`].filter(Boolean).join(', ') || 'not trained';
  console.log(`${`${hidden}x${layers}`.padEnd(9)} ${String(params).padStart(8)}  ${(2 * params / 1e6).toFixed(2).padStart(6)}  ${p50.toFixed(2).padStart(8)} / ${p95.toFixed(2).padEnd(12)}  ${bits}`);
}
if (!existsSync(runs) || readdirSync(runs).length === 0) console.log('(no training runs here: bits per byte come from runs/, made by train/train.py)');
