import * as vscode from 'vscode';
import type { Settings } from './settings.js';
import type { Completer } from '@recurrent/completion';

/**
 * Inline completions: the document's session (see CompletionSession) suggests the next
 * characters at the cursor, offered only when worth it at the confidence setting (see offer.ts),
 * which adapts to keep the wrong suggestions within recurrent.wrongPer100 (see wrong-budget.ts).
 */
export class RecurrentCompletionProvider implements vscode.InlineCompletionItemProvider {
  /** Request-to-items times in ms, for the status/report and the latency benchmark. */
  readonly latencies: number[] = [];

  constructor(private readonly completer: Completer, private readonly settings: () => Settings) {}

  provideInlineCompletionItems(
    document: vscode.TextDocument, position: vscode.Position, _context: vscode.InlineCompletionContext, token: vscode.CancellationToken,
  ): vscode.InlineCompletionItem[] {
    const started = performance.now();
    const settings = this.settings();
    if (!settings.enabled || !this.completer.ready || token.isCancellationRequested) return [];
    if (settings.languages.length > 0 && !settings.languages.includes(document.languageId)) return [];
    const text = {
      cursor: document.offsetAt(position),
      slice: (start: number, end: number) => document.getText(new vscode.Range(document.positionAt(start), document.positionAt(end))),
    };
    const { text: completion } = this.completer.session(document.uri.toString()).suggest(text, {
      maxLength: settings.maxCompletionLength, minConfidence: settings.minConfidence, wrongPer100: settings.wrongPer100 > 0 ? settings.wrongPer100 : undefined,
      temperature: settings.temperature, contextLength: settings.contextLength,
    }, () => token.isCancellationRequested);
    this.latencies.push(performance.now() - started);
    if (this.latencies.length > 1000) this.latencies.splice(0, 500);
    if (completion.length === 0 || token.isCancellationRequested) return [];
    return [new vscode.InlineCompletionItem(completion, new vscode.Range(position, position))];
  }
}
