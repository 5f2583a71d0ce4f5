import { CharLM } from '@recurrent/topologies';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as vscode from 'vscode';
import { NgramTable } from '../src/completion/ngram.js';
import { Predictor } from '../src/completion/predictor.js';
import { RecurrentCompletionProvider } from '../src/completion/provider.js';
import { DEFAULT_SETTINGS, type Settings } from '../src/settings.js';
import { vocabularyFor } from '../src/vocabulary.js';
import { Position, StubDocument } from './vscode-stub.js';

const TEXT = 'export const answer = 42;\nexport const question = "life";\n'.repeat(25);

describe('the inline completion provider', () => {
  let predictor: Predictor;
  beforeAll(async () => {
    const lm = new CharLM(vocabularyFor([TEXT]), { cell: 'lstm', hiddenSize: 48, seed: 3 });
    await lm.fit([TEXT], { steps: 200, seqLength: 32, batchSize: 16, lr: 0.01 });
    predictor = new Predictor(lm);
  });
  const call = (provider: RecurrentCompletionProvider, doc: StubDocument, at: Position, cancelled = false) =>
    provider.provideInlineCompletionItems(doc as unknown as vscode.TextDocument, at as vscode.Position, {} as vscode.InlineCompletionContext,
      { isCancellationRequested: cancelled } as vscode.CancellationToken) as unknown as { insertText: string; range: { start: Position; end: Position } }[];

  it('offers the continuation at the cursor, with an empty range there', () => {
    let settings: Settings = { ...DEFAULT_SETTINGS, minConfidence: 0.3 };
    // The learned document is open too: its n-gram counts vote.
    const learned = new NgramTable();
    learned.addText(TEXT);
    const provider = new RecurrentCompletionProvider(() => predictor, () => settings, () => [learned]);
    const doc = new StubDocument('export const answer = 42;\nexport const ques');
    const at = new Position(1, 17);
    const [item] = call(provider, doc, at);
    expect(item!.insertText.startsWith('tion = "life";')).toBe(true);
    expect(item!.range.start).toEqual(at);
    expect(item!.range.end).toEqual(at);
    expect(provider.latencies).toHaveLength(1);
    settings = { ...settings, enabled: false };
    expect(call(provider, doc, at)).toEqual([]);
  });

  it('offers nothing when cancelled, in an excluded language, or with no model yet', () => {
    const doc = new StubDocument('export const ques', 'python');
    const at = new Position(0, 17);
    expect(call(new RecurrentCompletionProvider(() => predictor, () => DEFAULT_SETTINGS), doc, at, true)).toEqual([]);
    expect(call(new RecurrentCompletionProvider(() => predictor, () => ({ ...DEFAULT_SETTINGS, languages: ['typescript'] })), doc, at)).toEqual([]);
    expect(call(new RecurrentCompletionProvider(() => undefined, () => DEFAULT_SETTINGS), doc, at)).toEqual([]);
  });

  it('keeps its anchor while the user types forward, and answers as a fresh request would', () => {
    const settings = { ...DEFAULT_SETTINGS, minConfidence: 0.3, contextLength: 32 };
    const provider = new RecurrentCompletionProvider(() => predictor, () => settings);
    const full = 'export const answer = 42;\nexport const question = "li';
    let last: string | undefined;
    for (let i = 40; i <= full.length; i++) {
      const doc = new StubDocument(full.slice(0, i));
      last = call(provider, doc, doc.positionAt(i))[0]?.insertText;
    }
    const doc = new StubDocument(full);
    const freshPredictor = new Predictor(predictor.model);
    freshPredictor.mixture.weights = predictor.mixture.weights; // what the other learned from the typing
    const fresh = call(new RecurrentCompletionProvider(() => freshPredictor, () => settings), doc, doc.positionAt(full.length))[0]?.insertText;
    // The anchored request read more context than the fresh one (its window grew while typing);
    // both must still see the same next characters here.
    expect(last?.slice(0, 4)).toBe(fresh?.slice(0, 4));
  });
});
