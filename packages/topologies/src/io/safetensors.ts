/**
 * safetensors, Hugging Face's tensor file (the format PyTorch users exchange weights in).
 *
 * Layout, per the specification in the huggingface/safetensors README:
 *
 * - 8 bytes: N, an unsigned 64-bit little-endian integer, the size of the header;
 * - N bytes: a UTF-8 JSON object `{ "NAME": { "dtype": "F32", "shape": [2, 3],
 *   "data_offsets": [BEGIN, END] }, …, "__metadata__": { "key": "value", … } }`, which may be
 *   padded at the end with spaces; `__metadata__` is optional and maps strings to strings;
 * - the rest of the file: the byte buffer. Offsets are relative to its start, END is one past the
 *   last byte, values are little-endian and row-major, and the tensors cover the buffer exactly,
 *   packed one after another with no hole and no overlap.
 *
 * The reference implementation refuses headers over 100 MB; so does this reader by default.
 */
import {
  alignUp, checkFinite, checkName, checkTensorForWriting, describe, formatShape, fromUtf8, headerLimit,
  isCount, isPlainRecord, nonFiniteError, parseJsonObject, readFloat32LE, shapeSize, utf8, writeFloat32LE,
} from './common.js';
import { type DecodeLimits, ModelFileError, type NamedTensor } from './types.js';

/** The reference implementation's bound on the header (MAX_HEADER_SIZE). */
export const SAFETENSORS_MAX_HEADER_BYTES = 100_000_000;

const METADATA_KEY = '__metadata__';
// The header is padded so that the byte buffer starts 8-aligned, as the reference writer does.
const HEADER_ALIGNMENT = 8;

/** The element types this reader converts to float32, with their sizes in bytes. */
const READABLE_DTYPES: Readonly<Record<string, number>> = { F32: 4, F64: 8, F16: 2, BF16: 2 };

/** What {@link decodeSafetensors} returns. */
export interface SafetensorsFile {
  /** The tensors in the order of their data in the file, converted to float32. */
  tensors: NamedTensor[];
  /** The `__metadata__` map, empty when the file has none. */
  metadata: Record<string, string>;
}

