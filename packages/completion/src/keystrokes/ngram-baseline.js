/**
 * Baseline: a character n-gram with interpolated Kneser–Ney smoothing (order 14 by default),
 * trained on the training texts and updated online with every character the user enters. It
 * suggests greedily: the most probable next character, again and again, while that character's
 * probability is at least `threshold`, up to `maxChars` characters or the end of the line.
 *
 * Model. For a history h (the last order − 1 characters) and a next character c:
 *
 *   P(c | h) = max(n(h c) − D_|h|, 0) / n(h ·) + D_|h| · T(h) / n(h ·) · P(c | h⁻)
 *
 * where h⁻ drops h's first character, n(h ·) = Σ_c n(h c), T(h) = |{c : n(h c) > 0}|, and
 * P(c | h) = P(c | h⁻) when h was never seen. At the highest order n is the raw count; below it n
 * is the continuation count N1+(• h c) (how many distinct characters preceded h c). Under the
 * empty history the recursion ends in the uniform distribution over the known characters plus
 * one unknown. One discount per order, D = n1 / (n1 + 2 n2) from the count-of-counts after
 * training (clamped to [0.1, 0.95]; 0.75 before any training), kept fixed while adapting online.
 *
 * Every document starts with order − 1 start-of-text symbols (U+0002) as its history, so every
 * counted n-gram has a full history and every lower-order n-gram a left extension: a new
 * occurrence raises the raw count at the top order and, only if that n-gram was new, the
 * continuation count one order below, and so on down while the n-grams are new.
 *
 * Storage: one hash map from history strings (lengths 0 … order − 1) to what follows them: a
 * single small integer (count · 4096 + character id) while one character has followed — most
 * long histories, which keeps ~1.7 M histories of 410 KB of code in a few hundred MB — else
 * parallel arrays of character ids and counts. A prediction walks the existing suffixes of the
 * history (they are suffix-closed), computes each level's interpolation weight top-down and adds
 * only the entries each level holds (sparse), so one step costs O(order + entries) rather than
 * O(order · V) and needs no cache; the remaining mass is spread uniformly.
 */
import { MAX_CHARS, isWordChar } from './harness.js';

/** The start-of-text symbol padding every document's history. */
export const START = '\u0002';

/**
 * @typedef {object} NgramOptions
 * @property {number} [order]      n (default 14): histories of n − 1 characters
 * @property {number} [threshold]  stop extending when the best next character's probability is below this (default 0.5)
 * @property {number} [maxChars]   longest suggestion (default 24)
 * @property {boolean} [online]    learn from the characters the user enters (default true)
 * @property {boolean} [stopAtWordEnd] also stop where a word ends (before a non-word character
 *   that follows a word character of the suggestion); default false
 * @property {string} [name]
 */

/**
 * What followed a history: several characters…
 * @typedef {object} NgramNode
 * @property {number[]} ids     character ids seen after this history
 * @property {number[]} counts  their counts (raw at the top order, continuation counts below)
 * @property {number} total     Σ counts
 */
/** …or one character: count · ONE + id (a small integer) while id < ONE and count < MAX_PACKED. */
const ONE = 4096;
const MAX_PACKED = 262144;
/** @typedef {NgramNode | number} Followers */

/**
 * @param {NgramOptions} [options]
 */
