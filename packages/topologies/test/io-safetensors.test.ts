import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from '../src/io/safetensors.js';
import { ModelFileError, type NamedTensor } from '../src/io/types.js';
import { mulberry32 as rng } from '@recurrent/test-utils';
import { ascii, buildSafetensors, concat, expectSameTensors, f32le, randomFloats, thrown } from './io-helpers.js';

const bytes = (...values: number[]) => new Uint8Array(values);
const spaces = (n: number) => ' '.repeat(n);
const decodeError = (file: Uint8Array, limits = {}) => thrown(() => decodeSafetensors(file, limits));

/** The 8-byte header size field, written with DataView. */
function sizeField(n: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, n, true);
  return b;
}

/** A minimal reader written from the specification alone, to check the encoder's output. */
function parseByHand(file: Uint8Array) {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const n = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  const headerText = new TextDecoder().decode(file.subarray(8, 8 + n));
  const header = JSON.parse(headerText) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  const tensors: Record<string, { shape: number[]; values: number[] }> = {};
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const [begin, end] = info.data_offsets;
    const values: number[] = [];
    for (let at = 8 + n + begin; at < 8 + n + end; at += 4) values.push(view.getFloat32(at, true));
    tensors[name] = { shape: info.shape, values };
  }
  return { n, headerText, header, tensors };
}

describe('safetensors: round trips', () => {
  it('keeps names in order, shapes, metadata and bit-exact values', () => {
    const random = rng(11);
    const shapes = [[1], [4, 1], [1, 1, 1], [3, 5], [0], [2, 0], [], [7]];
    const names = ['weight_ih_l0', '10', '2', 'b', 'a', 'empty', 'linear.weight', '𝄞.bias'];
    const tensors: NamedTensor[] = shapes.map((shape, i) => ({ name: names[i]!, shape, data: randomFloats(shape.reduce((a, b) => a * b, 1), random) }));
    const metadata = { format: 'pt', note: 'clé 𝄞 😀', '': 'empty key', '3': 'digit key' };
    const decoded = decodeSafetensors(encodeSafetensors(tensors, metadata));
    expectSameTensors(decoded.tensors, tensors);
    expect(decoded.metadata).toEqual(metadata);
  });

  it('keeps the order of empty tensors with integer-like names at the same offset', () => {
    const tensors = ['b', '2', '1', 'a'].map((name) => ({ name, shape: [0], data: new Float32Array(0) }));
    expect(decodeSafetensors(encodeSafetensors(tensors)).tensors.map((t) => t.name)).toEqual(['b', '2', '1', 'a']);
  });

  it('gives empty metadata for a file without any, and no tensors for an empty file', () => {
    expect(decodeSafetensors(encodeSafetensors([]))).toEqual({ tensors: [], metadata: {} });
    expect(decodeSafetensors(encodeSafetensors([], {}))).toEqual({ tensors: [], metadata: {} });
  });

  it('keeps -0 and subnormals bit for bit', () => {
    const bits = new Uint32Array([0x80000000, 0x00000001, 0x807fffff, 0x7f7fffff]);
    const decoded = decodeSafetensors(encodeSafetensors([{ name: 't', shape: [2, 2], data: new Float32Array(bits.buffer) }]));
    expect(new Uint32Array(decoded.tensors[0]!.data.buffer)).toEqual(bits);
  });
});

