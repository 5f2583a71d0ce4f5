import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors, floatToBfloat16, floatToHalf } from '../src/io/safetensors.js';
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

describe('BF16 encoding', () => {
  /** The float32 whose bits are `bits`: the inputs below are written as bit patterns. */
  const fromBits = (bits: number) => new Float32Array(Uint32Array.of(bits).buffer)[0]!;

  it('keeps the upper 16 bits of the float32, rounded to nearest, ties to even (hand-computed bit patterns)', () => {
    const cases: [number, number][] = [
      [0, 0x0000], [-0, 0x8000], [1, 0x3f80], [-2, 0xc000],
      [0.1, 0x3dcd], // 0x3dcccccd: the dropped 0xcccd is over half
      [1 / 3, 0x3eab], // 0x3eaaaaab
      [fromBits(0x3f808000), 0x3f80], // 1 + 2^-8: a tie, 0x3f80 is even, stays
      [fromBits(0x3f818000), 0x3f82], // 1 + 3·2^-8: a tie, 0x3f81 is odd, goes up
      [fromBits(0x3f808001), 0x3f81], // just over the tie
      [fromBits(0x3f7fffff), 0x3f80], // the carry runs into the exponent: 1 − 2^-24 → 1
      [fromBits(0x00018000), 0x0002], [fromBits(0x00000001), 0x0000], // subnormals round like the rest
      [fromBits(0x7f7f0000), 0x7f7f], [fromBits(0x7f7f7fff), 0x7f7f], // BF16's largest, and the largest float32 that rounds to it
      [fromBits(0x7f7f8000), 0x7f80], [fromBits(0xff7fffff), 0xff80], // past it: infinity (the writer refuses these)
    ];
    for (const [value, bits] of cases) expect(floatToBfloat16(value).toString(16)).toBe(bits.toString(16));
  });

  it('keeps a NaN a NaN, with its sign, where truncating 0x7f800001 would give infinity', () => {
    expect(floatToBfloat16(fromBits(0x7f800001)).toString(16)).toBe('7fc0');
    expect(floatToBfloat16(fromBits(0xff800001)).toString(16)).toBe('ffc0');
    expect(floatToBfloat16(fromBits(0x7fffffff)).toString(16)).toBe('7fff'); // rounding would carry out of the 16 bits
    expect(floatToBfloat16(NaN) & 0x7f80).toBe(0x7f80);
    expect(floatToBfloat16(NaN) & 0x7f).not.toBe(0);
  });

  it('writes those bits, reads them back as the float32 they stand for, and refuses what would round to infinity', () => {
    const values = Float32Array.of(1, 0.1, fromBits(0x3f818000), 1e38, -fromBits(0x7f7f0000));
    const file = encodeSafetensors([{ name: 'w', shape: [5], data: values }], undefined, { dtype: 'BF16' });
    const header = new TextDecoder().decode(file.subarray(8, 8 + Number(new DataView(file.buffer).getBigUint64(0, true))));
    expect(header).toContain('"dtype":"BF16","shape":[5],"data_offsets":[0,10]');
    const data = new DataView(file.buffer, file.length - 10);
    expect(Array.from({ length: 5 }, (_, i) => data.getUint16(2 * i, true).toString(16))).toEqual(['3f80', '3dcd', '3f82', '7e96', 'ff7f']);
    // 0x3dcd → 0x3dcd0000 = 0.10009765625; 0x7e967699 (1e38) → 0x7e96 ≈ 9.97e37; F16 could not hold 1e38 at all.
    expect(Array.from(decodeSafetensors(file).tensors[0]!.data)).toEqual([1, 0.10009765625, 1.015625, fromBits(0x7e960000), -fromBits(0x7f7f0000)]);
    expect(() => encodeSafetensors([{ name: 'w', shape: [2], data: Float32Array.of(0, fromBits(0x7f7f8000)) }], undefined, { dtype: 'BF16' })).toThrow(/"w": value 3\.39\d*e\+38 at index 1 does not fit in BF16/);
    expect(() => encodeSafetensors([], undefined, { dtype: 'F8' as never })).toThrow(/F32, F16 or BF16, not "F8"/);
  });

  it('exports a CharLM in BF16 whose weights are PyTorch-style rounded copies of the F32 ones', () => {
    const lm = new CharLM(bytes, { cell: 'gru', hiddenSize: 6, seed: 3 });
    const half = exportCharLMSafetensors(lm, { dtype: 'BF16' });
    expect(half.length).toBeLessThan(exportCharLMSafetensors(lm).length * 0.55);
    const { model } = loadCharLMSafetensors(half);
    model.parameters().forEach((p, i) => {
      const want = lm.parameters()[i]!.toArray(), got = p.toArray();
      for (let k = 0; k < want.length; k++) expect(got[k]).toBe(fromBits(floatToBfloat16(want[k]!) << 16));
      // Within half of BF16's step (8 bits of precision) of the float32 weight.
      for (let k = 0; k < want.length; k++) expect(Math.abs(got[k]! - want[k]!)).toBeLessThanOrEqual(Math.abs(want[k]!) * 2 ** -8);
    });
  });
});
