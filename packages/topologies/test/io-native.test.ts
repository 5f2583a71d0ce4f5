import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readFloat32LE, writeFloat32LE } from '../src/io/common.js';
import { crc32 } from '../src/io/crc32.js';
import { decodeModel, encodeModel } from '../src/io/native.js';
import { type ModelFile, ModelFileError, type NamedTensor } from '../src/io/types.js';
import { mulberry32 as rng } from '@recurrent/test-utils';
import { ascii, bitwiseCrc32, concat, expectSameTensors, f32le, forgeModelFile, nativeHeader, randomFloats, thrown, u32le } from './io-helpers.js';

const SHAPES = [[1], [3, 1], [1, 1, 1], [5, 7], [0], [2, 0, 3], [], [1, 4], [13]];

function randomModel(seed: number): ModelFile {
  const random = rng(seed);
  const tensors: NamedTensor[] = SHAPES.map((shape, i) => ({
    name: ['weight_ih_l0', 'weight_hh_l0_reverse', 'bias_ih_l1', 'linear.weight', 'empty', 'empty.3d', 'scalar', 'linear.bias', 'x'][i]!,
    shape,
    data: randomFloats(shape.reduce((a, b) => a * b, 1), random),
  }));
  return {
    kind: 'char-lm',
    config: { cell: 'lstm', sizes: { input: 5, hidden: [8, 8] }, nested: { deeper: { list: [1, 'two', null, true, { x: -0.5 }] } }, note: 'é 𝄞 😀' },
    vocabulary: ['a', ' ', '\n', '𝄞', '😀', '👩‍💻', 'é', '"', '\\', '\u0000', '\uD834', ''],
    extras: { history: [{ step: 1, loss: 2.5 }], optimizer: { name: 'adam', lr: 0.001 } },
    tensors,
  };
}

/** A small valid file: two tensors, one of them [2, 2]. */
function smallFile(): Uint8Array {
  return encodeModel({
    kind: 'char-lm',
    config: { cell: 'gru', hidden: 2 },
    vocabulary: ['a', '𝄞'],
    tensors: [
      { name: 'w', shape: [2, 2], data: new Float32Array([1, -2, 0.5, -0]) },
      { name: 'b', shape: [3], data: new Float32Array([3, 4, 5]) },
    ],
  });
}

/** What the layout says about a file, read with DataView and JSON.parse only. */
function parseByHand(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  const version = view.getUint32(8, true);
  const headerLength = view.getUint32(12, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + headerLength))) as {
    dataBytes: number;
    tensors: { name: string; shape: number[]; offset: number; length: number }[];
  } & Record<string, unknown>;
  const dataStart = Math.ceil((16 + headerLength) / 16) * 16;
  const tensors = header.tensors.map((t) => {
    const data = new Float32Array(t.length);
    for (let i = 0; i < t.length; i++) data[i] = view.getFloat32(dataStart + t.offset + 4 * i, true);
    return { name: t.name, shape: t.shape, data };
  });
  return {
    magic, version, headerLength, header, dataStart, tensors,
    padding: bytes.subarray(16 + headerLength, dataStart),
    trailer: view.getUint32(bytes.length - 4, true),
  };
}

const decodeError = (bytes: Uint8Array, limits = {}) => thrown(() => decodeModel(bytes, limits));