describe('safetensors: against the specification', () => {
  it('decodes a file built byte by byte', () => {
    // Keys not in data order, metadata last, extra spaces inside and after the JSON.
    const header = '{"b": {"dtype":"F32","shape":[2],"data_offsets":[16,24]}, "w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"__metadata__":{"format":"pt","note":"𝄞"}}';
    const buffer = bytes(
      0x00, 0x00, 0x80, 0x3f, // 1.0
      0x00, 0x00, 0x00, 0xc0, // -2.0
      0x00, 0x00, 0x00, 0x3f, // 0.5
      0x00, 0x00, 0x00, 0x80, // -0.0
      0x00, 0x00, 0x40, 0x40, // 3.0
      0xcd, 0xcc, 0xcc, 0x3d, // 0.1 as float32
    );
    const text = ascii(header + spaces(5));
    const file = concat(sizeField(BigInt(text.length)), text, buffer);
    const { tensors, metadata } = decodeSafetensors(file);
    expect(metadata).toEqual({ format: 'pt', note: '𝄞' });
    expect(tensors.map((t) => t.name)).toEqual(['w', 'b']);
    expect(tensors[0]!.shape).toEqual([2, 2]);
    expect([...tensors[0]!.data]).toEqual([1, -2, 0.5, -0]);
    expect(Object.is(tensors[0]!.data[3], -0)).toBe(true);
    expect(tensors[1]!.shape).toEqual([2]);
    expect([...tensors[1]!.data]).toEqual([3, Math.fround(0.1)]);
  });

  it('encodes a tiny case to exactly the hand-assembled bytes', () => {
    // The same input and bytes as the reference implementation's own serialization test.
    const data = new Float32Array([0, 1, 2, 3, 4, 5]);
    const expected = concat(
      bytes(72, 0, 0, 0, 0, 0, 0, 0),
      ascii('{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}' + spaces(7)),
      bytes(0, 0, 0, 0, 0, 0, 0x80, 0x3f, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40, 0, 0, 0x80, 0x40, 0, 0, 0xa0, 0x40),
    );
    expect(encodeSafetensors([{ name: 'attn0', shape: [1, 1, 2, 3], data }])).toEqual(expected);
    expect(encodeSafetensors([])).toEqual(concat(bytes(8, 0, 0, 0, 0, 0, 0, 0), ascii('{}' + spaces(6))));
    expect(encodeSafetensors([], { framework: 'pt' })).toEqual(
      concat(bytes(40, 0, 0, 0, 0, 0, 0, 0), ascii('{"__metadata__":{"framework":"pt"}' + '}' + spaces(5))),
    );
  });

  it('writes what a minimal reader from the specification reads back', () => {
    const random = rng(12);
    const tensors = [
      { name: 'weight_ih_l0', shape: [3, 2], data: randomFloats(6, random) },
      { name: 'bias_ih_l0', shape: [3], data: randomFloats(3, random) },
      { name: 'linear.weight', shape: [1, 3], data: randomFloats(3, random) },
    ];
    const file = encodeSafetensors(tensors, { format: 'pt' });
    const parsed = parseByHand(file);
    expect(parsed.n % 8).toBe(0);
    expect(parsed.headerText).toMatch(/^\{"__metadata__":\{"format":"pt"\},"weight_ih_l0":\{"dtype":"F32","shape":\[3,2\],"data_offsets":\[0,24\]\},"bias_ih_l0":\{"dtype":"F32","shape":\[3\],"data_offsets":\[24,36\]\},"linear.weight":\{"dtype":"F32","shape":\[1,3\],"data_offsets":\[36,48\]\}\} *$/);
    expect(file.length).toBe(8 + parsed.n + 48);
    for (const t of tensors) {
      expect(parsed.tensors[t.name]!.shape).toEqual(t.shape);
      expect(parsed.tensors[t.name]!.values).toEqual([...t.data]);
    }
  });

  it('converts hand-encoded F16 values', () => {
    const header = '{"h":{"dtype":"F16","shape":[2,4],"data_offsets":[0,16]}}';
    const buffer = bytes(
      0x00, 0x3c, // 1.0
      0x00, 0xc1, // -2.5
      0xff, 0x7b, // 65504, the largest finite half
      0x01, 0x00, // 2^-24, the smallest subnormal
      0x00, 0x80, // -0
      0x55, 0x35, // 0.333251953125
      0xff, 0x03, // 1023 * 2^-24, the largest subnormal
      0x00, 0x04, // 2^-14, the smallest normal
    );
    const t = decodeSafetensors(buildSafetensors(header, buffer)).tensors[0]!;
    expect(t.shape).toEqual([2, 4]);
    expect([...t.data]).toEqual([1, -2.5, 65504, 2 ** -24, -0, 0.333251953125, 1023 * 2 ** -24, 2 ** -14]);
    expect(Object.is(t.data[4], -0)).toBe(true);
  });

  it('converts hand-encoded BF16 values', () => {
    const header = '{"b":{"dtype":"BF16","shape":[5],"data_offsets":[0,10]}}';
    const buffer = bytes(
      0x80, 0x3f, // 1.0
      0x49, 0x40, // 3.140625
      0x80, 0xbf, // -1.0
      0x00, 0x80, // -0
      0x01, 0x00, // 2^-133, the smallest subnormal
    );
    const t = decodeSafetensors(buildSafetensors(header, buffer)).tensors[0]!;
    expect([...t.data]).toEqual([1, 3.140625, -1, -0, 2 ** -133]);
    expect(Object.is(t.data[3], -0)).toBe(true);
  });

  it('converts hand-encoded F64 values, rounding to float32', () => {
    const header = '{"d":{"dtype":"F64","shape":[4],"data_offsets":[0,32]}}';
    const buffer = bytes(
      0, 0, 0, 0, 0, 0, 0xf0, 0x3f, // 1.0
      0, 0, 0, 0, 0, 0, 0x0c, 0xc0, // -3.5
      0x9a, 0x99, 0x99, 0x99, 0x99, 0x99, 0xb9, 0x3f, // 0.1
      0, 0, 0, 0, 0, 0, 0x00, 0x80, // -0
    );
    const t = decodeSafetensors(buildSafetensors(header, buffer)).tensors[0]!;
    expect([...t.data]).toEqual([1, -3.5, Math.fround(0.1), -0]);
    expect(Object.is(t.data[3], -0)).toBe(true);
  });

  it('reads an F32 tensor that follows an F16 one at an offset not divisible by 4', () => {
    const header = '{"h":{"dtype":"F16","shape":[3],"data_offsets":[0,6]},"f":{"dtype":"F32","shape":[2],"data_offsets":[6,14]}}';
    const file = buildSafetensors(header, concat(bytes(0x00, 0x3c, 0x00, 0x40, 0x00, 0x42), f32le([0.25, -7])));
    expect(decodeSafetensors(file).tensors.map((t) => [t.name, [...t.data]])).toEqual([['h', [1, 2, 3]], ['f', [0.25, -7]]]);
  });

  it('converts every F16 bit pattern as the definition says', () => {
    const buffer = new Uint8Array(2 * 65536);
    const view = new DataView(buffer.buffer);
    for (let bits = 0; bits < 65536; bits++) view.setUint16(2 * bits, bits, true);
    const file = buildSafetensors('{"all":{"dtype":"F16","shape":[65536],"data_offsets":[0,131072]}}', buffer);
    const data = decodeSafetensors(file, { allowNonFinite: true }).tensors[0]!.data;
    for (let bits = 0; bits < 65536; bits++) {
      const sign = bits >> 15 ? -1 : 1;
      const e = (bits >> 10) & 31;
      const m = bits & 1023;
      // value = (-1)^s × 2^(e-15) × 1.m, or 2^-14 × 0.m when e = 0; e = 31 is ±Infinity or NaN.
      const expected = e === 31 ? (m ? NaN : sign * Infinity) : sign * (e === 0 ? m / 1024 * 2 ** -14 : (1024 + m) / 1024 * 2 ** (e - 15));
      if (!Object.is(data[bits], expected)) expect(data[bits], `bits 0x${bits.toString(16)}`).toBe(expected);
    }
  });

  it('converts every BF16 bit pattern to the float32 with the same upper half', () => {
    const buffer = new Uint8Array(2 * 65536);
    const view = new DataView(buffer.buffer);
    for (let bits = 0; bits < 65536; bits++) view.setUint16(2 * bits, bits, true);
    const file = buildSafetensors('{"all":{"dtype":"BF16","shape":[65536],"data_offsets":[0,131072]}}', buffer);
    const data = decodeSafetensors(file, { allowNonFinite: true }).tensors[0]!.data;
    const word = new DataView(new ArrayBuffer(4));
    for (let bits = 0; bits < 65536; bits++) {
      word.setUint16(0, bits, false);
      word.setUint16(2, 0, false);
      const expected = word.getFloat32(0, false);
      if (!Object.is(data[bits], expected)) expect(data[bits], `bits 0x${bits.toString(16)}`).toBe(expected);
    }
  });
});

