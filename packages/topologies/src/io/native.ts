/**
 * The native model file: one self-describing, checksummed file per model.
 *
 * Layout (all integers little-endian):
 *
 * | offset        | size | content                                                        |
 * | ------------- | ---- | -------------------------------------------------------------- |
 * | 0             | 8    | magic, ASCII `RECURRNT`                                        |
 * | 8             | 4    | uint32 format version, 1                                       |
 * | 12            | 4    | uint32 header length H, in bytes                               |
 * | 16            | H    | UTF-8 JSON header (below)                                      |
 * | 16 + H        | 0–15 | zero bytes, up to D = the next multiple of 16                  |
 * | D             | B    | data section: float32 values, little-endian                    |
 * | D + B         | 4    | uint32 CRC-32 (zlib's) of every byte before it                 |
 *
 * The header is `{ format: "recurrent-model", version: 1, kind, config, vocabulary?, extras?,
 * dataBytes: B, tensors: [{ name, shape, offset, length }] }`, where `offset` is in bytes from the
 * start of the data section (a multiple of 4; the encoder aligns each tensor to 16) and `length`
 * counts float32 values (the product of `shape`). Tensors may not overlap; gaps are padding.
 * Readers ignore header fields they do not know, so later writers can add some within version 1.
 *
 * Why this shape: the fixed prefix lets a reader reject a foreign file from 16 bytes; `dataBytes`
 * fixes where the file ends, so truncation and trailing garbage are told apart from corruption;
 * the 16-byte alignment lets a reader on any platform view the data as a Float32Array (and SIMD
 * loads stay aligned); the CRC-32 catches a flipped bit anywhere.
 */
import { crc32 } from './crc32.js';
import {
  alignUp, checkFinite, checkName, checkTensorForWriting, describe, formatShape, fromUtf8, headerLimit,
  isCount, isPlainRecord, parseJsonObject, readFloat32LE, shapeSize, utf8, writeFloat32LE,
} from './common.js';
import { type DecodeLimits, type ModelFile, ModelFileError } from './types.js';

/** The eight bytes every native model file starts with. */
export const MODEL_MAGIC = 'RECURRNT';
/** The format version this code writes and reads. */
export const MODEL_FORMAT_VERSION = 1;
/** The default bound on the JSON header, in bytes (a vocabulary and config are far smaller). */
export const MODEL_MAX_HEADER_BYTES = 64 * 1024 * 1024;

const PREFIX_BYTES = 16;
const CHECKSUM_BYTES = 4;
const DATA_ALIGNMENT = 16;
const MAGIC_BYTES = utf8(MODEL_MAGIC);

