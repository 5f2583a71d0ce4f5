#!/usr/bin/env node
/**
 * A training run's newest weights → model/base.safetensors, the file the package ships:
 *
 *   node train/export.mjs runs/lstm-384x1
 *   node train/export.mjs runs/wide-512-s12 runs/wide-512-s13   a uniform soup of runs
 *
 * Rounds the weights to F16, copies the held-out slice (corpus/out/held-out) into held-out/,
 * scores the rounded model on each of its files and on the first MiB of corpus/out/valid.txt
 * (about 3 minutes), and records those scores, the run's step and command and the corpus
 * manifest's sha256 in the file's metadata (`training`).
 *
 * Given several runs that started from the same weights (sessions training side by side, other
 * seeds or settings), it ships the mean of their weights: fine-tuned from one point they stay in
 * one basin, and the average of such models scores better than each (Wortsman et al., 2022,
 * "Model soups"). It prints each run's scores beside the soup's, and records every run.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportCharLMSafetensors, loadCharLMSafetensors } from '@recurrent/topologies';

const root = join(import.meta.dirname, '..');
const runs = process.argv.slice(2);
if (runs.length === 0) {
  console.error('usage: node train/export.mjs RUN_FOLDER [RUN_FOLDER…]');
  process.exit(2);
}

const heldOutSource = join(root, 'corpus', 'out', 'held-out');
if (existsSync(heldOutSource)) for (const f of readdirSync(heldOutSource)) copyFileSync(join(heldOutSource, f), join(root, 'held-out', f));

/** Bits per byte of the F16-rounded model on each held-out file. */
function scoreHeldOut(model) {
  const half = loadCharLMSafetensors(exportCharLMSafetensors(model, { dtype: 'F16' })).model;
  const scores = {};
  for (const f of readdirSync(join(root, 'held-out')).sort()) {
    scores[f] = Number(half.evaluate(readFileSync(join(root, 'held-out', f), 'utf8')).bitsPerChar.toFixed(4));
  }
  return { half, scores };
}

/**
 * Bits per byte on the first MiB of corpus/out/valid.txt, as train.py scores a run (state carried
 * from the first byte), here of the F16 weights shipped: cut back to a whole UTF-8 character so
 * the text decodes to exactly its bytes.
 */
function scoreValid(model) {
  const bytes = readFileSync(join(root, 'corpus', 'out', 'valid.txt')).subarray(0, 1 << 20);
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] & 0xc0) === 0x80) end--;
  if (end > 0 && bytes[end - 1] >= 0xc0) end--;
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
  return Number(model.evaluate(text).bitsPerChar.toFixed(4));
}

/** One run: its weights and what trained them (the starting weights' record kept apart). */
function readRun(run) {
  const { model, metadata } = loadCharLMSafetensors(readFileSync(join(run, 'model.safetensors')));
  const step = Number(metadata.step);
  // The run's arguments, from its PyTorch checkpoint (the invocation that wrote it).
  const args = JSON.parse(execFileSync('/usr/bin/python3', ['-c',
    `import torch, json; a = torch.load(${JSON.stringify(join(run, 'checkpoint.pt'))})["args"]; a.pop("stop_after_seconds"); print(json.dumps(a))`], { encoding: 'utf8' }));
  // A run started from earlier weights carries their record: the model's whole history.
  const initialisedFrom = join(run, 'initialised-from.json');
  const previous = existsSync(initialisedFrom) ? JSON.parse(readFileSync(initialisedFrom, 'utf8')).training : null;
  const record = {
    step, plannedSteps: args.steps, trainedBytes: step * args.batch * args.seq,
    command: `node ../../scripts/pytorch.mjs train/train.py --run ${args.run} --hidden ${args.hidden} --layers ${args.layers} --batch ${args.batch} --seq ${args.seq} --lr ${args.lr} --clip ${args.clip} --steps ${args.steps} --seed ${args.seed}${args.average_decay === undefined ? '' : ` --average-decay ${args.average_decay}`}${args.init_from ? ` --init-from ${args.init_from}` : ''}`,
  };
  return { model, record, previous };
}

/** The mean of the models' weights, into the first. */
function averageInto(models) {
  const tensors = models.map((m) => m.parameters());
  tensors[0].forEach((p, i) => {
    const mean = p.view();
    for (const other of tensors.slice(1)) {
      const values = other[i].view();
      if (values.length !== mean.length) throw new Error(`export: the runs' models differ in shape (parameter ${i})`);
      for (let j = 0; j < mean.length; j++) mean[j] += values[j];
    }
    for (let j = 0; j < mean.length; j++) mean[j] /= models.length;
  });
  return models[0];
}

const read = runs.map(readRun);
const previous = read[0].previous;
if (read.some((r) => JSON.stringify(r.previous) !== JSON.stringify(previous))) {
  throw new Error('export: a soup averages runs that started from the same weights; these did not');
}
if (read.length > 1) {
  for (const [i, r] of read.entries()) {
    const { half, scores } = scoreHeldOut(r.model);
    Object.assign(r.record, { validBitsPerByte: scoreValid(half), heldOutBitsPerByte: scores });
    console.log(`${runs[i]}: ${JSON.stringify(r.record)}`);
  }
}
const model = read.length > 1 ? averageInto(read.map((r) => r.model)) : read[0].model;
const { half, scores: heldOutBitsPerByte } = scoreHeldOut(model);
const trainedBytes = read.reduce((n, r) => n + r.record.trainedBytes, 0);
const training = {
  ...(read.length > 1 ? { soupOf: read.map((r) => r.record), soupCommand: `node train/export.mjs ${runs.join(' ')}` } : read[0].record),
  trainedBytes,
  totalTrainedBytes: trainedBytes + (previous?.totalTrainedBytes ?? previous?.trainedBytes ?? 0),
  ...(previous ? { initialisedFrom: previous } : {}),
  corpusManifestSha256: createHash('sha256').update(readFileSync(join(root, 'corpus', 'manifest.json'))).digest('hex'),
  validBitsPerByte: scoreValid(half),
  heldOutBitsPerByte,
};
const bytes = exportCharLMSafetensors(half, { dtype: 'F16', metadata: { training: JSON.stringify(training) } });
const target = join(root, 'model', 'base.safetensors');
writeFileSync(`${target}.tmp`, bytes);
renameSync(`${target}.tmp`, target);
console.log(`model/base.safetensors: ${bytes.length} bytes${read.length > 1 ? `, the mean of ${read.length} runs` : `, step ${read[0].record.step}`}`);
console.log(JSON.stringify(training, null, 1));
