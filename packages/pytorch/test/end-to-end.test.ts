/**
 * The way between PyTorch and this project, end to end: PyTorch trains a small CharLM with
 * DistributedDataParallel over two processes (gloo, CPU) → our loader reads its safetensors →
 * the logits equal PyTorch's on held-out text → we fine-tune a few steps → export → PyTorch
 * loads our file with load_state_dict and gives the logits we give. Installs Debian's
 * python3-torch when missing (as root on Debian), as the browser tests install Chromium.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CharLM, decodeSafetensors, exportCharLMSafetensors, loadCharLMSafetensors } from '@recurrent/topologies';
import { beforeAll, describe, expect, it } from 'vitest';
import { pytorchEnvironment, TORCHRUN } from '../../../scripts/pytorch-environment.mjs';

const TOLERANCE = 1e-5;
const TRAIN = 'the quick brown fox jumps over the lazy dog.\nthe lazy dog sleeps in the sun; the fox does not.\n'.repeat(30);
const HELD_OUT = 'a lazy fox sleeps over the brown dog, and the sun jumps.\nthe end.';

interface Environment { python: string; env: NodeJS.ProcessEnv; missing?: string }

function python(environment: Environment, args: string[], cwd: string): string {
  const run = spawnSync(environment.python, args, { cwd, env: environment.env, encoding: 'utf8', timeout: 600_000 });
  if (run.status !== 0) throw new Error(`python ${args.join(' ')} failed (${run.status}):\n${run.stderr}\n${run.stdout}`);
  return run.stdout;
}

/** PyTorch's logits along `text` for the model in `file`, [symbols][V]. */
function pytorchLogits(environment: Environment, dir: string, file: string, text: string): number[][] {
  writeFileSync(join(dir, 'text.txt'), text);
  python(environment, ['-m', 'recurrent_torch.logits', file, join(dir, 'text.txt'), join(dir, 'logits.json')], dir);
  return (JSON.parse(readFileSync(join(dir, 'logits.json'), 'utf8')) as { logits: number[][] }).logits;
}

/** Ours, stepping from zero state: the path the editor runs. */
function ourLogits(lm: CharLM, text: string): number[][] {
  const stepper = lm.stepper();
  return Array.from(lm.vocabulary.encode(text), (id) => {
    stepper.feed(id);
    return Array.from(stepper.logits());
  });
}

function largestDifference(a: number[][], b: number[][]): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  a.forEach((row, t) => row.forEach((x, v) => (worst = Math.max(worst, Math.abs(x - b[t]![v]!)))));
  return worst;
}

describe('PyTorch → recurrent → PyTorch', () => {
  let environment: Environment;
  const dir = mkdtempSync(join(tmpdir(), 'recurrent-pytorch-'));
  beforeAll(() => {
    environment = pytorchEnvironment({ install: true }) as Environment;
    if (environment.missing) throw new Error(`this test needs PyTorch: ${environment.missing}`);
    writeFileSync(join(dir, 'train.txt'), TRAIN);
  });

  it('trains with DDP over 2 processes, loads here with PyTorch\'s logits, fine-tunes, and goes back', async () => {
    const out = join(dir, 'ddp.safetensors');
    const log = python(environment, [...TORCHRUN, '--standalone', '--nproc_per_node', '2', '-m', 'recurrent_torch.train',
      '--out', out, '--cell', 'lstm', '--hidden', '16', '--layers', '2', '--embedding', '8', '--steps', '150',
      '--batch', '8', '--seq', '16', '--lr', '0.02', join(dir, 'train.txt')], dir);
    expect(log).toMatch(/"step": 150, .*"processes": 2/);
    const { model, metadata, mapping } = loadCharLMSafetensors(readFileSync(out));
    expect(JSON.parse(metadata.training!)).toMatchObject({ processes: 2, backend: 'gloo', step: 150 });
    expect(model.config).toMatchObject({ cell: 'lstm', hiddenSize: 16, numLayers: 2, embeddingSize: 8 });
    expect(mapping[0]).toEqual({ from: 'embedding.weight', to: 'embedding.weight' });
    // It learnt something in 150 steps (so the comparison is of a trained model, not of an initialisation).
    expect(model.evaluate(TRAIN.slice(0, 400)).bitsPerChar).toBeLessThan(Math.log2(model.vocabulary.size) - 1);

    const imported = largestDifference(ourLogits(model, HELD_OUT), pytorchLogits(environment, dir, out, HELD_OUT));
    expect(imported).toBeLessThanOrEqual(TOLERANCE);

    const before = model.evaluate(TRAIN.slice(0, 400)).bitsPerChar;
    await model.fit([TRAIN], { steps: 10, seqLength: 16, batchSize: 8, lr: 0.01, seed: 1 });
    expect(model.evaluate(TRAIN.slice(0, 400)).bitsPerChar).toBeLessThan(before);
    const back = join(dir, 'tuned.safetensors');
    writeFileSync(back, exportCharLMSafetensors(model));
    const exported = largestDifference(ourLogits(model, HELD_OUT), pytorchLogits(environment, dir, back, HELD_OUT));
    expect(exported).toBeLessThanOrEqual(TOLERANCE);
    console.log(`end-to-end: largest logit difference ${imported.toExponential(2)} (PyTorch's DDP model here), ${exported.toExponential(2)} (ours back in PyTorch)`);
  });

  it('a GRU over UTF-8 bytes, one-hot, saved in BF16 by PyTorch, reads here as PyTorch reads it', () => {
    const out = join(dir, 'gru.safetensors');
    python(environment, ['-m', 'recurrent_torch.train', '--out', out, '--vocabulary', 'bytes', '--cell', 'gru', '--hidden', '12',
      '--steps', '10', '--batch', '4', '--seq', '16', '--dtype', 'BF16', join(dir, 'train.txt')], dir);
    const bytes = readFileSync(out);
    expect(decodeSafetensors(bytes).tensors.every((t) => t.data.length > 0)).toBe(true);
    const { model } = loadCharLMSafetensors(bytes);
    expect(model.vocabulary.kind).toBe('bytes');
    const text = 'zürich — ünïcödé, 🦊 and bytes';
    expect(largestDifference(ourLogits(model, text), pytorchLogits(environment, dir, out, text))).toBeLessThanOrEqual(TOLERANCE);
  });
});