interface TensorEntry {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

/**
 * Encodes a model as a native model file (layout in the module documentation).
 *
 * Checks the model first, so that it never writes a file {@link decodeModel} would refuse:
 * `kind` a string, `config` and `extras` JSON data (plain objects, arrays, strings, finite numbers,
 * booleans, null; object properties that are `undefined` are left out as JSON does), vocabulary
 * entries strings, tensor names non-empty and unique, each tensor's data as long as its shape, and
 * every value finite. Store arrays of numbers such as optimizer moments as tensors, not in `extras`.
 *
 * The result is the whole file; write it atomically (temporary file, then rename).
 *
 * @example
 * const bytes = encodeModel({
 *   kind: 'char-lm',
 *   config: { cell: 'lstm', hiddenSize: 2 },
 *   vocabulary: ['a', 'b'],
 *   tensors: [{ name: 'linear.bias', shape: [2], data: new Float32Array([0.5, -1]) }],
 * });
 * decodeModel(bytes).tensors[0]?.data; // Float32Array [0.5, -1]
 */
export function encodeModel(model: ModelFile): Uint8Array {
  if (typeof model !== 'object' || model === null) throw new ModelFileError('the model must be an object');
  if (typeof model.kind !== 'string') throw new ModelFileError(`"kind" must be a string, got ${describe(model.kind)}`);
  if (!isPlainRecord(model.config)) throw new ModelFileError('"config" must be a plain object');
  checkJsonSafe(model.config, 'config');
  if (model.vocabulary !== undefined) checkVocabulary(model.vocabulary);
  if (model.extras !== undefined) {
    if (!isPlainRecord(model.extras)) throw new ModelFileError('"extras" must be a plain object');
    checkJsonSafe(model.extras, 'extras');
  }
  if (!Array.isArray(model.tensors)) throw new ModelFileError('"tensors" must be an array');

  const seen = new Set<string>();
  const entries: TensorEntry[] = [];
  let dataBytes = 0;
  model.tensors.forEach((t, i) => {
    checkTensorForWriting(t, seen, i);
    dataBytes = alignUp(dataBytes, DATA_ALIGNMENT);
    entries.push({ name: t.name, shape: [...t.shape], offset: dataBytes, length: t.data.length });
    dataBytes += 4 * t.data.length;
  });

  const header: Record<string, unknown> = {
    format: 'recurrent-model',
    version: MODEL_FORMAT_VERSION,
    kind: model.kind,
    config: model.config,
  };
  if (model.vocabulary !== undefined) header['vocabulary'] = model.vocabulary;
  if (model.extras !== undefined) header['extras'] = model.extras;
  header['dataBytes'] = dataBytes;
  header['tensors'] = entries;
  const headerBytes = utf8(JSON.stringify(header));
  if (headerBytes.length > MODEL_MAX_HEADER_BYTES) {
    throw new ModelFileError(`the header would be ${headerBytes.length} bytes, over the ${MODEL_MAX_HEADER_BYTES} that readers accept by default; store large arrays as tensors`);
  }

  const dataStart = alignUp(PREFIX_BYTES + headerBytes.length, DATA_ALIGNMENT);
  const total = dataStart + dataBytes + CHECKSUM_BYTES;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(MAGIC_BYTES, 0);
  view.setUint32(8, MODEL_FORMAT_VERSION, true);
  view.setUint32(12, headerBytes.length, true);
  out.set(headerBytes, PREFIX_BYTES);
  model.tensors.forEach((t, i) => writeFloat32LE(out, dataStart + entries[i]!.offset, t.data));
  view.setUint32(total - CHECKSUM_BYTES, crc32(out.subarray(0, total - CHECKSUM_BYTES)), true);
  return out;
}

/**
 * Decodes a native model file, checking everything before trusting it: magic, version, header
 * length (against `limits.maxHeaderBytes`, 64 MiB by default, and the file's real length, before
 * anything is allocated), UTF-8 and JSON of the header, the extent of the file (truncation,
 * trailing garbage), the CRC-32, then each tensor entry (names, shapes, offsets inside the data
 * section, 4-byte alignment, no overlap) and the values (NaN and ±Infinity are refused unless
 * `limits.allowNonFinite`). Any problem throws a {@link ModelFileError} saying what is wrong.
 *
 * Tensor data is copied out of `bytes`, so the result does not alias the input.
 *
 * @example
 * const model = decodeModel(bytes);
 * const weights = tensorMap(model.tensors);
 */
export function decodeModel(bytes: Uint8Array, limits: DecodeLimits = {}): ModelFile {
  if (!(bytes instanceof Uint8Array)) throw new ModelFileError('expected the file as a Uint8Array');
  const n = bytes.length;
  for (let i = 0; i < Math.min(n, MAGIC_BYTES.length); i++) {
    if (bytes[i] !== MAGIC_BYTES[i]) throw new ModelFileError(`not a recurrent model file (it does not start with "${MODEL_MAGIC}")`);
  }
  const minimum = PREFIX_BYTES + CHECKSUM_BYTES;
  if (n < minimum) throw new ModelFileError(`truncated recurrent model file: ${n} bytes, fewer than the ${minimum} of the smallest one`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== MODEL_FORMAT_VERSION) {
    throw new ModelFileError(`unsupported recurrent model format version ${version} (this reader supports version ${MODEL_FORMAT_VERSION})`);
  }
  const headerLength = view.getUint32(12, true);
  const maxHeader = headerLimit(limits, MODEL_MAX_HEADER_BYTES);
  if (headerLength > maxHeader) throw new ModelFileError(`header length ${headerLength} exceeds the limit of ${maxHeader} bytes`);
  if (PREFIX_BYTES + headerLength + CHECKSUM_BYTES > n) {
    throw new ModelFileError(`truncated recurrent model file: the header length ${headerLength} runs past the end of the file (${n} bytes)`);
  }

  const header = parseJsonObject(fromUtf8(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength), 'the header'), 'the header');
  if (header['format'] !== 'recurrent-model') {
    throw new ModelFileError(`header field "format" is ${describe(header['format'])}, expected "recurrent-model"`);
  }
  if (header['version'] !== version) {
    throw new ModelFileError(`header field "version" is ${describe(header['version'])}, but the file's format version is ${version}`);
  }
  const dataBytes = header['dataBytes'];
  if (!isCount(dataBytes)) throw new ModelFileError(`header field "dataBytes" must be a non-negative integer, got ${describe(dataBytes)}`);

  const dataStart = alignUp(PREFIX_BYTES + headerLength, DATA_ALIGNMENT);
  const expected = dataStart + dataBytes + CHECKSUM_BYTES;
  if (n < expected) {
    throw new ModelFileError(`truncated recurrent model file: ${n} bytes, but the header describes ${expected} (data section or checksum cut off)`);
  }
  if (n > expected) throw new ModelFileError(`trailing garbage: ${n - expected} bytes after the checksum of a ${expected}-byte recurrent model file`);
  const stored = view.getUint32(expected - CHECKSUM_BYTES, true);
  const computed = crc32(bytes.subarray(0, expected - CHECKSUM_BYTES));
  if (stored !== computed) {
    throw new ModelFileError(`checksum mismatch (stored 0x${hex(stored)}, computed 0x${hex(computed)}): the file is corrupt or was modified`);
  }
  for (let i = PREFIX_BYTES + headerLength; i < dataStart; i++) {
    if (bytes[i] !== 0) throw new ModelFileError('the padding after the header is not zero');
  }

