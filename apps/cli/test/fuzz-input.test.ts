/**
 * The CLI's text inputs, fuzzed (fast-check, seeded; FC_SEED explores others): any bytes — empty,
 * binary, invalid UTF-8, NUL, CRLF, lone surrogates' encodings, astral characters, over the size
 * limit — are either read as the exact text they encode or refused with one CliError (exit 3).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fcSeed } from '@recurrent/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CliError, EXIT } from '../src/errors.js';
import { readText } from '../src/input.js';

const SEED = fcSeed();
const dir = mkdtempSync(join(tmpdir(), 'recurrent-fuzz-'));

/** Byte strings a user's folder holds: text in many scripts, CRLF, NUL, bytes that are not UTF-8. */
const inputs = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }).map((s) => Buffer.from(s.replace(/\n/g, '\r\n'), 'utf8')),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
  fc.tuple(fc.string({ maxLength: 50 }), fc.constantFrom([0x00], [0xff], [0xc3], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x98]), fc.string({ maxLength: 50 }))
    .map(([a, bad, b]) => Buffer.concat([Buffer.from(a), Buffer.from(bad), Buffer.from(b)])),
);

describe('readText on any bytes', () => {
  it('gives the text they encode or one clear refusal (exit 3)', () => {
    let n = 0;
    fc.assert(fc.property(inputs, fc.integer({ min: 1, max: 300 }), (bytes, maxBytes) => {
      const path = join(dir, `input-${n++}.txt`);
      writeFileSync(path, bytes);
      try {
        const text = readText(path, maxBytes);
        // Read means: valid UTF-8, no NUL, not empty, within the limit, and exactly those bytes (a leading BOM is not text).
        const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
        expect(Buffer.from(text, 'utf8').equals(bytes.subarray(bom))).toBe(true);
        expect(bytes.length).toBeGreaterThan(0);
        expect(bytes.length).toBeLessThanOrEqual(maxBytes);
        expect(bytes.includes(0)).toBe(false);
      } catch (error) {
        if (!(error instanceof CliError)) throw error;
        expect(error.exitCode).toBe(EXIT.input);
        expect(error.message).toContain(path);
      }
    }), { numRuns: 400, seed: SEED });
  });
});