describe('native model file: round trips', () => {
  it('keeps kind, nested config, unicode vocabulary, extras and bit-exact tensors', () => {
    for (const seed of [1, 2, 3]) {
      const model = randomModel(seed);
      const decoded = decodeModel(encodeModel(model));
      expect(decoded.kind).toBe(model.kind);
      expect(decoded.config).toEqual(model.config);
      expect(decoded.vocabulary).toEqual(model.vocabulary);
      expect(decoded.extras).toEqual(model.extras);
      expectSameTensors(decoded.tensors, model.tensors);
    }
  });

  it('keeps an empty vocabulary empty, and leaves absent fields absent', () => {
    const withEmpty = decodeModel(encodeModel({ kind: '', config: {}, vocabulary: [], tensors: [] }));
    expect(withEmpty).toEqual({ kind: '', config: {}, vocabulary: [], tensors: [] });
    const bare = decodeModel(encodeModel({ kind: 'k', config: {}, tensors: [] }));
    expect('vocabulary' in bare).toBe(false);
    expect('extras' in bare).toBe(false);
  });

  it('keeps astral symbols and lone surrogates in the vocabulary as they were', () => {
    const vocabulary = ['𝄞', '😀', '\uD83D', '\uDE00', 'a\uDC00b'];
    const decoded = decodeModel(encodeModel({ kind: 'k', config: {}, vocabulary, tensors: [] }));
    expect(decoded.vocabulary).toEqual(vocabulary);
    expect(decoded.vocabulary?.map((s) => s.length)).toEqual([2, 2, 1, 1, 3]);
  });

  it('keeps -0, subnormals and the float32 extremes bit for bit', () => {
    const bits = new Uint32Array([0x80000000, 0x00000001, 0x807fffff, 0x00400000, 0x7f7fffff, 0xff7fffff, 0x00800000, 0x3f800000]);
    const data = new Float32Array(bits.buffer);
    const decoded = decodeModel(encodeModel({ kind: 'k', config: {}, tensors: [{ name: 't', shape: [8], data }] }));
    expect(new Uint32Array(decoded.tensors[0]!.data.buffer)).toEqual(bits);
    expect(Object.is(decoded.tensors[0]!.data[0], -0)).toBe(true);
  });

  it('reads a file from an unaligned view into a larger buffer, and copies the data out', () => {
    const file = encodeModel(randomModel(4));
    const host = new Uint8Array(file.length + 7);
    host.set(file, 3);
    const view = host.subarray(3, 3 + file.length);
    const decoded = decodeModel(view);
    expectSameTensors(decoded.tensors, randomModel(4).tensors);
    host.fill(0);
    expectSameTensors(decoded.tensors, randomModel(4).tensors);
  });

  it('accepts tensor data that is a view into a larger buffer', () => {
    const backing = new Float32Array([9, 1, 2, 3, 9]);
    const data = backing.subarray(1, 4);
    const decoded = decodeModel(encodeModel({ kind: 'k', config: {}, tensors: [{ name: 't', shape: [3], data }] }));
    expect([...decoded.tensors[0]!.data]).toEqual([1, 2, 3]);
  });
});

describe('native model file: the layout', () => {
  it('is what the documented layout says, read back with DataView alone', () => {
    const model = randomModel(5);
    const bytes = encodeModel(model);
    const file = parseByHand(bytes);
    expect(file.magic).toBe('RECURRNT');
    expect(file.version).toBe(1);
    expect(file.header['format']).toBe('recurrent-model');
    expect(file.header['version']).toBe(1);
    expect(file.header['kind']).toBe('char-lm');
    expect(file.header['vocabulary']).toEqual(model.vocabulary);
    expect(file.dataStart % 16).toBe(0);
    expect([...file.padding].every((b) => b === 0)).toBe(true);
    expect(bytes.length).toBe(file.dataStart + file.header.dataBytes + 4);
    for (const t of file.header.tensors) expect(t.offset % 16).toBe(0);
    expectSameTensors(file.tensors, model.tensors);
    const body = bytes.subarray(0, bytes.length - 4);
    expect(file.trailer).toBe(zlibCrc32(body));
    expect(file.trailer).toBe(bitwiseCrc32(body));
  });

  it('decodes a file assembled by hand from the layout', () => {
    const header = nativeHeader([{ name: 'weight_ih_l0', shape: [2, 3] }, { name: 'bias_ih_l0', shape: [2] }], {
      kind: 'hand-made',
      config: { cell: 'rnn' },
      vocabulary: ['x', 'y'],
    });
    const data = f32le([1, 2, 3, 4, 5, 6, -0.25, 1e-40]);
    const decoded = decodeModel(forgeModelFile(header, data));
    expect(decoded.kind).toBe('hand-made');
    expect(decoded.config).toEqual({ cell: 'rnn' });
    expect(decoded.vocabulary).toEqual(['x', 'y']);
    expect(decoded.tensors.map((t) => [t.name, t.shape, [...t.data]])).toEqual([
      ['weight_ih_l0', [2, 3], [1, 2, 3, 4, 5, 6]],
      ['bias_ih_l0', [2], [-0.25, Math.fround(1e-40)]],
    ]);
  });

  it('writes and reads the same bytes on the portable (big-endian host) path', () => {
    const data = randomFloats(37, rng(6));
    const fast = new Uint8Array(4 * 37 + 8);
    const portable = new Uint8Array(4 * 37 + 8);
    writeFloat32LE(fast, 4, data, true);
    writeFloat32LE(portable, 4, data, false);
    expect(portable).toEqual(fast);
    expect(fast.subarray(4, 8)).toEqual(f32le([data[0]!]));
    const back = readFloat32LE(fast, 4, 37, false);
    expect(new Uint32Array(back.buffer)).toEqual(new Uint32Array(data.buffer));
    expect(new Uint32Array(readFloat32LE(fast, 4, 37, true).buffer)).toEqual(new Uint32Array(data.buffer));
  });
});

