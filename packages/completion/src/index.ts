/**
 * @recurrent/completion — next-character completion from recurrent models and n-grams, as the
 * editor runs it: experts (CharLMs, a Kneser–Ney n-gram over the documents) mixed by weights
 * learned from what is typed, one session per document carrying each model's recurrent state,
 * the rule for when a suggestion is worth showing, and the keystrokes-saved simulation that
 * judges all of it. No editor API here: the VS Code extension and the CLI both use it.
 *
 * @packageDocumentation
 */
export { ADAPTED, BASE, Completer, type CompleterOptions, DEFAULT_PRIORS, NGRAM } from './completer.js';
export { anchorFor, CompletionSession, type DocumentText, type NextSymbol, type Prediction, type SuggestOptions } from './session.js';
export type { Expert, ExpertReading, Lookahead, ReadContext } from './expert.js';
export { ModelExpert } from './model-expert.js';
export { NgramExpert } from './ngram-expert.js';
export { contextOf, type ContextClass, DEFAULT_MIXING_RATE, evidenceKey, ExpertWeights, MixtureWeights, PROBABILITY_FLOOR } from './mixture.js';
export { buildNgramTable, type FollowerCache, HISTORY_LENGTHS, NgramTable, ngramDistribution, type NgramPrediction, ngramPrediction } from './ngram.js';
export { HistoryMap } from './history-map.js';
export { DEFAULT_MIN_CONFIDENCE, isWordBoundary, judgeOffer, type Offer } from './offer.js';
export { CONFIDENCE_BOUNDS, DEFAULT_BUDGET_RATE, DEFAULT_WRONG_PER_100, WrongBudget } from './wrong-budget.js';
export { isWhitespace, isWordCharacter } from './characters.js';
export { FRESH_CAPACITY, FRESH_WINDOWS, FreshText, LEARNING_BATCH, learningBatch, PASSES_OVER_NEW_TEXT, stepsToLearn } from './learning.js';
export { charactersOf, contextOfSymbols, owedAfter, startsCharacter } from './symbols.js';
export { NGRAM_TEXT_LIMIT, OtherDocuments } from './other-documents.js';
export * as keystrokes from './keystrokes/index.js';
