/**
 * The char-RNN benchmark workload of /work/shared/notes/benchmark-workload.md, shared by every
 * contender so their figures are comparable: the corpus, its vocabulary, the seeded window
 * sampler and the inference prompt.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mulberry32 } from '../../../scripts/bench/measure.mjs';

/** Where the corpus lives on every Debian machine (35,149 bytes, pure ASCII, 76 distinct characters). */
export const CORPUS_PATH = '/usr/share/common-licenses/GPL-3';
/** Characters per training window (x = the first T of T + 1, y = the last T). */
export const T = 32;
/** Windows per training step. */
export const B = 32;
/** Seed of the window sampler (mulberry32), as the peers used. */
export const SAMPLER_SEED = 1234;
/** Adam's learning rate (betas 0.9, 0.999). */
export const LR = 2e-3;
/** Latency: the prompt is the PROMPT_LENGTH characters at PROMPT_OFFSET, then GENERATE greedy characters. */
export const PROMPT_OFFSET = 1000;
export const PROMPT_LENGTH = 64;
export const GENERATE = 32;

/**
 * @typedef {object} Workload
 * @property {string} text        the corpus
 * @property {string[]} symbols   its distinct characters sorted by code point (V = symbols.length)
 * @property {Int32Array} ids     the corpus as indices into `symbols`
 * @property {string} prompt      the latency prompt
 */

/**
 * Reads the corpus and builds its vocabulary.
 * @param {string} [path] another corpus (the figures then compare only among themselves)
 * @returns {Workload}
 */
export function loadWorkload(path = CORPUS_PATH) {
  if (!existsSync(path)) {
    throw new Error(`the benchmark's corpus ${path} is not on this machine${path === CORPUS_PATH ? ' (it ships with Debian); give a text with --corpus FILE' : ''}`);
  }
  const text = readFileSync(path, 'utf8');
  if ([...text].length < 2 * (T + 1) + PROMPT_OFFSET + PROMPT_LENGTH) {
    throw new Error(`the benchmark's corpus ${path} is too short: it needs at least ${2 * (T + 1) + PROMPT_OFFSET + PROMPT_LENGTH} characters`);
  }
  const symbols = [...new Set(text)].sort((a, b) => /** @type {number} */ (a.codePointAt(0)) - /** @type {number} */ (b.codePointAt(0)));
  const index = new Map(symbols.map((s, i) => [s, i]));
  const ids = Int32Array.from([...text], (ch) => /** @type {number} */ (index.get(ch)));
  return { text, symbols, ids, prompt: [...text].slice(PROMPT_OFFSET, PROMPT_OFFSET + PROMPT_LENGTH).join('') };
}

/**
 * The window starts of `steps` consecutive training steps (B each), start = ⌊r · (N − T − 1)⌋,
 * from one mulberry32 stream seeded SAMPLER_SEED: step s uses starts[s]. Every contender
 * trains on these same windows.
 * @param {number} corpusLength N
 * @param {number} steps
 * @returns {number[][]}
 */
export function windowStarts(corpusLength, steps) {
  const random = mulberry32(SAMPLER_SEED);
  const span = corpusLength - T - 1;
  return Array.from({ length: steps }, () => Array.from({ length: B }, () => Math.floor(random() * span)));
}
