/**
 * Independent oracles for the io tests: files are assembled here by hand from the written layouts,
 * with a bit-by-bit CRC-32 that shares nothing with the table-driven one under test.
 */
import { expect } from 'vitest';
import type { NamedTensor } from '../src/io/types.js';

/** CRC-32 one bit at a time, straight from the definition (reflected polynomial 0xEDB88320). */
export function bitwiseCrc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (crc & 1 ? 0xedb88320 : 0);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const ascii = (text: string) => new TextEncoder().encode(text);

export function u32le(value: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, value, true);
  return b;
}

/** Float32 values as little-endian bytes, each written through a DataView. */
export function f32le(values: readonly number[]): Uint8Array {
  const b = new Uint8Array(4 * values.length);
  const v = new DataView(b.buffer);
  values.forEach((x, i) => v.setFloat32(4 * i, x, true));
  return b;
}

export interface ForgeOptions {
  magic?: string;
  version?: number;
  /** Written in place of the header's real byte length. */
  headerLength?: number;
  /** The byte used for the padding after the header (0 per the layout). */
  padByte?: number;
  /** A checksum to store instead of the right one. */
  crc?: number;
  /** Bytes appended after the checksum. */
  trailing?: Uint8Array;
}

/**
 * A native model file assembled from the documented layout: magic, u32 version, u32 header
 * length, the header text, zero padding to 16, the data, then the CRC-32 of all before it.
 */
export function forgeModelFile(header: string | object, data: Uint8Array, options: ForgeOptions = {}): Uint8Array {
  const text = ascii(typeof header === 'string' ? header : JSON.stringify(header));
  const padding = (16 - ((16 + text.length) % 16)) % 16;
  const body = concat(
    ascii(options.magic ?? 'RECURRNT'),
    u32le(options.version ?? 1),
    u32le(options.headerLength ?? text.length),
    text,
    new Uint8Array(padding).fill(options.padByte ?? 0),
    data,
  );
  return concat(body, u32le(options.crc ?? bitwiseCrc32(body)), options.trailing ?? new Uint8Array(0));
}

/** A valid native header for `tensors` laid out back to back from offset 0 (4-aligned). */
export function nativeHeader(tensors: { name: string; shape: number[] }[], extra: Record<string, unknown> = {}) {
  let offset = 0;
  const entries = tensors.map((t) => {
    const length = t.shape.reduce((a, b) => a * b, 1);
    const e = { name: t.name, shape: t.shape, offset, length };
    offset += 4 * length;
    return e;
  });
  return { format: 'recurrent-model', version: 1, kind: 'test', config: {}, dataBytes: offset, tensors: entries, ...extra };
}

/** A safetensors file: u64 LE header size, the header text padded with spaces to `pad`, the buffer. */
export function buildSafetensors(headerText: string, buffer: Uint8Array, pad = 8): Uint8Array {
  let text = headerText;
  while (ascii(text).length % pad !== 0) text += ' ';
  const header = ascii(text);
  const size = new Uint8Array(8);
  new DataView(size.buffer).setBigUint64(0, BigInt(header.length), true);
  return concat(size, header, buffer);
}

/**
 * Random finite float32 values from random bit patterns (every exponent, so huge, tiny and
 * subnormal values occur), with -0, +0, the smallest subnormals and the extremes mixed in.
 */
export function randomFloats(count: number, random: () => number): Float32Array {
  const bits = new Uint32Array(count);
  const specials = [0x80000000, 0x00000000, 0x00000001, 0x80000001, 0x007fffff, 0x7f7fffff, 0xff7fffff, 0x00800000];
  for (let i = 0; i < count; i++) {
    let b: number;
    do b = Math.floor(random() * 2 ** 32) >>> 0;
    while (((b >>> 23) & 0xff) === 0xff);
    bits[i] = random() < 0.2 ? specials[Math.floor(random() * specials.length)]! : b;
  }
  return new Float32Array(bits.buffer);
}

/** Bit-exact equality of tensors (so -0 differs from +0 and every subnormal counts). */
export function expectSameTensors(actual: NamedTensor[], expected: NamedTensor[]): void {
  expect(actual.map((t) => t.name)).toEqual(expected.map((t) => t.name));
  actual.forEach((t, i) => {
    const e = expected[i]!;
    expect(t.shape).toEqual(e.shape);
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(new Uint32Array(t.data.buffer, t.data.byteOffset, t.data.length)).toEqual(new Uint32Array(e.data.buffer, e.data.byteOffset, e.data.length));
  });
}

/** Calls `fn` and returns what it threw (failing if it did not throw). */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, but the call returned');
}
