import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseModelBytes, loadBaseModel } from '../src/index.js';

const root = join(import.meta.dirname, '..');

describe('the shipped base model', () => {
  const { model, info } = loadBaseModel();

  it('is a byte-level model of the recorded shape, trained on the corpus of the committed manifest', () => {
    expect(model.vocabulary.kind).toBe('bytes');
    expect(model.config).toMatchObject({ cell: info.cell, hiddenSize: info.hiddenSize, numLayers: info.numLayers });
    expect(info.step).toBeGreaterThan(0);
    expect(info.corpusManifestSha256).toBe(createHash('sha256').update(readFileSync(join(root, 'corpus', 'manifest.json'))).digest('hex'));
    // F16: two bytes a weight, plus a small header.
    const weights = model.parameters().reduce((n, p) => n + p.size, 0);
    expect(baseModelBytes().length).toBeLessThan(2 * weights + 16_384);
  });

  it('reaches its recorded bits per byte on every file of the held-out slice', { timeout: 120_000 }, () => {
    const files = readdirSync(join(root, 'held-out')).sort();
    expect(files).toEqual(Object.keys(info.heldOutBitsPerByte).sort());
    for (const f of files) {
      const { bitsPerChar } = model.evaluate(readFileSync(join(root, 'held-out', f), 'utf8'));
      expect(bitsPerChar, f).toBeCloseTo(info.heldOutBitsPerByte[f]!, 3);
      // Far below the 8 bits of a uniform guess over bytes: it learnt code.
      expect(bitsPerChar, f).toBeLessThan(4);
    }
  });

  it('reads any text without an unknown symbol, and each load is a copy of its own', () => {
    expect(Number.isFinite(model.evaluate('emoji 😀, 日本語, NUL \u0000 and é').bitsPerChar)).toBe(true);
    const other = loadBaseModel().model;
    other.parameters()[0]!.view()[0] = 123;
    expect(model.parameters()[0]!.toArray()[0]).not.toBe(123);
  });
});