describe('safetensors: rejected files', () => {
  const small = () => encodeSafetensors([{ name: 'w', shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) }, { name: 'b', shape: [1], data: new Float32Array([5]) }], { k: 'v' });

  it('every truncation of a small file is reported as truncated', () => {
    const file = small();
    for (let n = 0; n < file.length; n++) {
      const error = decodeError(file.subarray(0, n));
      expect(error, `prefix of ${n} bytes`).toBeInstanceOf(ModelFileError);
      expect(error.message, `prefix of ${n} bytes`).toMatch(/^truncated safetensors file: /);
    }
  });

  it('refuses absurd header sizes before reading or allocating', () => {
    const body = ascii('{}      ');
    expect(decodeError(concat(sizeField(2n ** 53n), body)).message).toBe('header size 9007199254740992 exceeds the limit of 100000000 bytes');
    expect(decodeError(concat(sizeField(2n ** 64n - 1n), body)).message).toBe('header size 18446744073709551615 exceeds the limit of 100000000 bytes');
    expect(decodeError(concat(sizeField(100_000_001n), body)).message).toBe('header size 100000001 exceeds the limit of 100000000 bytes');
    expect(decodeError(concat(sizeField(2n ** 40n), body), { maxHeaderBytes: Infinity }).message).toBe(
      'truncated safetensors file: the header size 1099511627776 runs past the end of the file (16 bytes)',
    );
    expect(decodeError(concat(sizeField(9n), body)).message).toBe('truncated safetensors file: the header size 9 runs past the end of the file (16 bytes)');
    expect(decodeError(concat(sizeField(8n), body), { maxHeaderBytes: 4 }).message).toBe('header size 8 exceeds the limit of 4 bytes');
  });

  it('refuses a header that is not UTF-8, not JSON or not an object', () => {
    const bad = buildSafetensors('{"a":"x"}', new Uint8Array(0));
    bad[8 + 6] = 0xc3; // a lead byte followed by '"', not a continuation byte
    expect(decodeError(bad).message).toBe('the header is not valid UTF-8');
    expect(decodeError(buildSafetensors('{"w":', new Uint8Array(0))).message).toMatch(/^the header is not valid JSON \(.+\)$/);
    expect(decodeError(buildSafetensors('[]', new Uint8Array(0))).message).toBe('the header is not a JSON object');
    expect(decodeError(concat(sizeField(3n), ascii('\uFEFF{}'))).message).toMatch(/^the header is not valid JSON/);
  });

  it('refuses duplicate keys, which JSON.parse would hide', () => {
    const entry = '{"dtype":"F32","shape":[1],"data_offsets":[0,4]}';
    expect(decodeError(buildSafetensors(`{"a":${entry},"a":${entry}}`, f32le([1]))).message).toBe('duplicate key "a" in the header');
    expect(decodeError(buildSafetensors(`{"a":${entry},"__metadata__":{"k":"1","k":"2"}}`, f32le([1]))).message).toBe('duplicate key "k" in the header');
    // The same words as values, or escaped differently inside strings, are not keys.
    const ok = `{"__metadata__":{"a":"a","b":"\\"a\\":","c":"[{"},"a":${entry}}`;
    expect(decodeSafetensors(buildSafetensors(ok, f32le([1]))).metadata).toEqual({ a: 'a', b: '"a":', c: '[{' });
    expect(decodeError(buildSafetensors(`{"a":${entry},"\\u0061":${entry}}`, f32le([1]))).message).toBe('duplicate key "a" in the header');
  });

  it('refuses metadata that is not a map of strings', () => {
    expect(decodeError(buildSafetensors('{"__metadata__":{"epochs":3}}', new Uint8Array(0))).message).toBe('__metadata__ must map strings to strings, but "epochs" is 3');
    expect(decodeError(buildSafetensors('{"__metadata__":"pt"}', new Uint8Array(0))).message).toBe('__metadata__ must be an object mapping strings to strings, got "pt"');
  });

  it('refuses dtypes it does not read, naming the tensor and the dtype', () => {
    for (const [dtype, size] of [['I32', 4], ['I64', 8], ['U8', 1], ['BOOL', 1], ['F8_E4M3', 1], ['F128', 16]] as const) {
      const header = `{"ok":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"ids":{"dtype":"${dtype}","shape":[2],"data_offsets":[4,${4 + 2 * size}]}}`;
      expect(decodeError(buildSafetensors(header, new Uint8Array(4 + 2 * size))).message).toBe(
        `tensor "ids" has dtype "${dtype}", which this reader does not support (it reads F32, F64, F16, BF16)`,
      );
    }
    expect(decodeError(buildSafetensors('{"x":{"shape":[1],"data_offsets":[0,4]}}', new Uint8Array(4))).message).toBe('tensor "x": dtype must be a string, got undefined');
  });

  it('refuses entries whose shape, offsets and byte size disagree', () => {
    const cases: [string, string][] = [
      ['{"x":[1]}', 'tensor "x": the entry must be an object, got [1]'],
      ['{"":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', 'a header entry has no name (a tensor name must be a non-empty string, got "")'],
      ['{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', 'tensor "x": shape [2] of F32 needs 8 bytes, but data_offsets [0, 4] span 4'],
      ['{"x":{"dtype":"F16","shape":[1],"data_offsets":[0,4]}}', 'tensor "x": shape [1] of F16 needs 2 bytes, but data_offsets [0, 4] span 4'],
      ['{"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}', 'tensor "x": shape must be an array of non-negative integers, got [-1]'],
      ['{"x":{"dtype":"F32","shape":[0.5],"data_offsets":[0,4]}}', 'tensor "x": shape must be an array of non-negative integers, got [0.5]'],
      ['{"x":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,4]}}', 'tensor "x": shape [4294967296,4294967296] has too many elements (the product overflows)'],
      ['{"x":{"dtype":"F64","shape":[4294967296,1048576],"data_offsets":[0,4]}}', 'tensor "x": shape [4294967296, 1048576] of F64 is too large (the byte size overflows)'],
      ['{"x":{"dtype":"F32","shape":[1],"data_offsets":[0]}}', 'tensor "x": data_offsets must be [begin, end] with non-negative integers, got [0]'],
      ['{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,"4"]}}', 'tensor "x": data_offsets must be [begin, end] with non-negative integers, got [0,"4"]'],
      ['{"x":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}}', 'tensor "x": data_offsets must be [begin, end] with non-negative integers, got [-4,0]'],
      ['{"x":{"dtype":"F32","shape":[1]}}', 'tensor "x": data_offsets must be [begin, end] with non-negative integers, got undefined'],
      ['{"x":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}', 'tensor "x": data_offsets [4, 0] end before they begin'],
    ];
    for (const [header, message] of cases) expect(decodeError(buildSafetensors(header, new Uint8Array(4))).message).toBe(message);
  });

  it('refuses overlapping tensors, holes, and buffers too short or too long', () => {
    const t = (name: string, begin: number, n: number) => `"${name}":{"dtype":"F32","shape":[${n}],"data_offsets":[${begin},${begin + 4 * n}]}`;
    const cases: [string, number, string][] = [
      [`{${t('a', 0, 2)},${t('b', 4, 2)}}`, 12, 'tensors "a" and "b" overlap (data_offsets [0, 8] and [4, 12])'],
      [`{${t('b', 0, 3)},${t('a', 0, 3)}}`, 12, 'tensors "b" and "a" overlap (data_offsets [0, 12] and [0, 12])'],
      [`{${t('a', 0, 2)},${t('b', 12, 2)}}`, 20, 'a hole of 4 bytes before tensor "b" (the tensors must be packed one after another from offset 0)'],
      [`{${t('a', 4, 1)}}`, 8, 'a hole of 4 bytes before tensor "a" (the tensors must be packed one after another from offset 0)'],
      [`{${t('a', 0, 2)}}`, 12, 'trailing garbage: 4 bytes after the last tensor\'s data'],
      [`{}`, 1, 'trailing garbage: 1 bytes after the last tensor\'s data'],
      [`{${t('a', 0, 2)},${t('b', 8, 2)}}`, 15, 'truncated safetensors file: the tensors need 16 bytes of data, the file holds 15'],
    ];
    for (const [header, bufferBytes, message] of cases) expect(decodeError(buildSafetensors(header, new Uint8Array(bufferBytes))).message).toBe(message);
  });

  it('refuses NaN and infinite values in every dtype, naming tensor and index', () => {
    const file = (dtype: string, size: number, buffer: Uint8Array) => buildSafetensors(`{"w":{"dtype":"${dtype}","shape":[2,2],"data_offsets":[0,${4 * size}]}}`, buffer);
    const f64 = new Uint8Array(32);
    new DataView(f64.buffer).setFloat64(16, NaN, true);
    const f64big = new Uint8Array(32);
    new DataView(f64big.buffer).setFloat64(24, 1e300, true);
    const cases: [Uint8Array, string][] = [
      [file('F32', 4, f32le([0, NaN, 0, 0])), 'tensor "w" has a non-finite value (NaN) at index 1 (element [0, 1])'],
      [file('F32', 4, f32le([0, 0, 0, -Infinity])), 'tensor "w" has a non-finite value (-Infinity) at index 3 (element [1, 1])'],
      [file('F16', 2, bytes(0, 0, 0, 0, 0x00, 0x7c, 0, 0)), 'tensor "w" has a non-finite value (Infinity) at index 2 (element [1, 0])'],
      [file('F16', 2, bytes(0x00, 0x7e, 0, 0, 0, 0, 0, 0)), 'tensor "w" has a non-finite value (NaN) at index 0 (element [0, 0])'],
      [file('BF16', 2, bytes(0, 0, 0xc0, 0x7f, 0, 0, 0, 0)), 'tensor "w" has a non-finite value (NaN) at index 1 (element [0, 1])'],
      [file('F64', 8, f64), 'tensor "w" has a non-finite value (NaN) at index 2 (element [1, 0])'],
      [file('F64', 8, f64big), 'tensor "w": F64 value 1e+300 at index 3 is beyond float32\'s range'],
    ];
    for (const [bad, message] of cases) {
      expect(decodeError(bad).message).toBe(message);
      expect(decodeSafetensors(bad, { allowNonFinite: true }).tensors[0]!.data).toHaveLength(4);
    }
  });
});

describe('safetensors: tensors that cannot be written', () => {
  const encodeError = (tensors: unknown, metadata?: unknown) => thrown(() => encodeSafetensors(tensors as NamedTensor[], metadata as Record<string, string>));
  const t = (name: string, data: number[]) => ({ name, shape: [data.length], data: new Float32Array(data) });

  it('refuses reserved, empty and duplicate names, bad metadata and non-finite values', () => {
    expect(encodeError([t('__metadata__', [1])]).message).toBe('a tensor cannot be named "__metadata__"');
    expect(encodeError([t('a', [1]), t('a', [2])]).message).toBe('duplicate tensor name "a"');
    expect(encodeError([t('', [1])]).message).toBe('tensor 0 has no name (a tensor name must be a non-empty string, got "")');
    expect(encodeError([t('a', [1, Infinity])]).message).toBe('tensor "a" has a non-finite value (Infinity) at index 1');
    expect(encodeError([], { epochs: 3 }).message).toBe('__metadata__ must map strings to strings, but "epochs" is 3');
    expect(encodeError({ a: 1 }).message).toBe('the tensors must be an array');
  });
});
