import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeSafetensors, encodeSafetensors, loadCharLM } from '@recurrent/topologies';
import { beforeAll, describe, expect, it } from 'vitest';
import { recurrent, TINY, workspace } from './helpers.js';

describe('recurrent import and export (safetensors, as PyTorch users save them)', () => {
  const { dir, text } = workspace();
  beforeAll(() => {
    expect(recurrent(['train', text, ...TINY, '--steps', '30', '--out', 'm.rnn', '--no-report'], dir).status).toBe(0);
  });
  const greedy = (model: string) => JSON.parse(recurrent(['sample', model, '--prefix', 'the lazy', '--temperature', '0', '--length', '30', '--json'], dir).stdout).text;

  it('exports the PyTorch state dict and imports it back to the same predictions', () => {
    const exported = recurrent(['export', 'm.rnn', '--format', 'safetensors', '--json'], dir);
    expect(exported.status).toBe(0);
    expect(JSON.parse(exported.stdout).out).toBe('m.safetensors');
    const names = decodeSafetensors(readFileSync(join(dir, 'm.safetensors'))).tensors.map((t) => t.name);
    expect(names).toEqual(['rnn.weight_ih_l0', 'rnn.weight_hh_l0', 'rnn.bias_ih_l0', 'rnn.bias_hh_l0', 'linear.weight', 'linear.bias']);
    const imported = recurrent(['import', 'm.safetensors', '-o', 'back.rnn'], dir);
    expect(imported.status).toBe(0);
    expect(imported.stdout).toMatch(/m\.safetensors → back\.rnn: lstm 1×16, vocabulary \d+ characters/);
    expect(greedy('back.rnn')).toBe(greedy('m.rnn'));
    // sample and eval read safetensors directly as well.
    expect(greedy('m.safetensors')).toBe(greedy('m.rnn'));
  });

  it('exports --dtype bf16: each weight the bfloat16 nearest its float32 (ties to even), half the bytes', () => {
    expect(recurrent(['export', 'm.rnn', '--format', 'safetensors', '-o', 'f32.safetensors'], dir).status).toBe(0);
    const run = recurrent(['export', 'm.rnn', '--format', 'safetensors', '--dtype', 'bf16', '-o', 'bf16.safetensors'], dir);
    expect(run.status).toBe(0);
    const f32 = readFileSync(join(dir, 'f32.safetensors')), bf16 = readFileSync(join(dir, 'bf16.safetensors'));
    expect(bf16.length).toBeLessThan(f32.length * 0.55);
    expect(bf16.toString('latin1', 8, 400)).toContain('"dtype":"BF16"');
    const wide = decodeSafetensors(f32).tensors, narrow = decodeSafetensors(bf16).tensors;
    // The oracle, by arithmetic rather than bits: of the two bfloat16 values around x, the nearer; at a tie, the even one.
    const bits = new Uint32Array(1), value = new Float32Array(bits.buffer);
    const asFloat = (b: number) => ((bits[0] = b), value[0]!);
    let values = 0;
    wide.forEach((t, i) => t.data.forEach((x, k) => {
      value[0] = x;
      const below = bits[0]! & 0xffff0000, low = asFloat(below), high = asFloat(below + 0x10000);
      const d = Math.abs(x - low) - Math.abs(high - x);
      const want = d < 0 || (d === 0 && (below & 0x10000) === 0) ? low : high;
      expect(narrow[i]!.data[k]).toBe(want);
      values++;
    }));
    expect(values).toBeGreaterThan(1000);
    expect(recurrent(['export', 'm.rnn', '--format', 'safetensors', '--dtype', 'f8'], dir).stderr).toMatch(/choices are f32, f16, bf16/);
    expect(recurrent(['import', 'bf16.safetensors', '-o', 'from-bf16.rnn'], dir).status).toBe(0);
  });

  it('takes a bare state dict with its own module names once told the vocabulary, and reports the renaming', () => {
    const { tensors } = decodeSafetensors(readFileSync(join(dir, 'm.safetensors')));
    const bare = encodeSafetensors(tensors.map((t) => ({ ...t, name: t.name.replace('rnn.', 'net.lstm.').replace('linear.', 'decoder.') })));
    writeFileSync(join(dir, 'bare.safetensors'), bare);
    const refused = recurrent(['import', 'bare.safetensors'], dir);
    expect(refused.status).toBe(4);
    expect(refused.stderr).toMatch(/names no vocabulary/);
    writeFileSync(join(dir, 'vocabulary.json'), JSON.stringify(loadCharLM(readFileSync(join(dir, 'm.rnn'))).model.vocabulary.symbols));
    const imported = recurrent(['import', 'bare.safetensors', '--vocabulary', 'vocabulary.json'], dir);
    expect(imported.status).toBe(0);
    expect(imported.stdout).toContain('net.lstm.weight_hh_l0 → weight_hh_l0');
    expect(imported.stdout).toContain('decoder.weight → linear.weight');
    expect(greedy('bare.rnn')).toBe(greedy('m.rnn'));
    const wrongSize = recurrent(['import', 'bare.safetensors', '--vocabulary', 'bytes', '-o', 'x.rnn'], dir);
    expect(wrongSize.status).toBe(4);
    expect(wrongSize.stderr).toMatch(/256 symbols, the model's output layer \d+/);
  });

  it('fine-tunes from an imported model with --init, keeping its vocabulary and shape', () => {
    const run = recurrent(['train', text, '--init', 'm.safetensors', '--steps', '5', '--seq-length', '16', '--batch', '4', '--out', 'tuned.rnn', '--no-report', '--json'], dir);
    expect(run.status).toBe(0);
    const tuned = loadCharLM(readFileSync(join(dir, 'tuned.rnn'))).model, start = loadCharLM(readFileSync(join(dir, 'm.rnn'))).model;
    expect(tuned.config.hiddenSize).toBe(16);
    expect(tuned.vocabulary.symbols).toEqual(start.vocabulary.symbols);
    expect(tuned.head.weight.toArray()).not.toEqual(start.head.weight.toArray());
    expect(recurrent(['train', text, '--init', 'm.rnn', '--resume', 'm.rnn'], dir).status).toBe(2);
  });

  it('refuses damaged or foreign files with one clear message', () => {
    writeFileSync(join(dir, 'junk.safetensors'), 'not a tensor file at all');
    const junk = recurrent(['import', 'junk.safetensors'], dir);
    expect(junk.status).toBe(4);
    expect(junk.stderr).toMatch(/junk\.safetensors is not a usable model \(read as safetensors/);
    const cut = readFileSync(join(dir, 'm.safetensors'));
    writeFileSync(join(dir, 'cut.safetensors'), cut.subarray(0, cut.length - 10));
    expect(recurrent(['import', 'cut.safetensors'], dir).stderr).toMatch(/truncated/);
    expect(recurrent(['import', 'm.rnn'], dir).stderr).toMatch(/already a native model/);
  });
});