  const kind = header['kind'];
  if (typeof kind !== 'string') throw new ModelFileError(`header field "kind" must be a string, got ${describe(kind)}`);
  const config = header['config'];
  if (!isPlainRecord(config)) throw new ModelFileError(`header field "config" must be a JSON object, got ${describe(config)}`);
  const model: ModelFile = { kind, config, tensors: [] };
  if (header['vocabulary'] !== undefined) model.vocabulary = checkVocabulary(header['vocabulary']);
  if (header['extras'] !== undefined) {
    const extras = header['extras'];
    if (!isPlainRecord(extras)) throw new ModelFileError(`header field "extras" must be a JSON object, got ${describe(extras)}`);
    model.extras = extras;
  }
  const entries = checkEntries(header['tensors'], dataBytes);
  const data = bytes.subarray(dataStart, dataStart + dataBytes);
  for (const e of entries) {
    const values = readFloat32LE(data, e.offset, e.length);
    if (!limits.allowNonFinite) checkFinite(e.name, e.shape, values);
    model.tensors.push({ name: e.name, shape: e.shape, data: values });
  }
  return model;
}

function hex(value: number): string {
  return value.toString(16).padStart(8, '0');
}

function checkVocabulary(vocabulary: unknown): string[] {
  if (!Array.isArray(vocabulary)) throw new ModelFileError(`"vocabulary" must be an array of strings, got ${describe(vocabulary)}`);
  for (let i = 0; i < vocabulary.length; i++) {
    if (typeof vocabulary[i] !== 'string') {
      throw new ModelFileError(`"vocabulary" must be an array of strings, but entry ${i} is ${describe(vocabulary[i])}`);
    }
  }
  return vocabulary as string[];
}

/** Validates the header's tensor table against a data section of `dataBytes` bytes. */
function checkEntries(table: unknown, dataBytes: number): TensorEntry[] {
  if (!Array.isArray(table)) throw new ModelFileError(`header field "tensors" must be an array, got ${describe(table)}`);
  const seen = new Set<string>();
  const entries: TensorEntry[] = table.map((raw: unknown, i) => {
    if (!isPlainRecord(raw)) throw new ModelFileError(`tensor entry ${i} is not an object`);
    const { name, shape, offset, length } = raw;
    checkName(name, seen, `tensor entry ${i}`);
    const q = JSON.stringify(name);
    const size = shapeSize(shape, name);
    if (!isCount(length)) throw new ModelFileError(`tensor ${q}: length must be a non-negative integer, got ${describe(length)}`);
    if (length !== size) {
      throw new ModelFileError(`tensor ${q}: shape ${formatShape(shape as number[])} has ${size} elements, but length is ${length}`);
    }
    if (!isCount(offset)) throw new ModelFileError(`tensor ${q}: offset must be a non-negative integer, got ${describe(offset)}`);
    if (offset % 4 !== 0) throw new ModelFileError(`tensor ${q}: offset ${offset} is misaligned (not a multiple of 4)`);
    if (offset + 4 * length > dataBytes) {
      throw new ModelFileError(`tensor ${q}: bytes [${offset}, ${offset + 4 * length}) lie outside the data section of ${dataBytes} bytes`);
    }
    return { name, shape: shape as number[], offset, length };
  });
  // Empty tensors occupy no bytes and cannot overlap anything.
  const placed = entries.filter((e) => e.length > 0).sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < placed.length; i++) {
    const a = placed[i - 1]!;
    const b = placed[i]!;
    if (b.offset < a.offset + 4 * a.length) {
      throw new ModelFileError(`tensors ${JSON.stringify(a.name)} and ${JSON.stringify(b.name)} overlap (bytes [${a.offset}, ${a.offset + 4 * a.length}) and [${b.offset}, ${b.offset + 4 * b.length}))`);
    }
  }
  return entries;
}

/**
 * Throws unless `value` survives JSON.stringify/JSON.parse unchanged: no NaN or ±Infinity (they
 * become null), no typed arrays, Maps or class instances (they lose their contents or type), no
 * undefined in arrays (null), no cycles. `undefined` object properties are allowed and dropped.
 */
function checkJsonSafe(value: unknown, path: string, ancestors = new Set<object>()): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ModelFileError(`${path} is ${value}, which JSON cannot hold`);
    return;
  }
  if (typeof value !== 'object') throw new ModelFileError(`${path} is ${value === undefined ? 'undefined' : `a ${typeof value}`}, which JSON cannot hold`);
  if (ancestors.has(value)) throw new ModelFileError(`${path} refers back to itself (a cycle)`);
  ancestors.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) checkJsonSafe(value[i], `${path}[${i}]`, ancestors);
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const type = (value as { constructor?: { name?: unknown } }).constructor?.name;
      throw new ModelFileError(`${path} is a ${typeof type === 'string' ? type : 'class instance'}, not plain JSON data`);
    }
    for (const [key, v] of Object.entries(value)) {
      if (v !== undefined) checkJsonSafe(v, `${path}.${key}`, ancestors);
    }
  }
  ancestors.delete(value);
}
