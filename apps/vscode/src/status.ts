import * as vscode from 'vscode';
import type { WorkerStatus } from './training/protocol.js';

/** The status bar item: what training is doing, how well the model predicts, how fast it learns. */
export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.command = 'recurrent.showReport';
    this.item.name = 'recurrent';
    this.show('idle');
    this.item.show();
  }

  show(status: WorkerStatus | 'starting' | 'stopped', loss?: number, charsPerSecond?: number, completionsOn = true, serving: { short: string; long: string } = { short: '', long: '' }): void {
    const icon = { training: '$(sync~spin)', idle: '$(check)', paused: '$(debug-pause)', starting: '$(loading~spin)', stopped: '$(error)' }[status];
    const bpc = loss !== undefined && Number.isFinite(loss) ? ` ${(loss / Math.LN2).toFixed(2)} bpc` : '';
    const speed = status === 'training' && charsPerSecond ? ` · ${Math.round(charsPerSecond).toLocaleString('en-US')} ch/s` : '';
    this.item.text = `${icon} recurrent${serving.short ? ` ${serving.short}` : ''}${completionsOn ? '' : ' (off)'}${bpc}${speed}`;
    this.item.tooltip = `recurrent: ${status}${bpc ? `, ${bpc.trim()} (bits per byte of training text)` : ''}${serving.long ? `\nserving: ${serving.long}` : ''} — click for the training report`;
  }

  dispose(): void {
    this.item.dispose();
  }
}
