/**
 * The ceiling: an engine that knows the document being typed and suggests exactly the text
 * ahead of the cursor, up to `maxChars` characters and never past the end of the line. It
 * validates the harness (its saving is the best any engine can reach under these rules).
 */
import { MAX_CHARS, clip } from './harness.js';

/**
 * @param {string[]} documents the documents in the order they will be simulated: each
 *   `startDocument()` moves on to the next one
 * @param {{ maxChars?: number, name?: string }} [options]
 * @returns {import('./harness.js').Engine}
 */
export function createOracle(documents, { maxChars = MAX_CHARS, name = 'oracle (ceiling)' } = {}) {
  let index = -1;
  /** @type {string | undefined} */
  let doc;
  return {
    name,
    startDocument() {
      index++;
      doc = documents[index];
      if (doc === undefined) throw new Error(`oracle: document ${index + 1} opened, only ${documents.length} known`);
    },
    suggest(before) {
      if (doc === undefined) throw new Error('oracle: suggest before startDocument');
      const at = before.length;
      // A cheap check that `before` really is this document's beginning.
      if (at > doc.length || (at > 0 && doc.charCodeAt(at - 1) !== before.charCodeAt(at - 1))) {
        throw new Error(`oracle: the text before the cursor is not document ${index + 1}'s beginning`);
      }
      return clip(doc.slice(at, at + 2 * maxChars + 2), maxChars);
    },
  };
}
