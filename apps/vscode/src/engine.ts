import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import {
  type CharLM, decodeSafetensors, exportCharLMSafetensors, loadCharLM, loadCharLMSafetensors, readCharLMWeights, saveCharLM,
} from '@recurrent/topologies';
import { loadBaseModel } from '@recurrent/base-model';
import { ADAPTED, BASE, Completer } from '@recurrent/completion';
import { RecurrentCompletionProvider } from './provider.js';
import { judgeDocument } from './documents.js';
import { reportHtml } from './report.js';
import { readSettings, type Settings } from './settings.js';
import { StatusItem } from './status.js';
import { ModelStore } from './storage.js';
import { TrainerClient } from './training/client.js';
import type { FromWorker, ToWorker, WorkerStatus } from './training/protocol.js';
import { readWorkspaceFiles } from './workspace-reader.js';

/** Why a safetensors file without a vocabulary is refused, and how to give it one. */
export const BARE_SAFETENSORS = 'these safetensors name no vocabulary in their metadata, so which characters the weights predict is unknown. '
  + 'Add it with the command line: `recurrent import FILE.safetensors --vocabulary vocabulary.json` (a JSON array of the symbols in id order, or `bytes`), then import the .rnn it writes.';

/** Quiet time after an edit before the document goes to the trainer. */
const DEBOUNCE_MS = 750;
/** While the workspace is read, the other documents' n-gram is recounted after this many files. */
const RECOUNT_EVERY_FILES = 25;
/** The stored model is rewritten at most this often while training. */
const SAVE_EVERY_MS = 30_000;

/**
 * Everything the extension does, in one place: the training worker, the stored model, the
 * documents learned from, and what the commands do. Completion (the models it runs on, the
 * n-gram tables, the state kept per document) is the completer's.
 * `activate` only creates it and wires events and commands to it.
 */
export class Engine implements vscode.Disposable {
  settings: Settings;
  readonly provider: RecurrentCompletionProvider;
  private readonly store: ModelStore;
  private readonly status = new StatusItem();
  private client: TrainerClient | undefined;
  /** The worker's model as last sent: the completer's adapted expert. */
  private model: CharLM | undefined;
  /** The shipped base model, frozen: an expert of its own beside the adapted copy (loaded once). */
  private base: CharLM | undefined;
  /** Stops the current read of the workspace's files (a newer one, or shutdown). */
  private workspaceRead = { cancelled: false };
  private workerStatus: WorkerStatus | 'starting' | 'stopped' = 'starting';
  private step = 0;
  private losses: number[] = [];
  private lastSaved = 0;
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private pendingSave: ((bytes: Uint8Array) => void) | undefined;
  private report: vscode.WebviewPanel | undefined;
  /** The learned documents' texts, least recently changed first (the trainer has them; the n-gram counts are made from them). */
  private texts = new Map<string, string>();
  private readonly completer = new Completer({ documents: () => this.texts });

  constructor(private readonly context: vscode.ExtensionContext, private readonly log: vscode.OutputChannel) {
    this.settings = readSettings(vscode.workspace.getConfiguration('recurrent'));
    const folder = (context.storageUri ?? context.globalStorageUri).fsPath;
    this.store = new ModelStore(folder);
    this.provider = new RecurrentCompletionProvider(this.completer, () => this.settings);
  }

  /** Loads the stored model (or prepares a new one) and starts the worker on the open documents. */
  async start(): Promise<void> {
    const stored = await this.store.load();
    if (stored.kind === 'corrupt') {
      this.log.appendLine(`The stored model was unusable (${stored.reason}); it was moved to ${stored.setAside}. Starting a new model.`);
      void vscode.window.showWarningMessage(`recurrent: the stored model was damaged and was set aside (${stored.setAside}). A new model will be trained.`);
    }
    if (this.baseModel()) this.serveModels();
    this.startWorker(stored.kind === 'model' ? stored.bytes : undefined);
    void this.learnWorkspace();
  }

