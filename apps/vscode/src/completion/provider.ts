import * as vscode from 'vscode';
import type { Settings } from '../settings.js';
import { anchorFor } from './anchor.js';
import type { NgramTable } from './ngram.js';
import type { Predictor } from './predictor.js';

/**
 * Inline completions from the current model: the text before the cursor (from an anchor that
 * stays put while the user types forward, so the recurrent state is reused) → the most likely
 * next characters, offered only when worth it at the confidence setting (see offer.ts).
 */
export class RecurrentCompletionProvider implements vscode.InlineCompletionItemProvider {
  private readonly anchors = new Map<string, number>();
  /** Request-to-items times in ms, for the status/report and the latency benchmark. */
  readonly latencies: number[] = [];

  constructor(
    private readonly predictor: () => Predictor | undefined,
    private readonly settings: () => Settings,
    /** The n-gram tables that may vote for a document, given where the text it reads starts. */
    private readonly tables: (key: string, anchor: number, document: vscode.TextDocument) => readonly NgramTable[] = () => [],
  ) {}

  provideInlineCompletionItems(
    document: vscode.TextDocument, position: vscode.Position, _context: vscode.InlineCompletionContext, token: vscode.CancellationToken,
  ): vscode.InlineCompletionItem[] {
    const started = performance.now();
    const settings = this.settings();
    const predictor = this.predictor();
    if (!settings.enabled || !predictor || token.isCancellationRequested) return [];
    if (settings.languages.length > 0 && !settings.languages.includes(document.languageId)) return [];
    const key = document.uri.toString();
    const offset = document.offsetAt(position);
    const anchor = anchorFor(this.anchors.get(key), offset, settings.contextLength);
    this.anchors.set(key, anchor);
    const text = document.getText(new vscode.Range(document.positionAt(anchor), position));
    const { text: completion } = predictor.predict(key, anchor, text, {
      maxLength: settings.maxCompletionLength, minConfidence: settings.minConfidence, temperature: settings.temperature, tables: this.tables(key, anchor, document),
    }, () => token.isCancellationRequested);
    this.latencies.push(performance.now() - started);
    if (this.latencies.length > 1000) this.latencies.splice(0, 500);
    if (completion.length === 0 || token.isCancellationRequested) return [];
    return [new vscode.InlineCompletionItem(completion, new vscode.Range(position, position))];
  }

  forget(document: vscode.TextDocument): void {
    this.anchors.delete(document.uri.toString());
  }
}
