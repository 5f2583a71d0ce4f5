// The keystrokes-saved simulation (how editor completions are judged: /work/shared/notes/keystrokes.md)
// and its baseline engines: VS Code's word completion, a plain Kneser–Ney n-gram, the oracle.
export * from './harness.js';
export { createWordCompletion } from './word-completion.js';
export { createNgram } from './ngram-baseline.js';
export { createOracle } from './oracle.js';
export { createCompleterEngine } from './completer-engine.js';