  /**
   * Sends the workspace's files to the trainer and the n-gram, most relevant first, a file at a
   * time with a pause between (off the host's hot path); open documents are already learned.
   */
  private async learnWorkspace(): Promise<void> {
    this.workspaceRead.cancelled = true;
    const read = { cancelled: false };
    this.workspaceRead = read;
    const s = this.settings;
    if (!s.learnWorkspace || s.workspaceMaxFiles === 0) return;
    const active = vscode.window.activeTextEditor?.document.uri.path;
    let count = 0, last: string | undefined;
    for await (const { key, text } of readWorkspaceFiles(s, active, () => read.cancelled)) {
      if (this.texts.has(key)) continue;
      this.send({ type: 'document', key, text });
      // Oldest first in the map: workspace files rank behind the documents the user has open.
      this.texts = new Map([[key, text], ...this.texts]);
      last = key;
      // The n-gram is recounted now and then, not per file (each count supersedes the last).
      if (++count % RECOUNT_EVERY_FILES === 0) this.completer.documentChanged(key);
    }
    if (last !== undefined && count % RECOUNT_EVERY_FILES !== 0) this.completer.documentChanged(last);
    if (count > 0) this.log.appendLine(`Learning ${count} workspace file${count === 1 ? '' : 's'} besides the open documents.`);
  }

  private startWorker(modelBytes: Uint8Array | undefined): void {
    const workerFile = join(this.context.extensionPath, 'dist', 'worker.js');
    const client: TrainerClient = new TrainerClient(workerFile, (m) => this.onWorker(m), (code, error) => {
      // A worker stopped on purpose (reset, import) or already replaced is not a failure.
      if (client !== this.client || client.stoppedOnPurpose) return;
      this.workerStatus = 'stopped';
      this.refreshStatus();
      if (code !== 0 || error) this.log.appendLine(`The training worker stopped (exit ${code}${error ? `: ${error.message}` : ''}); completions keep working with the last model.`);
    });
    this.client = client;
    if (modelBytes) this.useModel(modelBytes);
    const docs = vscode.workspace.textDocuments.filter((d) => this.judge(d));
    const s = this.settings;
    this.client.send({
      type: 'init', model: modelBytes,
      spec: this.baseModel() ? 'base' : { cell: s.cell, hiddenSize: s.hiddenSize, layers: s.layers },
      training: this.trainingSpec(),
    });
    for (const d of docs) {
      const key = d.uri.toString(), text = d.getText();
      this.send({ type: 'document', key, text });
      this.texts.set(key, text);
    }
    void this.completer.countOthers(vscode.window.activeTextEditor?.document.uri.toString());
    this.refreshStatus();
  }

  private trainingSpec() {
    return { sequenceLength: this.settings.sequenceLength, learningRate: this.settings.learningRate, cpuBudget: this.settings.cpuBudget };
  }

  private send(message: ToWorker): void {
    this.client?.send(message);
  }

  private onWorker(message: FromWorker): void {
    switch (message.type) {
      case 'ready':
        this.step = message.step;
        this.log.appendLine(`Training worker ready: ${message.spec.cell} ${message.spec.layers}×${message.spec.hiddenSize}, ${message.vocabulary.length} symbols.`);
        return;
      case 'progress':
        this.workerStatus = message.status;
        this.step = message.step;
        this.losses = message.losses;
        this.refreshStatus(message.charsPerSecond);
        this.refreshReport();
        return;
      case 'model':
        this.useModel(message.bytes);
        this.pendingSave?.(message.bytes);
        this.pendingSave = undefined;
        if (message.reason === 'requested' || Date.now() - this.lastSaved > SAVE_EVERY_MS) void this.save(message.bytes);
        return;
      case 'error':
        this.log.appendLine(`Training worker: ${message.message}`);
        return;
    }
  }

  /** Points the completions' adapted expert at a model file's weights (reusing the loaded model when it matches). */
  private useModel(bytes: Uint8Array): void {
    try {
      if (this.model) {
        readCharLMWeights(this.model, bytes);
        this.completer.modelChanged(ADAPTED);
        return;
      }
    } catch {
      // Another vocabulary or shape (after a reset or an import): load it afresh below.
    }
    this.model = loadCharLM(bytes).model;
    this.serveModels();
  }

