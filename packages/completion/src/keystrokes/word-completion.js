/**
 * Baseline: VS Code's default word-based suggestions ("editor.wordBasedSuggestions"), shown as
 * ghost text. Known words are the identifier-like tokens of the training texts (standing for the
 * other open documents) and of the text typed so far. When the cursor is inside a word of at least
 * one typed character, the engine suggests the rest of the most frequent known word that starts
 * with those characters and is longer than them (ties: the word seen most recently); otherwise
 * nothing.
 *
 * A token is a maximal run of word characters (letters, digits, combining marks, `_`); it is a
 * word if it does not start with a digit. A word is counted when it is complete (the character
 * after it has been entered), so the word being typed does not count itself.
 *
 * For speed the engine keeps, for every proper prefix of every known word, the best word with that
 * prefix; counting an occurrence of w only raises w's rank, so each prefix of w keeps its best or
 * takes w — O(|w|) per occurrence, O(1) per suggestion.
 */
import { isWordChar } from './harness.js';

/**
 * @param {{ name?: string }} [options]
 * @returns {Required<import('./harness.js').Engine> & { countOf(word: string): number }}
 */
export function createWordCompletion({ name = 'word completion' } = {}) {
  /** @type {Map<string, { count: number, last: number }>} */
  let words = new Map();
  /** @type {Map<string, string>} best word for each proper prefix */
  let best = new Map();
  let clock = 0;
  let current = '';

  /** @param {string} word */
  function add(word) {
    if (word.length < 2 || isDigit(word.charCodeAt(0))) return;
    let entry = words.get(word);
    if (!entry) {
      entry = { count: 0, last: 0 };
      words.set(word, entry);
    }
    entry.count++;
    entry.last = ++clock;
    for (let k = 1; k < word.length; k++) {
      const prefix = word.slice(0, k);
      const holder = best.get(prefix);
      // w is now the most recent word: it wins every tie.
      if (holder === undefined || holder === word || /** @type {{ count: number }} */ (words.get(holder)).count <= entry.count) {
        best.set(prefix, word);
      }
    }
  }

  /** @param {string} ch one code point */
  function feed(ch) {
    if (isWordChar(ch)) {
      current += ch;
    } else if (current) {
      add(current);
      current = '';
    }
  }

  return {
    name,
    prepare(trainTexts) {
      words = new Map();
      best = new Map();
      clock = 0;
      for (const text of trainTexts) {
        current = '';
        for (const ch of text) feed(ch);
        if (current) add(current);
      }
      current = '';
    },
    startDocument() {
      if (current) add(current);
      current = '';
    },
    observe(typed) {
      feed(typed);
    },
    suggest(before) {
      // The word characters just before the cursor (scanned backwards: no regex over the text).
      let start = before.length;
      while (start > 0) {
        const c = before.charCodeAt(start - 1);
        let ch = before[start - 1] ?? '';
        if (c >= 0xdc00 && c <= 0xdfff && start > 1) ch = before.slice(start - 2, start);
        if (!isWordChar(ch)) break;
        start -= ch.length;
      }
      if (start === before.length) return '';
      const prefix = before.slice(start);
      if (isDigit(prefix.charCodeAt(0))) return '';
      const word = best.get(prefix);
      return word === undefined ? '' : word.slice(prefix.length);
    },
    countOf(word) {
      return words.get(word)?.count ?? 0;
    },
  };
}

/** @param {number} c a UTF-16 unit */
function isDigit(c) {
  return c >= 48 && c <= 57;
}
