/**
 * Every reader of untrusted bytes, fuzzed (fast-check, seeded; FC_SEED explores others): the
 * native model file, safetensors and the CharLM built from them, fed valid files with bytes
 * flipped, cut short, spliced with garbage, or with hostile header values. Each input either
 * loads or is one ModelFileError — no other exception, no hang — and the memory a hostile file
 * makes us take stays bounded (asserted on the wasm arena and on ArrayBuffers, not on time).
 */
import { kernel } from '@recurrent/autograd';
import { fcSeed } from '@recurrent/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeModel, encodeModel } from '../src/io/native.js';
import { decodeSafetensors, encodeSafetensors } from '../src/io/safetensors.js';
import { ModelFileError } from '../src/io/types.js';
import { ByteVocabulary } from '../src/text/byte-vocabulary.js';
import { CharLM } from '../src/text/char-lm.js';
import { exportCharLMSafetensors, loadCharLM, loadCharLMSafetensors, saveCharLM } from '../src/text/char-lm-file.js';
import { CharVocabulary } from '../src/text/vocabulary.js';

const SEED = fcSeed();
const RUNS = 300;

const chars = new CharLM(CharVocabulary.fromText(['fuzzing the readers, gently']), { cell: 'gru', hiddenSize: 6, numLayers: 2, seed: 1 });
const bytes = new CharLM(new ByteVocabulary(), { cell: 'lstm', hiddenSize: 4, embeddingSize: 3, seed: 2 });
const NATIVE = saveCharLM(chars, { run: { step: 3, note: 'extras travel too' } });
const SAFETENSORS = exportCharLMSafetensors(bytes, { dtype: 'F16' });

/** The largest growth of the wasm arena and of ArrayBuffer memory seen while `read` ran on any input. */
const worst = { arena: 0, arrayBuffers: 0 };

/** Runs a reader on untrusted bytes: it must load or throw a ModelFileError, and nothing else. */
function loadsOrRefuses(read: (input: Uint8Array) => unknown, input: Uint8Array): boolean {
  const arenaBefore = kernel().arena.capacity, buffersBefore = process.memoryUsage().arrayBuffers;
  try {
    read(input);
    return true;
  } catch (error) {
    if (!(error instanceof ModelFileError)) throw new Error(`not a ModelFileError: ${(error as Error).stack}`, { cause: error });
    expect(error.message.length).toBeGreaterThan(10);
    return false;
  } finally {
    worst.arena = Math.max(worst.arena, kernel().arena.capacity - arenaBefore);
    worst.arrayBuffers = Math.max(worst.arrayBuffers, process.memoryUsage().arrayBuffers - buffersBefore);
  }
}

