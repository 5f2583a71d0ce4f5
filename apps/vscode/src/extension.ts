// The extension's entry point. `activate` only wires: the engine does the work.
import * as vscode from 'vscode';
import { Engine } from './engine.js';

let engine: Engine | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<Engine> {
  const log = vscode.window.createOutputChannel('recurrent');
  engine = new Engine(context, log);
  const e = engine;
  context.subscriptions.push(
    log,
    e,
    // The schemes the extension learns from: not output panes or the source-control input box.
    vscode.languages.registerInlineCompletionItemProvider([{ scheme: 'file' }, { scheme: 'untitled' }], e.provider),
    vscode.workspace.onDidOpenTextDocument((d) => e.documentChanged(d)),
    vscode.workspace.onDidChangeTextDocument((change) => e.documentChanged(change.document)),
    vscode.workspace.onDidCloseTextDocument((d) => e.documentClosed(d)),
    vscode.workspace.onDidChangeConfiguration((change) => { if (change.affectsConfiguration('recurrent')) e.settingsChanged(); }),
    vscode.commands.registerCommand('recurrent.trainNow', () => e.trainNow()),
    vscode.commands.registerCommand('recurrent.togglePause', () => e.togglePause()),
    vscode.commands.registerCommand('recurrent.resetModel', () => e.resetModel()),
    vscode.commands.registerCommand('recurrent.exportModel', (uri?: vscode.Uri) => e.exportModel(uri)),
    vscode.commands.registerCommand('recurrent.importModel', (uri?: vscode.Uri) => e.importModel(uri)),
    vscode.commands.registerCommand('recurrent.showReport', () => e.showReport()),
    vscode.commands.registerCommand('recurrent.toggleCompletions', () => e.toggleCompletions()),
  );
  await e.start();
  return e;
}

export async function deactivate(): Promise<void> {
  await engine?.shutdown();
  engine = undefined;
}
