import { ByteVocabulary, CharLM } from '@recurrent/topologies';
import { describe, expect, it } from 'vitest';
import type * as vscode from 'vscode';
import { ADAPTED, Completer, NGRAM } from '@recurrent/completion';
import { RecurrentCompletionProvider } from '../src/provider.js';
import { DEFAULT_SETTINGS, type Settings } from '../src/settings.js';
import { Position, StubDocument } from './vscode-stub.js';

const TEXT = 'export const answer = 42;\nexport const question = "life";\n'.repeat(25);
const model = new CharLM(new ByteVocabulary(), { cell: 'lstm', hiddenSize: 16, seed: 3 });
/** The learned document is open too (its n-gram counts vote); the untrained model weighs little. */
const completer = () => {
  const c = new Completer({ documents: () => [['file:///learned.ts', TEXT]], background: false, priors: { [ADAPTED]: 0.01, [NGRAM]: 0.99 } });
  c.setModels({ [ADAPTED]: model });
  return c;
};
const call = (provider: RecurrentCompletionProvider, doc: StubDocument, at: Position, cancelled = false) =>
  provider.provideInlineCompletionItems(doc as unknown as vscode.TextDocument, at as vscode.Position, {} as vscode.InlineCompletionContext,
    { isCancellationRequested: cancelled } as vscode.CancellationToken) as unknown as { insertText: string; range: { start: Position; end: Position } }[];

describe('the inline completion provider', () => {
  it('offers the continuation at the cursor, with an empty range there, from the document\'s session', () => {
    let settings: Settings = { ...DEFAULT_SETTINGS, minConfidence: 0.3 };
    const c = completer();
    const provider = new RecurrentCompletionProvider(c, () => settings);
    const doc = new StubDocument('export const answer = 42;\nexport const ques');
    const at = new Position(1, 17);
    const [item] = call(provider, doc, at);
    expect(item!.insertText.startsWith('tion = "life";')).toBe(true);
    expect(item!.range.start).toEqual(at);
    expect(item!.range.end).toEqual(at);
    expect(provider.latencies).toHaveLength(1);
    expect(c.has('file:///doc.txt')).toBe(true);
    settings = { ...settings, enabled: false };
    expect(call(provider, doc, at)).toEqual([]);
  });

  it('offers nothing when cancelled, in an excluded language, or with no model yet', () => {
    const doc = new StubDocument('export const ques', 'python');
    const at = new Position(0, 17);
    expect(call(new RecurrentCompletionProvider(completer(), () => DEFAULT_SETTINGS), doc, at, true)).toEqual([]);
    expect(call(new RecurrentCompletionProvider(completer(), () => ({ ...DEFAULT_SETTINGS, languages: ['typescript'] })), doc, at)).toEqual([]);
    const empty = new Completer();
    expect(call(new RecurrentCompletionProvider(empty, () => DEFAULT_SETTINGS), doc, at)).toEqual([]);
    expect(empty.has('file:///doc.txt')).toBe(false);
  });

  it('keeps its anchor while the user types forward, and answers as a fresh request would', () => {
    const settings = { ...DEFAULT_SETTINGS, minConfidence: 0.3, contextLength: 32 };
    const typing = completer();
    const provider = new RecurrentCompletionProvider(typing, () => settings);
    const full = 'export const answer = 42;\nexport const question = "li';
    let last: string | undefined;
    for (let i = 40; i <= full.length; i++) {
      const doc = new StubDocument(full.slice(0, i));
      last = call(provider, doc, doc.positionAt(i))[0]?.insertText;
    }
    // The anchor stayed where the first request put it, contextLength before its cursor.
    expect(typing.session('file:///doc.txt').anchor).toBe(40 - 32);
    const doc = new StubDocument(full);
    const fresh = completer();
    fresh.mixture.snapshot = typing.mixture.snapshot; // what the other learned from the typing
    const answer = call(new RecurrentCompletionProvider(fresh, () => settings), doc, doc.positionAt(full.length))[0]?.insertText;
    // The anchored request read more context than the fresh one (its window grew while typing);
    // both must still see the same next characters here.
    expect(last?.slice(0, 4)).toBe('fe";');
    expect(answer?.slice(0, 4)).toBe(last?.slice(0, 4));
  });
});