/** A valid file damaged one of the ways files get damaged. */
function damaged(valid: Uint8Array): fc.Arbitrary<Uint8Array> {
  // Bytes flipped anywhere, or among the first few hundred (the header, where sizes live) more often.
  const flipsWithin = (span: number, most: number) => fc.array(fc.tuple(fc.nat(span - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: most })
    .map((list) => {
      const out = valid.slice();
      for (const [at, mask] of list) out[at]! ^= mask;
      return out;
    });
  const cut = fc.nat(valid.length - 1).map((n) => valid.slice(0, n));
  const spliced = fc.tuple(fc.nat(valid.length), fc.uint8Array({ maxLength: 64 })).map(([at, junk]) => {
    const out = new Uint8Array(valid.length + junk.length);
    out.set(valid.subarray(0, at));
    out.set(junk, at);
    out.set(valid.subarray(at), at + junk.length);
    return out;
  });
  return fc.oneof(flipsWithin(valid.length, 8), cut, spliced, flipsWithin(Math.min(400, valid.length), 3), fc.uint8Array({ maxLength: 256 }));
}

/** Valid JSON headers with hostile values where the sizes are (the values a crafted file would hold). */
const HOSTILE = [1e6, 12_000, -1, 0, 2 ** 53, 1.5, Number.MAX_SAFE_INTEGER, 'lstm', null, [], {}];

describe.each([
  ['the native model file', NATIVE, [decodeModel, loadCharLM]],
  ['safetensors', SAFETENSORS, [decodeSafetensors, loadCharLMSafetensors]],
] as const)('%s, damaged', (_name, valid, readers) => {
  it('loads or refuses, one ModelFileError, whatever the damage', () => {
    fc.assert(fc.property(damaged(valid), (input) => {
      for (const read of readers) loadsOrRefuses(read, input);
    }), { numRuns: RUNS, seed: SEED });
  });
});

describe('the native model file', () => {
  it('refuses hostile sizes in a well-formed header before allocating for them', () => {
    const file = decodeModel(NATIVE);
    fc.assert(fc.property(fc.constantFrom('hiddenSize', 'numLayers', 'embeddingSize'), fc.constantFrom(...HOSTILE), (key, value) => {
      const crafted = encodeModel({ ...file, config: { ...file.config, [key]: value } });
      const loaded = loadsOrRefuses(loadCharLM, crafted);
      // Only the file's own values (or an embedding of 0, which is none) describe its tensors.
      if (loaded) expect([file.config[key], 0, undefined]).toContain(value);
    }), { numRuns: 60, seed: SEED });
  });
});

describe('safetensors', () => {
  it('refuses hostile shapes, offsets and metadata in a well-formed header', () => {
    const { tensors, metadata } = decodeSafetensors(SAFETENSORS);
    const header = (edit: (h: Record<string, { dtype: string; shape: unknown; data_offsets: unknown }>) => void) => {
      const text = new TextDecoder().decode(SAFETENSORS.subarray(8, 8 + Number(new DataView(SAFETENSORS.buffer).getBigUint64(0, true))));
      const h = JSON.parse(text);
      edit(h);
      const json = new TextEncoder().encode(JSON.stringify(h));
      const out = new Uint8Array(8 + json.length + (SAFETENSORS.length - 8 - text.length));
      new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
      out.set(json, 8);
      out.set(SAFETENSORS.subarray(8 + text.length), 8 + json.length);
      return out;
    };
    const names = tensors.map((t) => t.name);
    fc.assert(fc.property(fc.constantFrom(...names), fc.constantFrom(...HOSTILE), fc.constantFrom('shape', 'data_offsets', 'dtype'), (name, value, field) => {
      const crafted = header((h) => {
        const entry = h[name]!;
        if (field === 'shape') entry.shape = [value, value];
        else if (field === 'data_offsets') entry.data_offsets = [0, value];
        // eslint-disable-next-line @typescript-eslint/no-base-to-string -- '[object Object]' is one of the hostile dtypes wanted
        else entry.dtype = String(value);
      });
      loadsOrRefuses(loadCharLMSafetensors, crafted);
    }), { numRuns: 80, seed: SEED });
    fc.assert(fc.property(fc.constantFrom(...HOSTILE), (value) => {
      const config = JSON.stringify({ ...JSON.parse(metadata.config!), hiddenSize: value });
      loadsOrRefuses(loadCharLMSafetensors, encodeSafetensors(tensors, { ...metadata, config }));
      loadsOrRefuses(loadCharLMSafetensors, encodeSafetensors(tensors, { ...metadata, vocabulary: JSON.stringify(value) }));
    }), { numRuns: 30, seed: SEED });
  });

  it('never took more than a few MiB for any hostile input (the files are KiB)', () => {
    // Run last in this file: the bound covers every input above.
    expect(worst.arena).toBeLessThan(8 << 20);
    expect(worst.arrayBuffers).toBeLessThan(8 << 20);
    console.log(`fuzz-readers: largest growth from one input: wasm arena ${worst.arena} bytes, ArrayBuffers ${worst.arrayBuffers} bytes`);
  });
});