interface Entry {
  name: string;
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

/** How {@link encodeSafetensors} stores values. */
export interface EncodeOptions {
  /**
   * 'F32' (default); 'F16' or 'BF16': half the size, each value rounded to the nearest binary16
   * or bfloat16 (ties to even). F16 keeps 3 more digits, BF16 float32's range.
   */
  dtype?: 'F32' | 'F16' | 'BF16';
}

/**
 * Encodes tensors as a safetensors file, all as F32 (or F16, or BF16), in the order given (offsets increasing),
 * with `metadata` (if given and not empty) as `__metadata__` ahead of the tensors. The header is
 * compact JSON padded with spaces to a multiple of 8 bytes, as the reference writer pads it.
 * Names must be non-empty, unique and not `__metadata__`; values must be finite, and in F16 or
 * BF16 must not round to infinity (an error naming the tensor, not a silent infinity). The result is
 * the whole file; write it atomically (temporary file, then rename).
 *
 * @example
 * const bytes = encodeSafetensors(
 *   [{ name: 'weight_ih_l0', shape: [4, 2], data: new Float32Array(8) }],
 *   { format: 'pt' },
 * );
 * // bytes 0..7: header size; then '{"__metadata__":{"format":"pt"},"weight_ih_l0":{"dtype":"F32",...'
 */
export function encodeSafetensors(tensors: readonly NamedTensor[], metadata?: Record<string, string>, options: EncodeOptions = {}): Uint8Array {
  if (!Array.isArray(tensors)) throw new ModelFileError('the tensors must be an array');
  const dtype = options.dtype ?? 'F32';
  if (dtype !== 'F32' && dtype !== 'F16' && dtype !== 'BF16') throw new ModelFileError(`encodeSafetensors writes F32, F16 or BF16, not ${JSON.stringify(dtype)}`);
  const itemSize = dtype === 'F32' ? 4 : 2;
  const toBits = dtype === 'F16' ? floatToHalf : floatToBfloat16;
  const parts: string[] = [];
  if (metadata !== undefined) {
    checkMetadata(metadata);
    if (Object.keys(metadata).length > 0) parts.push(`${JSON.stringify(METADATA_KEY)}:${JSON.stringify(metadata)}`);
  }
  const seen = new Set<string>([METADATA_KEY]);
  let offset = 0;
  const begins: number[] = [];
  tensors.forEach((t, i) => {
    if (t?.name === METADATA_KEY) throw new ModelFileError(`a tensor cannot be named ${JSON.stringify(METADATA_KEY)}`);
    checkTensorForWriting(t, seen, i);
    if (dtype === 'F16') checkHalfRange(t);
    if (dtype === 'BF16') checkBfloat16Range(t);
    const end = offset + itemSize * t.data.length;
    // Written by hand rather than through one JSON.stringify of an object, which would move
    // integer-like names ("0", "1") ahead of the others and lose the order given.
    parts.push(`${JSON.stringify(t.name)}:${JSON.stringify({ dtype, shape: t.shape, data_offsets: [offset, end] })}`);
    begins.push(offset);
    offset = end;
  });
  const json = utf8(`{${parts.join(',')}}`);
  const headerSize = alignUp(json.length, HEADER_ALIGNMENT);
  if (headerSize > SAFETENSORS_MAX_HEADER_BYTES) {
    throw new ModelFileError(`the header would be ${headerSize} bytes, over the ${SAFETENSORS_MAX_HEADER_BYTES} that safetensors readers accept`);
  }
  const out = new Uint8Array(8 + headerSize + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerSize, true);
  view.setUint32(4, 0, true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerSize);
  tensors.forEach((t, i) => {
    const at = 8 + headerSize + begins[i]!;
    if (dtype === 'F32') writeFloat32LE(out, at, t.data);
    else for (let k = 0; k < t.data.length; k++) view.setUint16(at + 2 * k, toBits(t.data[k]), true);
  });
  return out;
}

/** binary16's largest finite value; anything rounding past it would be stored as infinity. */
const HALF_MAX = 65504;

function checkHalfRange(t: NamedTensor): void {
  for (let k = 0; k < t.data.length; k++) {
    if (!(Math.abs(t.data[k]!) < HALF_MAX + 16)) throw new ModelFileError(`tensor ${JSON.stringify(t.name)}: value ${t.data[k]} at index ${k} does not fit in F16 (largest ${HALF_MAX}); write F32`);
  }
}

/** Rounds a float to the nearest IEEE 754 binary16, ties to even (finite, in range: see checkHalfRange). */
export function floatToHalf(value: number): number {
  scratch[0] = value;
  const x = scratchBits[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  const mantissa = x & 0x7fffff;
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal (or zero): value = m · 2^-24 with m = round(1.mantissa · 2^(e + 9)).
    if (e < -10) return sign;
    const full = mantissa | 0x800000;
    const shift = 14 - e;
    const rounded = roundShift(full, shift);
    return sign | rounded;
  }
  // Normal: drop 13 mantissa bits with round-to-nearest-even; a carry may bump the exponent.
  return sign | (((e << 10) | (mantissa >>> 13)) + roundingCarry(mantissa, 13));
}

/** bfloat16's largest finite value (0x7f7f); a float32 past it and half its last step rounds to infinity. */
const BFLOAT16_MAX = 3.3895313892515355e38;

function checkBfloat16Range(t: NamedTensor): void {
  for (let k = 0; k < t.data.length; k++) {
    if ((floatToBfloat16(t.data[k]!) & 0x7fff) === 0x7f80) throw new ModelFileError(`tensor ${JSON.stringify(t.name)}: value ${t.data[k]} at index ${k} does not fit in BF16 (largest ${BFLOAT16_MAX}); write F32`);
  }
}

/**
 * Rounds a float to the nearest bfloat16 (the upper 16 bits of a float32), ties to even, as
 * PyTorch's `.to(torch.bfloat16)` does. A NaN stays a NaN (sign and top payload bits kept, quiet
 * bit set: plain truncation could leave a zero payload, which is infinity); a value rounding past
 * BF16's largest gives infinity, which the writer refuses (see checkBfloat16Range).
 */
export function floatToBfloat16(value: number): number {
  scratch[0] = value;
  const x = scratchBits[0]!;
  if ((x & 0x7f800000) === 0x7f800000 && (x & 0x7fffff) !== 0) return (x >>> 16) | 0x0040;
  // Adding 0x7fff, plus 1 when the kept part is odd, carries into bit 16 exactly when the dropped
  // half is over a half, or a half with an odd kept part; a carry out of the mantissa bumps the exponent.
  return ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16) & 0xffff;
}

function roundShift(value: number, shift: number): number {
  return (value >>> shift) + roundingCarry(value, shift);
}

