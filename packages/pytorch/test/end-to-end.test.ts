/**
 * The way between PyTorch and this project, end to end, through the command a user runs: PyTorch
 * trains a small CharLM with DistributedDataParallel over two processes (gloo, CPU) →
 * `recurrent import` reads its safetensors → the logits equal PyTorch's on held-out text → we
 * fine-tune a few steps → `recurrent export --format safetensors` (F32 and BF16) → PyTorch loads
 * our files with load_state_dict and gives the logits we give. A model a user wrote (their own
 * module names, no vocabulary in the file) goes the same way with --vocabulary, also when that
 * vocabulary is a plain sorted(set(text)) without U+FFFD (added at id 0 on import). Installs
 * Debian's python3-torch when missing (as root on Debian), as the browser tests install Chromium.
 *
 * The CLI runs from apps/cli/dist (spawned by path, so no dependency on it): this package's
 * turbo.json makes its test depend on @recurrent/cli#build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CharLM, decodeSafetensors, loadCharLM, loadCharLMSafetensors, probabilities, saveCharLM } from '@recurrent/topologies';
import { beforeAll, describe, expect, it } from 'vitest';
import { pytorchEnvironment, TORCHRUN } from '../../../scripts/pytorch-environment.mjs';

const TOLERANCE = 1e-5;
const CLI = fileURLToPath(new URL('../../../apps/cli/dist/main.js', import.meta.url));
const USER_MODEL = fileURLToPath(new URL('./user_model.py', import.meta.url));
const TRAIN = 'the quick brown fox jumps over the lazy dog.\nthe lazy dog sleeps in the sun; the fox does not.\n'.repeat(30);
const HELD_OUT = 'a lazy fox sleeps over the brown dog, and the sun jumps.\nthe end.';

interface Environment { python: string; env: NodeJS.ProcessEnv; missing?: string }

function python(environment: Environment, args: string[], cwd: string): string {
  const run = spawnSync(environment.python, args, { cwd, env: environment.env, encoding: 'utf8', timeout: 600_000 });
  if (run.status !== 0) throw new Error(`python ${args.join(' ')} failed (${run.status}):\n${run.stderr}\n${run.stdout}`);
  return run.stdout;
}

/** `recurrent ARGS…` as a user runs it: the built CLI in its own process. */
function recurrent(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 300_000 });
}