describe('native model file: CRC-32', () => {
  it('has the standard check value and agrees with zlib and a bitwise CRC', () => {
    expect(crc32(ascii('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    const random = rng(7);
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
      expect(crc32(bytes)).toBe(bitwiseCrc32(bytes));
    }
    const big = Uint8Array.from({ length: 1 << 20 }, () => Math.floor(random() * 256));
    expect(crc32(big)).toBe(zlibCrc32(big));
    expect(crc32(big.subarray(1000), crc32(big.subarray(0, 1000)))).toBe(zlibCrc32(big));
  });
});

describe('native model file: rejected files', () => {
  it('every truncation of a small file is reported as truncated', () => {
    const file = smallFile();
    for (let n = 0; n < file.length; n++) {
      const error = decodeError(file.subarray(0, n));
      expect(error, `prefix of ${n} bytes`).toBeInstanceOf(ModelFileError);
      expect(error.message, `prefix of ${n} bytes`).toMatch(/^truncated recurrent model file: /);
    }
  });

  it('every single flipped bit anywhere is caught, by the checksum when the structure survives', () => {
    const file = smallFile();
    const data = file.length - 4 - 28;
    for (let i = 0; i < file.length; i++) {
      for (const bit of [0x01, 0x80]) {
        const bad = file.slice();
        bad[i]! ^= bit;
        const error = decodeError(bad);
        expect(error, `byte ${i}`).toBeInstanceOf(ModelFileError);
        if (i >= data) expect(error.message, `byte ${i}`).toMatch(/^checksum mismatch \(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\)/);
      }
    }
  });

  it('names a checksum mismatch with both values', () => {
    const bad = smallFile();
    const view = new DataView(bad.buffer);
    const stored = view.getUint32(bad.length - 4, true);
    bad[bad.length - 10]! ^= 0x10;
    expect(decodeError(bad).message).toBe(
      `checksum mismatch (stored 0x${stored.toString(16).padStart(8, '0')}, computed 0x${bitwiseCrc32(bad.subarray(0, bad.length - 4)).toString(16).padStart(8, '0')}): the file is corrupt or was modified`,
    );
  });

  it('refuses another format by its magic', () => {
    const safetensors = concat(new Uint8Array([8, 0, 0, 0, 0, 0, 0, 0]), ascii('{}      '));
    for (const bytes of [safetensors, ascii('PK\u0003\u0004 zip file here...'), ascii('RECURRENT-but-not-quite-the-magic'), forgeModelFile({}, new Uint8Array(0), { magic: 'RECURRNX' }), ascii('X')]) {
      expect(decodeError(bytes).message).toBe('not a recurrent model file (it does not start with "RECURRNT")');
    }
  });

  it('refuses an unknown version', () => {
    const header = nativeHeader([]);
    expect(decodeError(forgeModelFile(header, new Uint8Array(0), { version: 2 })).message).toBe(
      'unsupported recurrent model format version 2 (this reader supports version 1)',
    );
    expect(decodeError(forgeModelFile(header, new Uint8Array(0), { version: 0 })).message).toMatch(/version 0 /);
    expect(decodeError(forgeModelFile({ ...header, version: 2 }, new Uint8Array(0))).message).toBe(
      'header field "version" is 2, but the file\'s format version is 1',
    );
  });

  it('refuses absurd header lengths before allocating anything', () => {
    const huge = forgeModelFile(nativeHeader([]), new Uint8Array(0), { headerLength: 0xffffffff });
    expect(decodeError(huge).message).toBe('header length 4294967295 exceeds the limit of 67108864 bytes');
    expect(decodeError(huge, { maxHeaderBytes: 2 ** 40 }).message).toMatch(/^truncated recurrent model file: the header length 4294967295 runs past the end of the file \(\d+ bytes\)$/);
    const small = forgeModelFile(nativeHeader([]), new Uint8Array(0));
    expect(decodeError(small, { maxHeaderBytes: 10 }).message).toMatch(/^header length \d+ exceeds the limit of 10 bytes$/);
    expect(decodeError(small, { maxHeaderBytes: -1 }).message).toBe('maxHeaderBytes must be a non-negative number, got -1');
  });

  it('refuses a header that is not UTF-8, not JSON, not an object, or of another format', () => {
    const data = new Uint8Array(0);
    const notUtf8 = forgeModelFile('{"a":"\u0000"}', data);
    notUtf8[16 + 6] = 0xff;
    notUtf8.set(u32le(bitwiseCrc32(notUtf8.subarray(0, notUtf8.length - 4))), notUtf8.length - 4);
    expect(decodeError(notUtf8).message).toBe('the header is not valid UTF-8');
    expect(decodeError(forgeModelFile('{"format": "recurrent-model",', data)).message).toMatch(/^the header is not valid JSON \(.+\)$/);
    expect(decodeError(forgeModelFile('[1, 2]', data)).message).toBe('the header is not a JSON object');
    expect(decodeError(forgeModelFile('null', data)).message).toBe('the header is not a JSON object');
    expect(decodeError(forgeModelFile({ ...nativeHeader([]), format: 'safetensors' }, data)).message).toBe(
      'header field "format" is "safetensors", expected "recurrent-model"',
    );
    const { dataBytes: _, ...noDataBytes } = nativeHeader([]);
    expect(decodeError(forgeModelFile(noDataBytes, data)).message).toBe('header field "dataBytes" must be a non-negative integer, got undefined');
  });

  it('refuses missing or mistyped fields', () => {
    const data = new Uint8Array(0);
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 3 }, 'header field "kind" must be a string, got 3'],
      [{ config: [1] }, 'header field "config" must be a JSON object, got [1]'],
      [{ config: null }, 'header field "config" must be a JSON object, got null'],
      [{ vocabulary: 'abc' }, '"vocabulary" must be an array of strings, got "abc"'],
      [{ vocabulary: ['a', 2] }, '"vocabulary" must be an array of strings, but entry 1 is 2'],
      [{ extras: [] }, 'header field "extras" must be a JSON object, got []'],
      [{ tensors: {} }, 'header field "tensors" must be an array, got {}'],
    ];
    for (const [change, message] of cases) {
      expect(decodeError(forgeModelFile({ ...nativeHeader([]), ...change }, data)).message).toBe(message);
    }
    const { kind: _, ...noKind } = nativeHeader([]);
    expect(decodeError(forgeModelFile(noKind, data)).message).toBe('header field "kind" must be a string, got undefined');
  });

  it('refuses bad tensor names', () => {
    const data = f32le([1, 2]);
    const base = nativeHeader([{ name: 'a', shape: [1] }, { name: 'b', shape: [1] }]);
    const rename = (names: unknown[]) => ({ ...base, tensors: base.tensors.map((t, i) => ({ ...t, name: names[i] })) });
    expect(decodeError(forgeModelFile(rename(['a', '']), data)).message).toBe('tensor entry 1 has no name (a tensor name must be a non-empty string, got "")');
    expect(decodeError(forgeModelFile(rename([7, 'b']), data)).message).toBe('tensor entry 0 has no name (a tensor name must be a non-empty string, got 7)');
    expect(decodeError(forgeModelFile(rename(['w', 'w']), data)).message).toBe('duplicate tensor name "w"');
    expect(decodeError(forgeModelFile({ ...base, tensors: [null] }, data)).message).toBe('tensor entry 0 is not an object');
  });

  it('refuses bad shapes and lengths', () => {
    const data = f32le([1, 2, 3, 4, 5, 6]);
    const entry = (change: Record<string, unknown>) => ({ ...nativeHeader([{ name: 'w', shape: [2, 3] }]), tensors: [{ name: 'w', shape: [2, 3], offset: 0, length: 6, ...change }] });
    const cases: [Record<string, unknown>, string][] = [
      [{ shape: [2, 1.5] }, 'tensor "w": shape must be an array of non-negative integers, got [2,1.5]'],
      [{ shape: [2, -3] }, 'tensor "w": shape must be an array of non-negative integers, got [2,-3]'],
      [{ shape: ['2', 3] }, 'tensor "w": shape must be an array of non-negative integers, got ["2",3]'],
      [{ shape: 6 }, 'tensor "w": shape must be an array of non-negative integers, got 6'],
      [{ shape: [2 ** 30, 2 ** 30, 2 ** 30] }, 'tensor "w": shape [1073741824,1073741824,1073741824] has too many elements (the product overflows)'],
      [{ shape: [3, 3] }, 'tensor "w": shape [3, 3] has 9 elements, but length is 6'],
      [{ length: -6 }, 'tensor "w": length must be a non-negative integer, got -6'],
    ];
    for (const [change, message] of cases) expect(decodeError(forgeModelFile(entry(change), data)).message).toBe(message);
  });

  it('refuses offsets outside the data section, misaligned or overlapping', () => {
    const data = f32le([1, 2, 3, 4, 5, 6]);
    const header = (tensors: Record<string, unknown>[]) => ({ ...nativeHeader([]), dataBytes: 24, tensors });
    const t = (name: string, offset: unknown, length: number) => ({ name, shape: [length], offset, length });
    const cases: [Record<string, unknown>[], string][] = [
      [[t('a', 2, 1)], 'tensor "a": offset 2 is misaligned (not a multiple of 4)'],
      [[t('a', -4, 1)], 'tensor "a": offset must be a non-negative integer, got -4'],
      [[t('a', '0', 1)], 'tensor "a": offset must be a non-negative integer, got "0"'],
      [[t('a', 20, 2)], 'tensor "a": bytes [20, 28) lie outside the data section of 24 bytes'],
      [[t('a', 2 ** 52, 1)], `tensor "a": bytes [${2 ** 52}, ${2 ** 52 + 4}) lie outside the data section of 24 bytes`],
      [[t('a', 0, 3), t('b', 8, 2)], 'tensors "a" and "b" overlap (bytes [0, 12) and [8, 16))'],
      [[t('b', 16, 2), t('a', 12, 2)], 'tensors "a" and "b" overlap (bytes [12, 20) and [16, 24))'],
    ];
    for (const [tensors, message] of cases) expect(decodeError(forgeModelFile(header(tensors), data)).message).toBe(message);
    // Gaps (alignment padding) and empty tensors anywhere are fine.
    const ok = decodeModel(forgeModelFile(header([t('a', 0, 1), t('e', 4, 0), t('b', 8, 2)]), data));
    expect(ok.tensors.map((x) => [...x.data])).toEqual([[1], [], [3, 4]]);
  });

  it('refuses NaN and infinite weights, naming the tensor and index', () => {
    const header = nativeHeader([{ name: 'ok', shape: [2] }, { name: 'weight_hh_l0', shape: [2, 3] }]);
    for (const [bad, text] of [[NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity']] as const) {
      const file = forgeModelFile(header, f32le([1, 2, 0, 0, 0, 0, bad, 0]));
      expect(decodeError(file).message).toBe(`tensor "weight_hh_l0" has a non-finite value (${text}) at index 4 (element [1, 1])`);
      const lenient = decodeModel(file, { allowNonFinite: true });
      expect(lenient.tensors[1]!.data[4]).toBe(bad);
    }
  });

  it('refuses trailing garbage and non-zero padding', () => {
    const file = smallFile();
    expect(decodeError(concat(file, new Uint8Array([0, 0, 0]))).message).toBe(`trailing garbage: 3 bytes after the checksum of a ${file.length}-byte recurrent model file`);
    const header = nativeHeader([]);
    expect(JSON.stringify(header).length % 16).not.toBe(0);
    expect(decodeError(forgeModelFile(header, new Uint8Array(0), { padByte: 0x20 })).message).toBe('the padding after the header is not zero');
  });

  it('refuses what is not a byte array', () => {
    expect(decodeError([1, 2, 3] as unknown as Uint8Array).message).toBe('expected the file as a Uint8Array');
  });
});

describe('native model file: models that cannot be written', () => {
  const tensor = (data: number[], name = 't', shape = [data.length]): NamedTensor => ({ name, shape, data: new Float32Array(data) });
  const encodeError = (model: unknown) => thrown(() => encodeModel(model as ModelFile));
  const base = { kind: 'k', config: {}, tensors: [] as NamedTensor[] };

  it('refuses non-finite weights, so a diverged model cannot overwrite a good checkpoint', () => {
    expect(encodeError({ ...base, tensors: [tensor([1, NaN], 'weight_ih_l0', [1, 2])] }).message).toBe('tensor "weight_ih_l0" has a non-finite value (NaN) at index 1 (element [0, 1])');
  });

  it('refuses tensors whose data does not fit the shape, bad names and duplicates', () => {
    expect(encodeError({ ...base, tensors: [tensor([1, 2, 3], 't', [2, 2])] }).message).toBe('tensor "t": shape [2, 2] needs 4 values, data holds 3');
    expect(encodeError({ ...base, tensors: [tensor([1]), tensor([2])] }).message).toBe('duplicate tensor name "t"');
    expect(encodeError({ ...base, tensors: [tensor([1], '')] }).message).toBe('tensor 0 has no name (a tensor name must be a non-empty string, got "")');
    expect(encodeError({ ...base, tensors: [{ name: 't', shape: [2], data: [1, 2] }] }).message).toBe('tensor "t": data must be a Float32Array');
    expect(encodeError({ ...base, tensors: [tensor([1], 't', [-1])] }).message).toBe('tensor "t": shape must be an array of non-negative integers, got [-1]');
  });

  it('refuses config and extras that JSON would not give back unchanged', () => {
    expect(encodeError({ ...base, config: { lr: NaN } }).message).toBe('config.lr is NaN, which JSON cannot hold');
    expect(encodeError({ ...base, config: { a: [1, undefined] } }).message).toBe('config.a[1] is undefined, which JSON cannot hold');
    expect(encodeError({ ...base, extras: { m: new Float32Array(2) } }).message).toBe('extras.m is a Float32Array, not plain JSON data');
    expect(encodeError({ ...base, extras: { when: new Date(0) } }).message).toBe('extras.when is a Date, not plain JSON data');
    expect(encodeError({ ...base, config: { n: 10n } }).message).toBe('config.n is a bigint, which JSON cannot hold');
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(encodeError({ ...base, config: cyclic }).message).toBe('config.self refers back to itself (a cycle)');
    expect(encodeError({ ...base, config: [] }).message).toBe('"config" must be a plain object');
    expect(encodeError({ ...base, kind: undefined }).message).toBe('"kind" must be a string, got undefined');
    expect(encodeError({ ...base, vocabulary: ['a', 1] }).message).toBe('"vocabulary" must be an array of strings, but entry 1 is 1');
    // Shared (not cyclic) references and undefined properties are fine; the latter are dropped as in JSON.
    const shared = { x: 1 };
    const decoded = decodeModel(encodeModel({ ...base, config: { a: shared, b: shared, c: undefined } }));
    expect(decoded.config).toEqual({ a: { x: 1 }, b: { x: 1 } });
    expect('c' in decoded.config).toBe(false);
  });
});

describe('decoding from a Node Buffer', () => {
  it('reads the tensors of a file loaded with readFileSync-like Buffers (whose slice() shares memory)', () => {
    const model = { kind: 'k', config: {}, tensors: [{ name: 'w', shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) }] };
    const bytes = encodeModel(model);
    // A Buffer sitting inside a larger pool, as Node hands out small files.
    const pool = Buffer.alloc(bytes.length + 64);
    pool.set(bytes, 32);
    const decoded = decodeModel(pool.subarray(32, 32 + bytes.length));
    expect(Array.from(decoded.tensors[0]!.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