  /** The shipped base model when `recurrent.baseModel` is on (loaded on first need, then kept). */
  private baseModel(): CharLM | undefined {
    if (!this.settings.baseModel) return undefined;
    return (this.base ??= loadBaseModel().model);
  }

  /** The experts: the frozen base model (when its vocabulary is the adapted model's) and the adapted one. */
  private serveModels(): void {
    const wanted = this.baseModel();
    const base = wanted && (!this.model || this.model.vocabulary.kind === wanted.vocabulary.kind) ? wanted : undefined;
    if (wanted && !base) this.log.appendLine('The model in use has a character vocabulary, not the base model\'s bytes: completions come from it and the n-gram alone.');
    this.completer.setModels({ [BASE]: base, [ADAPTED]: this.model });
    this.refreshStatus();
  }

  /** Which model serves: a short word for the status bar, the whole story for its tooltip and the report. */
  private serving(): { short: string; long: string } {
    const base = this.completer.model(BASE) !== undefined;
    if (!this.model) return base ? { short: 'base', long: 'base model' } : { short: '', long: 'no model yet' };
    const adapted = `${this.model.config.cell} ${this.model.config.numLayers}×${this.model.config.hiddenSize}, step ${this.step}`;
    return base ? { short: 'base+adapted', long: `base model + adapted (${adapted})` } : { short: '', long: `trained from scratch (${adapted})` };
  }

  private async save(bytes: Uint8Array): Promise<void> {
    this.lastSaved = Date.now();
    try {
      await this.store.save(bytes);
    } catch (error) {
      this.log.appendLine(`Could not save the model to ${this.store.path}: ${(error as Error).message}`);
    }
  }

  // ---- documents ------------------------------------------------------------------------------

  private judge(doc: vscode.TextDocument): boolean {
    const verdict = judgeDocument(doc, this.settings, (d) =>
      this.settings.exclude.some((pattern) => vscode.languages.match({ pattern }, d as vscode.TextDocument) > 0));
    if (!verdict.learn && doc.uri.scheme === 'file') this.log.appendLine(`Not learning from ${doc.uri.fsPath}: ${verdict.reason}.`);
    return verdict.learn;
  }