/** `recurrent ARGS… --json`'s answer; a failure is the test's, with the CLI's message. */
function recurrentJson<T>(args: string[], cwd: string): T {
  const run = recurrent([...args, '--json'], cwd);
  if (run.status !== 0) throw new Error(`recurrent ${args.join(' ')} failed (${run.status}):\n${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

interface Imported { out: string; config: Record<string, unknown>; mapping: { from: string; to: string }[] }

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
    if (!existsSync(CLI)) throw new Error(`this test runs the built CLI: build it first (pnpm --filter @recurrent/cli build), ${CLI} is missing`);
    writeFileSync(join(dir, 'train.txt'), TRAIN);
    writeFileSync(join(dir, 'held-out.txt'), HELD_OUT);
  });

  it('trains with DDP over 2 processes, `recurrent import`s with PyTorch\'s logits, fine-tunes, and `recurrent export`s back in F32 and BF16', async () => {
    const out = join(dir, 'ddp.safetensors');
    const log = python(environment, [...TORCHRUN, '--standalone', '--nproc_per_node', '2', '-m', 'recurrent_torch.train',
      '--out', out, '--cell', 'lstm', '--hidden', '16', '--layers', '2', '--embedding', '8', '--steps', '150',
      '--batch', '8', '--seq', '16', '--lr', '0.02', join(dir, 'train.txt')], dir);
    expect(log).toMatch(/"step": 150, .*"processes": 2/);
    expect(JSON.parse(decodeSafetensors(readFileSync(out)).metadata.training!)).toMatchObject({ processes: 2, backend: 'gloo', step: 150 });
    const imported = recurrentJson<Imported>(['import', 'ddp.safetensors', '-o', 'ddp.rnn'], dir);
    expect(imported.config).toMatchObject({ cell: 'lstm', hiddenSize: 16, numLayers: 2, embeddingSize: 8 });
    expect(imported.mapping[0]).toEqual({ from: 'embedding.weight', to: 'embedding.weight' });
    const { model } = loadCharLM(readFileSync(join(dir, 'ddp.rnn')));
    // It learnt something in 150 steps (so the comparison is of a trained model, not of an initialisation).
    expect(model.evaluate(TRAIN.slice(0, 400)).bitsPerChar).toBeLessThan(Math.log2(model.vocabulary.size) - 1);
    const importedDifference = largestDifference(ourLogits(model, HELD_OUT), pytorchLogits(environment, dir, out, HELD_OUT));
    expect(importedDifference).toBeLessThanOrEqual(TOLERANCE);

    const before = model.evaluate(TRAIN.slice(0, 400)).bitsPerChar;
    await model.fit([TRAIN], { steps: 10, seqLength: 16, batchSize: 8, lr: 0.01, seed: 1 });
    expect(model.evaluate(TRAIN.slice(0, 400)).bitsPerChar).toBeLessThan(before);
    writeFileSync(join(dir, 'tuned.rnn'), saveCharLM(model));
    expect(recurrentJson<{ out: string }>(['export', 'tuned.rnn', '--format', 'safetensors'], dir).out).toBe('tuned.safetensors');
    const exportedDifference = largestDifference(ourLogits(model, HELD_OUT), pytorchLogits(environment, dir, join(dir, 'tuned.safetensors'), HELD_OUT));
    expect(exportedDifference).toBeLessThanOrEqual(TOLERANCE);

    // BF16: every weight is the one PyTorch's own .to(torch.bfloat16) makes of the F32 export, and
    // PyTorch's logits of the BF16 file are ours of it.
    recurrentJson(['export', 'tuned.rnn', '--format', 'safetensors', '--dtype', 'bf16', '-o', 'tuned-bf16.safetensors'], dir);
    const rounding = JSON.parse(python(environment, ['-c', BF16_CHECK, join(dir, 'tuned.safetensors'), join(dir, 'tuned-bf16.safetensors')], dir)) as { tensors: number; values: number; differ: string[] };
    expect(rounding).toMatchObject({ tensors: model.namedParameters().length, differ: [] });
    expect(rounding.values).toBeGreaterThan(1000);
    const bf16 = join(dir, 'tuned-bf16.safetensors');
    const bf16Difference = largestDifference(ourLogits(loadCharLMSafetensors(readFileSync(bf16)).model, HELD_OUT), pytorchLogits(environment, dir, bf16, HELD_OUT));
    expect(bf16Difference).toBeLessThanOrEqual(TOLERANCE);
    console.log(`end-to-end: largest logit difference ${importedDifference.toExponential(2)} (PyTorch's DDP model here), ${exportedDifference.toExponential(2)} (ours back in PyTorch), ${bf16Difference.toExponential(2)} (ours in BF16)`);
  });

  it('a model a user wrote (embed, lstm, fc; no vocabulary in the file) imports with --vocabulary and gives its logits; no or a wrong vocabulary is refused', () => {
    python(environment, [USER_MODEL, dir, join(dir, 'train.txt'), join(dir, 'held-out.txt')], dir);
    const { metadata } = decodeSafetensors(readFileSync(join(dir, 'mine.safetensors')));
    expect(metadata).toEqual({ format: 'pt' });
    const symbols = JSON.parse(readFileSync(join(dir, 'mine-vocabulary.json'), 'utf8')) as string[];

    const bare = recurrent(['import', 'mine.safetensors'], dir);
    expect(bare.status).toBe(4);
    expect(bare.stderr).toMatch(/names no vocabulary/);
    writeFileSync(join(dir, 'short.json'), JSON.stringify(symbols.slice(0, -1)));
    const short = recurrent(['import', 'mine.safetensors', '--vocabulary', 'short.json'], dir);
    expect(short.status).toBe(4);
    expect(short.stderr).toContain(`${symbols.length - 1} symbols, the model's output layer ${symbols.length}`);
    // Without its U+FFFD, the vocabulary gets one added at id 0: one symbol more than these weights' 30 - 1.
    writeFileSync(join(dir, 'no-unknown.json'), JSON.stringify(symbols.slice(1)));
    expect(recurrent(['import', 'mine.safetensors', '--vocabulary', 'no-unknown.json'], dir).stderr).toContain(`${symbols.length - 1} symbols (and no U+FFFD, added at id 0), the model's output layer ${symbols.length}`);

    const imported = recurrentJson<Imported>(['import', 'mine.safetensors', '--vocabulary', 'mine-vocabulary.json', '-o', 'mine.rnn'], dir);
    expect(imported.config).toMatchObject({ cell: 'lstm', hiddenSize: 12, numLayers: 2, embeddingSize: 5 });
    for (const [from, to] of [['embed.weight', 'embedding.weight'], ['lstm.weight_hh_l1', 'weight_hh_l1'], ['fc.weight', 'linear.weight'], ['fc.bias', 'linear.bias']]) {
      expect(imported.mapping).toContainEqual({ from, to });
    }
    const { model } = loadCharLM(readFileSync(join(dir, 'mine.rnn')));
    const theirs = (JSON.parse(readFileSync(join(dir, 'mine-logits.json'), 'utf8')) as { logits: number[][] }).logits;
    expect(largestDifference(ourLogits(model, HELD_OUT), theirs)).toBeLessThanOrEqual(TOLERANCE);

    // Once exported, the file names its vocabulary, and one differing in a symbol is refused.
    recurrentJson(['export', 'mine.rnn', '--format', 'safetensors', '-o', 'mine-named.safetensors'], dir);
    writeFileSync(join(dir, 'swapped.json'), JSON.stringify([symbols[0], symbols[2], symbols[1], ...symbols.slice(3)]));
    const swapped = recurrent(['import', 'mine-named.safetensors', '--vocabulary', 'swapped.json', '-o', 'x.rnn'], dir);
    expect(swapped.status).toBe(4);
    expect(swapped.stderr).toMatch(/differs from the model's at id 1/);
  });

  for (const kind of ['sorted-embed', 'sorted-onehot'] as const) {
    it(`a user's model over sorted(set(text)), no unknown symbol (${kind === 'sorted-embed' ? 'nn.Embedding' : 'one-hot'} input): imported with U+FFFD added at id 0, PyTorch's probabilities are ours over ids 1..V`, () => {
      python(environment, [USER_MODEL, dir, join(dir, 'train.txt'), join(dir, 'held-out.txt'), kind], dir);
      expect(decodeSafetensors(readFileSync(join(dir, `${kind}.safetensors`))).metadata).toEqual({});
      const symbols = JSON.parse(readFileSync(join(dir, `${kind}-vocabulary.json`), 'utf8')) as string[];
      expect(symbols).not.toContain('\uFFFD');
      // Held-out text with characters the model never saw: they read as zeros on both sides.
      expect([...HELD_OUT].some((ch) => !symbols.includes(ch))).toBe(true);

      const text = recurrent(['import', `${kind}.safetensors`, '--vocabulary', `${kind}-vocabulary.json`, '-o', `${kind}-text.rnn`], dir);
      expect(text.status).toBe(0);
      expect(text.stdout).toContain(`added the unknown symbol U+FFFD at id 0: your ${symbols.length} symbols are ids 1..${symbols.length} here`);
      const imported = recurrentJson<Imported & { addedUnknownSymbol: boolean; vocabulary: { size: number } }>(['import', `${kind}.safetensors`, '--vocabulary', `${kind}-vocabulary.json`, '-o', `${kind}.rnn`], dir);
      expect(imported).toMatchObject({ addedUnknownSymbol: true, vocabulary: { size: symbols.length + 1 }, config: { embeddingSize: kind === 'sorted-embed' ? 6 : 0 } });
      const { model } = loadCharLM(readFileSync(join(dir, `${kind}.rnn`)));
      expect(model.vocabulary.symbols).toEqual(['\uFFFD', ...symbols]);

      const theirs = JSON.parse(readFileSync(join(dir, `${kind}-logits.json`), 'utf8')) as { logits: number[][]; probabilities: number[][] };
      const logits = ourLogits(model, HELD_OUT);
      const ours = logits.map((row) => Array.from(probabilities(row)));
      expect(ours.every((p) => p[0] === 0)).toBe(true);
      const probabilityDifference = largestDifference(ours.map((p) => p.slice(1)), theirs.probabilities);
      const logitDifference = largestDifference(logits.map((row) => row.slice(1)), theirs.logits);
      expect(probabilityDifference).toBeLessThanOrEqual(TOLERANCE);
      expect(logitDifference).toBeLessThanOrEqual(TOLERANCE);

      // Exported back, PyTorch's CharLM (packages/pytorch) reads V + 1 symbols, U+FFFD first, and gives our logits.
      recurrentJson(['export', `${kind}.rnn`, '--format', 'safetensors', '-o', `${kind}-back.safetensors`], dir);
      const back = join(dir, `${kind}-back.safetensors`);
      expect(JSON.parse(decodeSafetensors(readFileSync(back)).metadata.vocabulary!)).toEqual(['\uFFFD', ...symbols]);
      const backDifference = largestDifference(logits, pytorchLogits(environment, dir, back, HELD_OUT));
      expect(backDifference).toBeLessThanOrEqual(TOLERANCE);
      console.log(`end-to-end (${kind}): largest probability difference ${probabilityDifference.toExponential(2)}, logit ${logitDifference.toExponential(2)} (ids 1..V against PyTorch's V), ${backDifference.toExponential(2)} (exported back)`);

      // U+FFFD anywhere but id 0 is refused, not moved.
      writeFileSync(join(dir, 'unknown-at-2.json'), JSON.stringify([symbols[0], symbols[1], '\uFFFD', ...symbols.slice(2)]));
      const misplaced = recurrent(['import', `${kind}.safetensors`, '--vocabulary', 'unknown-at-2.json', '-o', 'x.rnn'], dir);
      expect(misplaced.status).toBe(2);
      expect(misplaced.stderr).toMatch(/the unknown symbol U\+FFFD is at id 2: it must be at id 0, or absent/);
    });
  }

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

  it('the trainer reads a corpus as the CLI does: a leading BOM dropped, NUL bytes refused', () => {
    writeFileSync(join(dir, 'bom.txt'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TRAIN)]));
    python(environment, ['-m', 'recurrent_torch.train', '--out', join(dir, 'bom.safetensors'), '--hidden', '4', '--steps', '1', '--batch', '2', '--seq', '8', join(dir, 'bom.txt')], dir);
    const symbols = JSON.parse(decodeSafetensors(readFileSync(join(dir, 'bom.safetensors'))).metadata.vocabulary!) as string[];
    expect(symbols).not.toContain('\uFEFF');
    // The CLI's vocabulary of the same file, symbol for symbol.
    expect(recurrent(['train', 'bom.txt', '--steps', '1', '--no-report', '--out', 'bom.rnn'], dir).status).toBe(0);
    expect(symbols).toEqual(loadCharLM(readFileSync(join(dir, 'bom.rnn'))).model.vocabulary.symbols);
    writeFileSync(join(dir, 'nul.txt'), `${TRAIN}\0`);
    const run = spawnSync(environment.python, ['-m', 'recurrent_torch.train', '--out', join(dir, 'nul.safetensors'), '--steps', '1', join(dir, 'nul.txt')], { cwd: dir, env: environment.env, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/looks binary \(it contains NUL bytes\)/);
    expect(existsSync(join(dir, 'nul.safetensors'))).toBe(false);
  });
});

/** Compares, tensor by tensor, PyTorch's bfloat16 rounding of argv[1]'s F32 weights with argv[2]'s BF16 ones. */
const BF16_CHECK = `
import json, sys, torch
from recurrent_torch.files import read_safetensors
wide, _ = read_safetensors(sys.argv[1])
narrow, _ = read_safetensors(sys.argv[2])
assert wide.keys() == narrow.keys(), (sorted(wide), sorted(narrow))
differ = [n for n in wide if not torch.equal(wide[n].to(torch.bfloat16).float(), narrow[n])]
print(json.dumps({"tensors": len(wide), "values": sum(t.numel() for t in wide.values()), "differ": differ}))
`;