/** 1 when the `shift` low bits dropped from `value` round the kept part up (to nearest, ties to even). */
function roundingCarry(value: number, shift: number): number {
  const half = 1 << (shift - 1);
  const rest = value & ((1 << shift) - 1);
  const kept = value >>> shift;
  return rest > half || (rest === half && (kept & 1) === 1) ? 1 : 0;
}

/**
 * Decodes a safetensors file into float32 tensors and its metadata.
 *
 * Reads F32, F64, F16 and BF16 (converted to float32: F64 rounds to nearest, F16 and BF16 are
 * exact) and refuses any other dtype, naming the tensor. Checks, each with its own message: the
 * header size (against `limits.maxHeaderBytes`, 100 MB by default, and the file's length, before
 * anything is read), UTF-8 and JSON, one entry per name, `__metadata__` strings only, every
 * entry's dtype, shape and offsets, the byte size against shape × dtype, the tensors packed with
 * no hole or overlap and ending exactly at the end of the file (else truncated or trailing
 * garbage), and finite values (unless `limits.allowNonFinite`; an F64 value beyond float32's
 * range counts as non-finite).
 *
 * @example
 * const { tensors, metadata } = decodeSafetensors(bytes);
 * const weights = tensorMap(tensors);
 * expectTensor(weights, 'weight_ih_l0', [4 * hidden, input]);
 */
export function decodeSafetensors(bytes: Uint8Array, limits: DecodeLimits = {}): SafetensorsFile {
  if (!(bytes instanceof Uint8Array)) throw new ModelFileError('expected the file as a Uint8Array');
  const n = bytes.length;
  if (n < 8) throw new ModelFileError(`truncated safetensors file: ${n} bytes, fewer than the 8 of the header size`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Compared as a BigInt: a u64 past 2^53 would be rounded as a double.
  const headerSize = view.getBigUint64(0, true);
  const maxHeader = headerLimit(limits, SAFETENSORS_MAX_HEADER_BYTES);
  if (headerSize > BigInt(maxHeader)) throw new ModelFileError(`header size ${headerSize} exceeds the limit of ${maxHeader} bytes`);
  const size = Number(headerSize);
  if (8 + size > n) {
    throw new ModelFileError(`truncated safetensors file: the header size ${size} runs past the end of the file (${n} bytes)`);
  }

  const text = fromUtf8(bytes.subarray(8, 8 + size), 'the header');
  const header = parseJsonObject(text, 'the header');

  let metadata: Record<string, string> = {};
  const seen = new Set<string>();
  const entries: Entry[] = [];
  for (const name of headerKeys(text)) {
    if (name === METADATA_KEY) metadata = checkMetadata(header[name]);
    else entries.push(checkEntry(name, header[name], seen));
  }

  // Packed means: sorted by offsets (a stable sort, so ties keep the written order), each
  // tensor starts where the previous one ended.
  const order = entries.slice().sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  let previous: Entry | undefined;
  for (const e of order) {
    if (e.begin < expected) {
      throw new ModelFileError(`tensors ${JSON.stringify(previous?.name)} and ${JSON.stringify(e.name)} overlap (data_offsets [${previous?.begin}, ${previous?.end}] and [${e.begin}, ${e.end}])`);
    }
    if (e.begin > expected) {
      throw new ModelFileError(`a hole of ${e.begin - expected} bytes before tensor ${JSON.stringify(e.name)} (the tensors must be packed one after another from offset 0)`);
    }
    expected = e.end;
    previous = e;
  }
  const bufferStart = 8 + size;
  const bufferBytes = n - bufferStart;
  if (expected > bufferBytes) {
    throw new ModelFileError(`truncated safetensors file: the tensors need ${expected} bytes of data, the file holds ${bufferBytes}`);
  }
  if (expected < bufferBytes) {
    throw new ModelFileError(`trailing garbage: ${bufferBytes - expected} bytes after the last tensor's data`);
  }

  const buffer = bytes.subarray(bufferStart);
  const tensors = order.map((e) => ({ name: e.name, shape: e.shape, data: readTensor(buffer, e, limits.allowNonFinite === true) }));
  return { tensors, metadata };
}

function checkMetadata(raw: unknown): Record<string, string> {
  if (!isPlainRecord(raw)) throw new ModelFileError(`${METADATA_KEY} must be an object mapping strings to strings, got ${describe(raw)}`);
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') {
      throw new ModelFileError(`${METADATA_KEY} must map strings to strings, but ${JSON.stringify(key)} is ${describe(value)}`);
    }
  }
  return { ...(raw as Record<string, string>) };
}