  /** A document opened or changed: send it to the trainer once the user pauses typing. */
  documentChanged(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      if (this.judge(doc)) {
        const text = doc.getText();
        this.send({ type: 'document', key, text });
        this.texts.delete(key);
        this.texts.set(key, text);
        this.completer.documentChanged(key);
      } else if (this.texts.delete(key)) {
        this.send({ type: 'forget', key });
        this.completer.documentChanged(key);
      }
    }, DEBOUNCE_MS));
  }

  /** A document closed: its completion session and all it holds are freed. */
  documentClosed(doc: vscode.TextDocument): void {
    this.completer.close(doc.uri.toString());
  }

  settingsChanged(): void {
    this.settings = readSettings(vscode.workspace.getConfiguration('recurrent'));
    this.send({ type: 'settings', training: this.trainingSpec() });
    this.refreshStatus();
  }

  // ---- commands -------------------------------------------------------------------------------

  trainNow(): void {
    this.send({ type: 'trainNow' });
  }

  togglePause(): void {
    this.send({ type: this.workerStatus === 'paused' ? 'resume' : 'pause' });
  }

  async resetModel(): Promise<void> {
    await this.client?.stop();
    await this.store.remove();
    this.model = undefined;
    this.step = 0;
    this.losses = [];
    this.serveModels();
    this.log.appendLine(this.baseModel() ? 'Model reset: back to the base model, learning the open documents again.' : 'Model reset: training a new one from the open documents.');
    this.startWorker(undefined);
  }

  /** Asks the worker for its current model, with a time limit (for export and shutdown). */
  private currentModel(timeoutMs = 3000): Promise<Uint8Array | undefined> {
    if (!this.client || this.workerStatus === 'stopped') return Promise.resolve(this.model ? saveCharLM(this.model) : undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(this.model ? saveCharLM(this.model) : undefined), timeoutMs);
      this.pendingSave = (bytes) => {
        clearTimeout(timer);
        resolve(bytes);
      };
      this.send({ type: 'save' });
    });
  }

  async exportModel(target?: vscode.Uri): Promise<void> {
    const uri = target ?? await vscode.window.showSaveDialog({ filters: { 'recurrent model': ['rnn'], safetensors: ['safetensors'] }, saveLabel: 'Export' });
    if (!uri) return;
    const bytes = await this.currentModel();
    if (!bytes || !this.model) {
      void vscode.window.showWarningMessage('recurrent: there is no model yet; let it train on some text first.');
      return;
    }
    const out = uri.fsPath.endsWith('.safetensors') ? exportCharLMSafetensors(this.model) : bytes;
    await writeFile(uri.fsPath, out);
    this.log.appendLine(`Exported the model to ${uri.fsPath}.`);
  }

  async importModel(source?: vscode.Uri): Promise<void> {
    const uri = source ?? (await vscode.window.showOpenDialog({ filters: { 'recurrent model or safetensors': ['rnn', 'safetensors'] }, canSelectMany: false }))?.[0];
    if (!uri) return;
    try {
      const bytes = await readFile(uri.fsPath);
      let file: Uint8Array;
      if (uri.fsPath.endsWith('.safetensors')) {
        // A PyTorch state dict under any module names; its architecture is read off the tensors.
        // Its vocabulary must come with it: bare weights of the current model's size could have
        // been trained on other characters, and would then complete with the wrong ones silently.
        if (decodeSafetensors(bytes).metadata.vocabulary === undefined) throw new Error(BARE_SAFETENSORS);
        const { model, mapping } = loadCharLMSafetensors(bytes);
        const renamed = mapping.filter((m) => m.from !== m.to);
        if (renamed.length > 0) this.log.appendLine(`Imported tensors under this package's names: ${renamed.map((m) => `${m.from} → ${m.to}`).join(', ')}.`);
        file = saveCharLM(model);
      } else {
        loadCharLM(bytes);
        file = bytes;
      }
      await this.client?.stop();
      this.model = undefined;
      await this.store.save(file);
      this.startWorker(file);
      this.log.appendLine(`Imported the model from ${uri.fsPath}.`);
    } catch (error) {
      void vscode.window.showErrorMessage(`recurrent: cannot import ${uri.fsPath}: ${(error as Error).message}`);
    }
  }

  async toggleCompletions(): Promise<void> {
    await vscode.workspace.getConfiguration('recurrent').update('enabled', !this.settings.enabled, vscode.ConfigurationTarget.Global);
    this.settingsChanged();
  }

  showReport(): void {
    if (!this.report) {
      this.report = vscode.window.createWebviewPanel('recurrent.report', 'recurrent: training report', vscode.ViewColumn.Beside, { enableScripts: false });
      this.report.onDidDispose(() => (this.report = undefined));
    }
    this.refreshReport();
    this.report.reveal();
  }

  private refreshReport(): void {
    if (!this.report) return;
    this.report.webview.html = reportHtml({
      status: this.workerStatus, step: this.step, losses: this.losses,
      vocabularySize: this.model?.vocabulary.size ?? 0,
      spec: this.serving().long,
      documents: this.texts.size, characters: [...this.texts.values()].reduce((n, text) => n + text.length, 0),
      latencies: this.provider.latencies, modelPath: this.store.path,
    }, this.report.webview.cspSource);
  }

  private refreshStatus(charsPerSecond?: number): void {
    this.status.show(this.workerStatus, this.losses.at(-1), charsPerSecond, this.settings.enabled, this.serving());
  }

  /** Saves the latest model and stops the worker (on deactivation). */
  async shutdown(): Promise<void> {
    const bytes = await this.currentModel(2000);
    if (bytes) await this.save(bytes);
    await this.client?.stop();
  }

  dispose(): void {
    this.workspaceRead.cancelled = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.texts.clear();
    this.completer.dispose();
    this.status.dispose();
    this.report?.dispose();
  }
}
