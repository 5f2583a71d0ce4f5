/**
 * recurrent's VS Code extension, as a module: `activate` / `deactivate` (what VS Code calls),
 * and the pieces that work without VS Code — the completer and its sessions, the document filter, the training
 * loop and its protocol, the model store.
 *
 * @packageDocumentation
 */
export { activate, deactivate } from './extension.js';
export { ADAPTED, BASE, Completer, type CompleterOptions, DEFAULT_PRIORS, NGRAM } from '@recurrent/completion';
export { CompletionSession, type DocumentText, type Prediction, type SuggestOptions } from '@recurrent/completion';
export { judgeDocument, looksBinary, type DocumentLike, type Verdict } from './documents.js';
export { TrainingLoop } from './training/loop.js';
export type { FromWorker, ModelSpec, ToWorker, TrainingSpec, WorkerStatus } from './training/protocol.js';
export { ModelStore, type Loaded } from './storage.js';
export { DEFAULT_SETTINGS, readSettings, type Settings } from './settings.js';
