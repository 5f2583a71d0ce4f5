import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors, floatToHalf } from '../src/io/safetensors.js';
import { ModelFileError } from '../src/io/types.js';
import { ByteVocabulary } from '../src/text/byte-vocabulary.js';
import { CharLM } from '../src/text/char-lm.js';
import { exportCharLMSafetensors, importCharLMSafetensors, loadCharLM, loadCharLMSafetensors, readCharLMWeights, saveCharLM } from '../src/text/char-lm-file.js';
import { CharVocabulary } from '../src/text/vocabulary.js';

const bytes = new ByteVocabulary();
const TEXTS = ['', 'plain ascii', 'naïve café', '日本語のテキスト', 'emoji 😀👍🏽 and 𝄞', 'nul \u0000 and \u0001\u007f\u0080', 'crlf\r\nline'];

describe('ByteVocabulary', () => {
  it('encodes every text as its UTF-8 bytes and decodes it back', () => {
    for (const text of TEXTS) {
      expect(Array.from(bytes.encode(text))).toEqual(Array.from(new TextEncoder().encode(text)));
      expect(bytes.decode(bytes.encode(text))).toBe(text);
      expect(bytes.fromSymbols(bytes.toSymbols(text))).toBe(text);
      // One symbol per byte, each symbol's code the byte's value.
      const symbols = bytes.toSymbols(text);
      expect([...symbols].map((s) => s.charCodeAt(0))).toEqual(Array.from(bytes.encode(text)));
    }
  });

  it('keeps ASCII as it is and spells other characters byte by byte', () => {
    expect(bytes.toSymbols('let x = 1;')).toBe('let x = 1;');
    expect(bytes.toSymbols('é')).toBe('\u00c3\u00a9');
    expect(bytes.id('\u00c3')).toBe(0xc3);
    expect(bytes.id('é!')).toBe(0);
  });

  it('drops a character cut short at the end of a symbol string, and only that', () => {
    const smile = bytes.toSymbols('ok😀');
    for (let cut = 2; cut < smile.length; cut++) expect(bytes.fromSymbols(smile.slice(0, cut))).toBe('ok');
    expect(bytes.fromSymbols(smile)).toBe('ok😀');
    expect(bytes.fromSymbols(bytes.toSymbols('é').slice(0, 1))).toBe('');
  });

  it('decodes stray bytes to U+FFFD and refuses ids outside a byte', () => {
    expect(bytes.decode([0x61, 0xff, 0x62])).toBe('a\uFFFDb');
    expect(() => bytes.decode([256])).toThrow(RangeError);
    expect(() => bytes.decode([-1])).toThrow(RangeError);
  });
});

describe('byte-level CharLM files', () => {
  async function trainedBytes() {
    const lm = new CharLM(bytes, { cell: 'lstm', hiddenSize: 12, seed: 4 });
    await lm.fit(['héllo wörld, 你好 '.repeat(8)], { steps: 5, seqLength: 10, batchSize: 3, lr: 0.02 });
    return lm;
  }

  it('round-trips through the native file with its byte vocabulary', async () => {
    const lm = await trainedBytes();
    const { model } = loadCharLM(saveCharLM(lm));
    expect(model.vocabulary.kind).toBe('bytes');
    expect(model.evaluate('héllo wörld').bitsPerChar).toBeCloseTo(lm.evaluate('héllo wörld').bitsPerChar, 6);
    expect(model.predict('hé', 12)).toBe(lm.predict('hé', 12));
  });

  it('makes a model from safetensors alone (config and vocabulary in the metadata), F32 exactly and F16 within half precision', async () => {
    const lm = await trainedBytes();
    const exact = loadCharLMSafetensors(exportCharLMSafetensors(lm, { metadata: { note: 'kept' } }));
    expect(exact.metadata.note).toBe('kept');
    exact.model.parameters().forEach((p, i) => expect(p.toArray()).toEqual(lm.parameters()[i]!.toArray()));
    const half = exportCharLMSafetensors(lm, { dtype: 'F16' });
    expect(half.length).toBeLessThan(exportCharLMSafetensors(lm).length * 0.55);
    const { model } = loadCharLMSafetensors(half);
    model.parameters().forEach((p, i) => {
      const want = lm.parameters()[i]!.toArray(), got = p.toArray();
      for (let k = 0; k < want.length; k++) expect(Math.abs(got[k]! - want[k]!)).toBeLessThanOrEqual(Math.abs(want[k]!) * 2 ** -11 + 2 ** -25);
    });
  });

  it('refuses weights of another vocabulary, by kind, size or symbol', async () => {
    const lm = await trainedBytes();
    const chars = new CharLM(new CharVocabulary(['\uFFFD', ...'abc']), { cell: 'lstm', hiddenSize: 12 });
    const other = new CharLM(new CharVocabulary(['\uFFFD', ...'abd']), { cell: 'lstm', hiddenSize: 12 });
    expect(() => importCharLMSafetensors(chars, exportCharLMSafetensors(lm))).toThrow(/UTF-8 bytes/);
    expect(() => readCharLMWeights(lm, saveCharLM(chars))).toThrow(ModelFileError);
    expect(() => importCharLMSafetensors(other, exportCharLMSafetensors(chars))).toThrow(/differs from the model's at id 3/);
  });

  it('bounds the sizes a file may ask for before allocating anything', async () => {
    const lm = await trainedBytes();
    // The tensors' shapes are the sizes (their bytes are in the file); a config that claims more is refused.
    const tensors = decodeSafetensors(exportCharLMSafetensors(lm)).tensors;
    const metadata = { config: JSON.stringify({ cell: 'lstm', hiddenSize: 1_000_000, numLayers: 1 }), vocabulary: 'bytes' };
    expect(() => loadCharLMSafetensors(encodeSafetensors(tensors, metadata))).toThrow(/config says hiddenSize 1000000, the tensors say 12/);
    expect(() => loadCharLMSafetensors(encodeSafetensors([], { vocabulary: 'bytes' }))).toThrow(/no recurrent layer/);
  });
});

describe('F16 encoding', () => {
  it('rounds to the nearest binary16, ties to even (hand-computed bit patterns)', () => {
    const cases: [number, number][] = [
      [0, 0x0000], [-0, 0x8000], [1, 0x3c00], [-2, 0xc000], [65504, 0x7bff], [0.1, 0x2e66], [1 / 3, 0x3555],
      [2 ** -24, 0x0001], [2 ** -14, 0x0400], [2 ** -25, 0x0000], [3 * 2 ** -25, 0x0002],
      [1 + 2 ** -11, 0x3c00], [1 + 3 * 2 ** -11, 0x3c02], [1 + 2 ** -10, 0x3c01], [2047, 0x67ff], [2049, 0x6800],
    ];
    for (const [value, bits] of cases) expect(floatToHalf(value).toString(16)).toBe(bits.toString(16));
  });

  it('refuses a value F16 cannot hold rather than writing infinity', () => {
    expect(() => encodeSafetensors([{ name: 'w', shape: [1], data: Float32Array.of(70000) }], undefined, { dtype: 'F16' })).toThrow(/does not fit in F16/);
    const ok = encodeSafetensors([{ name: 'w', shape: [2], data: Float32Array.of(0.5, -3) }], undefined, { dtype: 'F16' });
    expect(Array.from(decodeSafetensors(ok).tensors[0]!.data)).toEqual([0.5, -3]);
  });
});
