/**
 * Checks and byte helpers shared by the native and safetensors formats. Every check throws a
 * {@link ModelFileError} whose message names the tensor or field at fault.
 */
import { type DecodeLimits, ModelFileError, type NamedTensor } from './types.js';

/** True where the host stores numbers little-endian; both formats are little-endian on disk. */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

const utf8Encoder = new TextEncoder();
// fatal: malformed UTF-8 is an error, not U+FFFD; ignoreBOM keeps a BOM so that JSON.parse rejects it.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function utf8(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/** The UTF-8 text of `bytes`, or an error naming `what` if they are not valid UTF-8. */
export function fromUtf8(bytes: Uint8Array, what: string): string {
  try {
    return utf8Decoder.decode(bytes);
  } catch {
    throw new ModelFileError(`${what} is not valid UTF-8`);
  }
}

/** JSON.parse with the failure turned into a ModelFileError; the value must be a JSON object. */
export function parseJsonObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ModelFileError(`${what} is not valid JSON (${(error as Error).message})`);
  }
  if (!isPlainRecord(value)) throw new ModelFileError(`${what} is not a JSON object`);
  return value;
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `limits.maxHeaderBytes`, or `fallback`, checked to be a usable bound (an integer, at most 2^53). */
export function headerLimit(limits: DecodeLimits, fallback: number): number {
  const limit = limits.maxHeaderBytes ?? fallback;
  if (typeof limit !== 'number' || !(limit >= 0)) throw new ModelFileError(`maxHeaderBytes must be a non-negative number, got ${describe(limit)}`);
  return Math.floor(Math.min(limit, Number.MAX_SAFE_INTEGER));
}

export function alignUp(n: number, alignment: number): number {
  return Math.ceil(n / alignment) * alignment;
}

export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** A short rendering of an untrusted value for an error message (headers can hold huge arrays). */
export function describe(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * The number of elements of `shape`, after checking that it is an array of non-negative safe
 * integers whose product stays exact (a double loses integers past 2^53).
 */
export function shapeSize(shape: unknown, tensor: string): number {
  if (!Array.isArray(shape) || !shape.every(isCount)) {
    throw new ModelFileError(`tensor ${JSON.stringify(tensor)}: shape must be an array of non-negative integers, got ${describe(shape)}`);
  }
  let size = 1;
  for (const d of shape) {
    size *= d;
    if (size > Number.MAX_SAFE_INTEGER) {
      throw new ModelFileError(`tensor ${JSON.stringify(tensor)}: shape ${describe(shape)} has too many elements (the product overflows)`);
    }
  }
  return size;
}

/** Names must be non-empty and unique; `seen` collects the names checked so far. */
export function checkName(name: unknown, seen: Set<string>, where: string): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new ModelFileError(`${where} has no name (a tensor name must be a non-empty string, got ${describe(name)})`);
  }
  if (seen.has(name)) throw new ModelFileError(`duplicate tensor name ${JSON.stringify(name)}`);
  seen.add(name);
}

/** Where flat index `index` sits in a row-major tensor of `shape`, for error messages. */
function coordinates(index: number, shape: readonly number[]): number[] {
  const coords = new Array<number>(shape.length).fill(0);
  let rest = index;
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d]!;
    coords[d] = rest % n;
    rest = Math.floor(rest / n);
  }
  return coords;
}

export function nonFiniteError(name: string, shape: readonly number[], index: number, value: number): ModelFileError {
  const at = shape.length > 1 ? ` (element ${formatShape(coordinates(index, shape))})` : '';
  return new ModelFileError(`tensor ${JSON.stringify(name)} has a non-finite value (${value}) at index ${index}${at}`);
}

/** Throws at the first NaN or ±Infinity, naming the tensor and the index. */
export function checkFinite(name: string, shape: readonly number[], data: Float32Array): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    // v - v is 0 for every finite number and NaN for NaN and ±Infinity; cheaper than isFinite.
    if (v - v !== 0) throw nonFiniteError(name, shape, i, v);
  }
}

/**
 * Checks a tensor handed to an encoder: a unique non-empty name, a valid shape whose size matches
 * the data, and finite values, so that no encoder writes a file its decoder would refuse (a
 * diverged model fails loudly at saving instead of overwriting a good checkpoint with NaNs).
 */
export function checkTensorForWriting(t: NamedTensor, seen: Set<string>, index: number): void {
  if (typeof t !== 'object' || t === null) throw new ModelFileError(`tensor ${index} is not an object`);
  checkName(t.name, seen, `tensor ${index}`);
  const size = shapeSize(t.shape, t.name);
  if (!(t.data instanceof Float32Array)) {
    throw new ModelFileError(`tensor ${JSON.stringify(t.name)}: data must be a Float32Array`);
  }
  if (t.data.length !== size) {
    throw new ModelFileError(`tensor ${JSON.stringify(t.name)}: shape ${formatShape(t.shape)} needs ${size} values, data holds ${t.data.length}`);
  }
  checkFinite(t.name, t.shape, t.data);
}

/**
 * Copies `count` little-endian float32 values starting at byte `offset` of `bytes`. On a
 * little-endian host that is one memcpy; elsewhere each value goes through a DataView.
 * `hostLittleEndian` is a parameter so that tests can run the portable path too.
 */
export function readFloat32LE(bytes: Uint8Array, offset: number, count: number, hostLittleEndian = HOST_IS_LITTLE_ENDIAN): Float32Array {
  if (hostLittleEndian) {
    // Copy into a fresh buffer: `bytes` may be a Node Buffer, whose slice() shares memory.
    const copy = new Uint8Array(4 * count);
    copy.set(bytes.subarray(offset, offset + 4 * count));
    return new Float32Array(copy.buffer);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, 4 * count);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}

/** Writes `data` as little-endian float32 at byte `offset` of `target` (see {@link readFloat32LE}). */
export function writeFloat32LE(target: Uint8Array, offset: number, data: Float32Array, hostLittleEndian = HOST_IS_LITTLE_ENDIAN): void {
  if (hostLittleEndian) {
    target.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), offset);
    return;
  }
  const view = new DataView(target.buffer, target.byteOffset + offset, data.byteLength);
  for (let i = 0; i < data.length; i++) view.setFloat32(4 * i, data[i]!, true);
}
