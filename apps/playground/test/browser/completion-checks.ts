/**
 * @recurrent/completion's core, written once and run twice: in Chromium by checks.ts and in
 * Node by test/browser-library.test.ts, which compares the two runs (the Node run is the oracle).
 * Everything returned is plain data.
 */
import { BASE, buildNgramTable, Completer, NgramTable, ngramDistribution } from '@recurrent/completion';
import type { CharLM } from '@recurrent/topologies';

/** The document typed into, and another open document the n-gram counts: only characters the model knows. */
const DOCUMENT = 'the cat sat on the mat. the dog sat on the log. the cat sat on the ';
const OTHER = 'the dog sat on the mat. the cat sat on the log. the dog sat. ';
const CONTEXTS = ['', 'the c', 'the d', 'sat on the ', 'on the m', 'qz'];

/** An id per character of the two texts (0 stands for any other), as a vocabulary maps them. */
function idsOf(text: string): { idOf: (codePoint: number) => number; size: number } {
  const symbols = [...new Set(text)].sort();
  const ids = new Map(symbols.map((s, i) => [s.codePointAt(0)!, i + 1] as const));
  return { idOf: (cp) => ids.get(cp) ?? 0, size: symbols.length + 1 };
}

function distributionsOf(table: NgramTable): number[][] {
  const { idOf, size } = idsOf(OTHER + DOCUMENT);
  return CONTEXTS.map((context) => Array.from(ngramDistribution([table], context, idOf, size)));
}

/** Kneser–Ney n-gram distributions after a few contexts (one unseen), from a table counted at once. */
export function ngramDistributions(): number[][] {
  const table = new NgramTable();
  table.addText(OTHER);
  return distributionsOf(table);
}

/**
 * The same table counted in the background, as the Completer counts large documents: it yields
 * to the event loop between slices. What it gives, or the error it fails with.
 */
export async function backgroundNgramDistributions(): Promise<{ distributions: number[][] } | { error: string }> {
  try {
    const table = await buildNgramTable([OTHER], () => false);
    return { distributions: distributionsOf(table!) };
  } catch (error) {
    return { error: String(error) };
  }
}

/**
 * A CompletionSession over `lm` and the n-gram, asked for a suggestion after every character
 * typed over the last stretch of the document (so the mixture learns from each one), then its
 * learnt weights. Counted at once (background: false), as a synchronous host does.
 */
export function sessionSuggestions(lm: CharLM): { suggestions: { cursor: number; text: string; confidence: number; expectedSaving: number }[]; weights: Record<string, Record<string, number>> } {
  const completer = new Completer({ documents: () => [['other', OTHER]], background: false });
  completer.setModels({ [BASE]: lm });
  const session = completer.session('document');
  const suggestions = [];
  for (let cursor = DOCUMENT.length - 30; cursor <= DOCUMENT.length; cursor++) {
    const prediction = session.suggest(
      { cursor, slice: (a, b) => DOCUMENT.slice(a, b) },
      { maxLength: 16, minConfidence: 0.5, temperature: 0, contextLength: 64 },
    );
    suggestions.push({ cursor, ...prediction });
  }
  return { suggestions, weights: completer.mixture.snapshot };
}
