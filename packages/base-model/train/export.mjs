#!/usr/bin/env node
/**
 * A training run's newest weights → model/base.safetensors, the file the package ships:
 *
 *   node train/export.mjs runs/lstm-384x1
 *
 * Rounds the weights to F16, copies the held-out slice (corpus/out/held-out) into held-out/,
 * scores the rounded model on each of its files, and records that, the run's step, command,
 * held-out bits per byte and the corpus manifest's sha256 in the file's metadata (`training`).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportCharLMSafetensors, loadCharLMSafetensors } from '@recurrent/topologies';

const root = join(import.meta.dirname, '..');
const run = process.argv[2];
if (!run) {
  console.error('usage: node train/export.mjs RUN_FOLDER');
  process.exit(2);
}
const { model, metadata } = loadCharLMSafetensors(readFileSync(join(run, 'model.safetensors')));
const log = readFileSync(join(run, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const step = Number(metadata.step);
const valid = log.filter((r) => r.valid_bits_per_byte !== undefined && r.step <= step).at(-1);
// The run's arguments, from its PyTorch checkpoint (the invocation that wrote it).
const args = JSON.parse(execFileSync('/usr/bin/python3', ['-c',
  `import torch, json; a = torch.load(${JSON.stringify(join(run, 'checkpoint.pt'))})["args"]; a.pop("stop_after_seconds"); print(json.dumps(a))`], { encoding: 'utf8' }));

const heldOutSource = join(root, 'corpus', 'out', 'held-out');
if (existsSync(heldOutSource)) for (const f of readdirSync(heldOutSource)) copyFileSync(join(heldOutSource, f), join(root, 'held-out', f));
const half = loadCharLMSafetensors(exportCharLMSafetensors(model, { dtype: 'F16' })).model;
const heldOutBitsPerByte = {};
for (const f of readdirSync(join(root, 'held-out')).sort()) {
  heldOutBitsPerByte[f] = Number(half.evaluate(readFileSync(join(root, 'held-out', f), 'utf8')).bitsPerChar.toFixed(4));
}
// A run started from earlier weights carries their record: the model's whole history.
const initialisedFrom = join(run, 'initialised-from.json');
const previous = existsSync(initialisedFrom) ? JSON.parse(readFileSync(initialisedFrom, 'utf8')).training : null;
const trainedBytes = step * args.batch * args.seq;
const training = {
  step, plannedSteps: args.steps, trainedBytes,
  totalTrainedBytes: trainedBytes + (previous?.totalTrainedBytes ?? previous?.trainedBytes ?? 0),
  command: `node ../../scripts/pytorch.mjs train/train.py --run ${args.run} --hidden ${args.hidden} --layers ${args.layers} --batch ${args.batch} --seq ${args.seq} --lr ${args.lr} --clip ${args.clip} --steps ${args.steps} --seed ${args.seed}${args.average_decay === undefined ? "" : ` --average-decay ${args.average_decay}`}${args.init_from ? ` --init-from ${args.init_from}` : ''}`,
  ...(previous ? { initialisedFrom: previous } : {}),
  corpusManifestSha256: createHash('sha256').update(readFileSync(join(root, 'corpus', 'manifest.json'))).digest('hex'),
  validBitsPerByte: valid ? Number(valid.valid_bits_per_byte.toFixed(4)) : null,
  heldOutBitsPerByte,
};
const bytes = exportCharLMSafetensors(half, { dtype: 'F16', metadata: { training: JSON.stringify(training) } });
const target = join(root, 'model', 'base.safetensors');
writeFileSync(`${target}.tmp`, bytes);
renameSync(`${target}.tmp`, target);
console.log(`model/base.safetensors: ${bytes.length} bytes, step ${step}`);
console.log(JSON.stringify(training, null, 1));