export function createNgram({ order = 14, threshold = 0.5, maxChars = MAX_CHARS, online = true, stopAtWordEnd = false, name } = {}) {
  if (!Number.isInteger(order) || order < 1) throw new Error(`ngram: order must be an integer ≥ 1, got ${order}`);
  const span = order - 1;
  const padding = START.repeat(span);

  /** @type {Map<string, number>} */
  let vocab = new Map();
  /** @type {string[]} */
  let symbols = [];
  /** @type {Map<string, Followers>} */
  let nodes = new Map();
  let discounts = new Float64Array(order).fill(0.75);
  let history = padding;
  let scratch = new Float64Array(256);
  let touched = new Int32Array(256);

  /** @param {string} ch one code point */
  function idOf(ch) {
    let id = vocab.get(ch);
    if (id === undefined) {
      id = symbols.length;
      vocab.set(ch, id);
      symbols.push(ch);
      if (symbols.length + 1 > scratch.length) {
        scratch = new Float64Array(scratch.length * 2);
        touched = new Int32Array(touched.length * 2);
      }
    }
    return id;
  }

  /**
   * Counts one character after the current history and moves the history on.
   * @param {string} ch one code point
   */
  function add(ch) {
    const id = idOf(ch);
    const h = history;
    for (let j = span; j >= 0; j--) {
      const key = j === 0 ? '' : h.slice(h.length - j);
      const followers = nodes.get(key);
      if (followers === undefined) {
        nodes.set(key, id < ONE ? ONE + id : { ids: [id], counts: [1], total: 1 });
        continue; // a new n-gram: one more left extension one order below
      }
      if (typeof followers === 'number') {
        const id0 = followers % ONE;
        const c0 = (followers - id0) / ONE;
        if (id0 === id && c0 + 1 < MAX_PACKED) {
          nodes.set(key, followers + ONE);
          break;
        }
        const node = { ids: [id0], counts: [c0], total: c0 };
        nodes.set(key, node);
        if (bump(node, id)) break;
        continue;
      }
      if (bump(followers, id)) break; // seen before: lower orders' continuation counts do not change
    }
    history = span === 0 ? '' : (h + ch).slice(-span);
  }

  /**
   * Counts `id` after a history; whether it had followed it before.
   * @param {NgramNode} node
   * @param {number} id
   */
  function bump(node, id) {
    node.total++;
    const k = node.ids.indexOf(id);
    if (k >= 0) {
      node.counts[k] = /** @type {number} */ (node.counts[k]) + 1;
      return true;
    }
    node.ids.push(id);
    node.counts.push(1);
    return false;
  }

  /**
   * The followers of every existing suffix of `context`, shortest (empty history) first.
   * @param {string} context
   * @returns {Followers[]}
   */
  function chainOf(context) {
    /** @type {Followers[]} */
    const chain = [];
    for (let j = 0; j <= span; j++) {
      const followers = nodes.get(j === 0 ? '' : context.slice(context.length - j));
      if (followers === undefined) break; // histories are suffix-closed
      chain.push(followers);
    }
    return chain;
  }

  /** Discounts from the count-of-counts of every order. */
  function estimateDiscounts() {
    const n1 = new Float64Array(order);
    const n2 = new Float64Array(order);
    for (const [key, followers] of nodes) {
      const j = key.length;
      const counts = typeof followers === 'number' ? [Math.floor(followers / ONE)] : followers.counts;
      for (const c of counts) {
        if (c === 1) n1[j] = /** @type {number} */ (n1[j]) + 1;
        else if (c === 2) n2[j] = /** @type {number} */ (n2[j]) + 1;
      }
    }
    discounts = new Float64Array(order);
    for (let j = 0; j < order; j++) {
      const a = /** @type {number} */ (n1[j]);
      const b = /** @type {number} */ (n2[j]);
      discounts[j] = a + b > 0 ? Math.min(0.95, Math.max(0.1, a / (a + 2 * b))) : 0.75;
    }
  }

  /**
   * The most probable next character after `context` (span characters) and its probability.
   * @param {string} context
   * @returns {{ id: number, p: number }}
   */
  function best(context) {
    const chain = chainOf(context);
    let weight = 1;
    let n = 0;
    for (let j = chain.length - 1; j >= 0; j--) {
      const followers = /** @type {Followers} */ (chain[j]);
      const d = /** @type {number} */ (discounts[j]);
      if (typeof followers === 'number') {
        const id = followers % ONE;
        const count = (followers - id) / ONE;
        if (count > d) {
          if (scratch[id] === 0) touched[n++] = id;
          scratch[id] = /** @type {number} */ (scratch[id]) + ((count - d) * weight) / count;
        }
        weight *= d / count;
        continue;
      }
      const { ids, counts, total } = followers;
      const scale = weight / total;
      for (let k = 0; k < ids.length; k++) {
        const mass = /** @type {number} */ (counts[k]) - d;
        if (mass <= 0) continue;
        const id = /** @type {number} */ (ids[k]);
        if (scratch[id] === 0) touched[n++] = id;
        scratch[id] = /** @type {number} */ (scratch[id]) + mass * scale;
      }
      weight *= (d * ids.length) / total;
    }
    const uniform = weight / (symbols.length + 1);
    let bestId = -1;
    let bestP = uniform; // an untouched known character (or the unknown one)
    for (let t = 0; t < n; t++) {
      const id = /** @type {number} */ (touched[t]);
      const p = /** @type {number} */ (scratch[id]) + uniform;
      if (p > bestP || (p === bestP && id < bestId)) {
        bestP = p;
        bestId = id;
      }
      scratch[id] = 0;
    }
    return { id: bestId, p: bestP };
  }

  /** @param {string} before */
  function contextOf(before) {
    return span === 0 ? '' : (padding + before.slice(-span)).slice(-span);
  }

  return {
    name: name ?? `n-gram KN order ${order}${online ? '' : ' (offline)'}${stopAtWordEnd ? ', word ends' : ''}`,
    order,
    threshold,
    /**
     * Forgets everything, then trains on `trainTexts` (each a document of its own).
     * @param {string[]} trainTexts
     */
    prepare(trainTexts) {
      vocab = new Map();
      symbols = [];
      nodes = new Map();
      for (const text of trainTexts) {
        history = padding;
        for (const ch of text) add(ch);
      }
      history = padding;
      estimateDiscounts();
    },
    startDocument() {
      history = padding;
    },
    /** @param {string} typed */
    observe(typed) {
      if (online) add(typed);
    },
    /** @param {string} before */
    suggest(before) {
      let context = contextOf(before);
      let out = '';
      for (let n = 0; n < maxChars; n++) {
        const { id, p } = best(context);
        if (id < 0 || p < threshold) break;
        const ch = /** @type {string} */ (symbols[id]);
        if (ch === '\n' || ch === '\r') break;
        if (stopAtWordEnd && out && !isWordChar(ch) && isWordChar(out.slice(-1))) break;
        out += ch;
        context = span === 0 ? '' : (context + ch).slice(-span);
      }
      return out;
    },
    /**
     * P(ch | the text before): for tests and inspection.
     * @param {string} before
     * @param {string} ch
     */
    probability(before, ch) {
      const id = vocab.get(ch);
      const chain = chainOf(contextOf(before));
      let p = 1 / (symbols.length + 1);
      for (let j = 0; j < chain.length; j++) {
        const followers = /** @type {Followers} */ (chain[j]);
        const d = /** @type {number} */ (discounts[j]);
        const node = typeof followers === 'number'
          ? { ids: [followers % ONE], counts: [Math.floor(followers / ONE)], total: Math.floor(followers / ONE) }
          : followers;
        const k = id === undefined ? -1 : node.ids.indexOf(id);
        const own = k < 0 ? 0 : Math.max(/** @type {number} */ (node.counts[k]) - d, 0) / node.total;
        p = own + ((d * node.ids.length) / node.total) * p;
      }
      return p;
    },
    /** How many histories the model holds (all orders). */
    size() {
      return nodes.size;
    },
    /** The discount of each history length 0 … order − 1. */
    discounts() {
      return Array.from(discounts);
    },
  };
}