function checkEntry(name: string, raw: unknown, seen: Set<string>): Entry {
  checkName(name, seen, 'a header entry');
  const q = JSON.stringify(name);
  if (!isPlainRecord(raw)) throw new ModelFileError(`tensor ${q}: the entry must be an object, got ${describe(raw)}`);
  const { dtype, shape, data_offsets: offsets } = raw;
  if (typeof dtype !== 'string') throw new ModelFileError(`tensor ${q}: dtype must be a string, got ${describe(dtype)}`);
  const itemSize = Object.hasOwn(READABLE_DTYPES, dtype) ? READABLE_DTYPES[dtype] : undefined;
  if (itemSize === undefined) {
    throw new ModelFileError(`tensor ${q} has dtype ${JSON.stringify(dtype)}, which this reader does not support (it reads ${Object.keys(READABLE_DTYPES).join(', ')})`);
  }
  const count = shapeSize(shape, name);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !isCount(offsets[0]) || !isCount(offsets[1])) {
    throw new ModelFileError(`tensor ${q}: data_offsets must be [begin, end] with non-negative integers, got ${describe(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) throw new ModelFileError(`tensor ${q}: data_offsets [${begin}, ${end}] end before they begin`);
  const needed = count * itemSize;
  if (!Number.isSafeInteger(needed)) throw new ModelFileError(`tensor ${q}: shape ${formatShape(shape as number[])} of ${dtype} is too large (the byte size overflows)`);
  if (end - begin !== needed) {
    throw new ModelFileError(`tensor ${q}: shape ${formatShape(shape as number[])} of ${dtype} needs ${needed} bytes, but data_offsets [${begin}, ${end}] span ${end - begin}`);
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

/** The tensor's values as float32; `buffer` is the byte buffer, whose length has been checked. */
function readTensor(buffer: Uint8Array, e: Entry, allowNonFinite: boolean): Float32Array {
  const count = e.shape.reduce((a, b) => a * b, 1);
  let out: Float32Array;
  if (e.dtype === 'F32') {
    out = readFloat32LE(buffer, e.begin, count);
  } else {
    out = new Float32Array(count);
    const view = new DataView(buffer.buffer, buffer.byteOffset + e.begin, e.end - e.begin);
    if (e.dtype === 'F64') {
      for (let i = 0; i < count; i++) {
        const v = view.getFloat64(8 * i, true);
        const f = Math.fround(v);
        if (!allowNonFinite && !Number.isFinite(f)) {
          if (!Number.isFinite(v)) throw nonFiniteError(e.name, e.shape, i, v);
          throw new ModelFileError(`tensor ${JSON.stringify(e.name)}: F64 value ${v} at index ${i} is beyond float32's range`);
        }
        out[i] = f;
      }
      return out;
    }
    const decode = e.dtype === 'F16' ? halfToFloat : bfloat16ToFloat;
    for (let i = 0; i < count; i++) out[i] = decode(view.getUint16(2 * i, true));
  }
  if (!allowNonFinite) checkFinite(e.name, e.shape, out);
  return out;
}

/** IEEE 754 binary16: 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits. */
function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** bfloat16 is the upper half of a float32, so widening is a 16-bit shift. */
function bfloat16ToFloat(bits: number): number {
  scratchBits[0] = bits << 16;
  return scratch[0]!;
}

/**
 * The keys of the header object in the order they are written, after checking that no object in
 * the header repeats a key: the specification forbids duplicates, and JSON.parse would silently
 * keep the last one. JSON.parse also lists integer-like keys first, whereas the written order
 * breaks ties between empty tensors at the same offset. `text` has already parsed as JSON, so a
 * scan that skips strings and tracks brackets is enough.
 */
function headerKeys(text: string): string[] {
  const order: string[] = [];
  // One entry per open bracket: the keys seen so far for an object, null for an array.
  const open: (Set<string> | null)[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const start = i;
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
      const keys = open[open.length - 1];
      if (!keys) continue;
      let j = i + 1;
      while (j < text.length && ' \t\n\r'.includes(text.charAt(j))) j++;
      if (text.charCodeAt(j) !== 0x3a) continue;
      const key = JSON.parse(text.slice(start, i + 1)) as string;
      if (keys.has(key)) throw new ModelFileError(`duplicate key ${JSON.stringify(key)} in the header`);
      keys.add(key);
      if (open.length === 1) order.push(key);
    } else if (c === 0x7b) {
      open.push(new Set());
    } else if (c === 0x5b) {
      open.push(null);
    } else if (c === 0x7d || c === 0x5d) {
      open.pop();
    }
  }
  return order;
}
