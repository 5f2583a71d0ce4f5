import { type CharLM, sameVocabulary, type Vocabulary } from '@recurrent/topologies';
import type { Expert } from './expert.js';
import { MixtureWeights } from './mixture.js';
import { ModelExpert } from './model-expert.js';
import { NgramExpert } from './ngram-expert.js';
import { NGRAM_TEXT_LIMIT, OtherDocuments } from './other-documents.js';
import { CompletionSession, type SessionHost } from './session.js';
import { WrongBudget } from './wrong-budget.js';

/** The expert names the extension uses: the frozen base model, its fine-tuned copy, the n-gram. */
export const BASE = 'base';
export const ADAPTED = 'adapted';
export const NGRAM = 'ngram';

/**
 * The experts' weights before anything is typed, relative: equal, so the experts start as
 * their geometric mean (the weights learn within a few dozen symbols typed).
 */
export const DEFAULT_PRIORS: Readonly<Record<string, number>> = { [BASE]: 1, [ADAPTED]: 1, [NGRAM]: 1 };

export interface CompleterOptions {
  /** The learned documents' texts by key, least recently changed first: the n-gram counts them (none: no documents). */
  documents?: () => Iterable<readonly [string, string]>;
  /** Whether the n-gram takes part (default true). */
  ngram?: boolean;
  /** Each expert's prior weight, by name (default DEFAULT_PRIORS; every expert needs one). */
  priors?: Readonly<Record<string, number>>;
  /** How far one typed symbol moves the mixture's weights (η of ExpertWeights; default DEFAULT_MIXING_RATE). */
  mixingRate?: number;
  /** The most characters of other documents the n-gram counts (default NGRAM_TEXT_LIMIT). */
  othersLimit?: number;
  /** Count large n-gram tables in the background (default true; false: at once, for code that runs synchronously, as benchmarks do). */
  background?: boolean;
  /**
   * How the models' steppers read their weights (default 'int8': a quarter of the bytes at each
   * step, so a suggestion's lookahead through two models is not held up by memory; see
   * StepperOptions).
   */
  modelWeights?: 'float32' | 'int8';
}

/**
 * Completion for every open document: the models (experts sharing one vocabulary), the n-gram
 * over the other documents, the mixture weights and the wrong-suggestion budget learned from all typing, and one
 * CompletionSession per document, which holds everything kept about that document.
 */
export class Completer implements SessionHost {
  readonly mixture: MixtureWeights;
  readonly budget = new WrongBudget();
  private models: ModelExpert[] = [];
  private ngram: NgramExpert | undefined;
  private expertList: readonly Expert[] = [];
  private readonly sessions = new Map<string, CompletionSession>();
  private readonly others: OtherDocuments;
  private readonly useNgram: boolean;
  private readonly background: boolean;
  private readonly modelWeights: 'float32' | 'int8';

  constructor(options: CompleterOptions = {}) {
    this.mixture = new MixtureWeights(options.priors ?? DEFAULT_PRIORS, options.mixingRate);
    this.background = options.background ?? true;
    this.others = new OtherDocuments(options.documents ?? (() => []), options.othersLimit ?? NGRAM_TEXT_LIMIT, this.background);
    this.useNgram = options.ngram ?? true;
    this.modelWeights = options.modelWeights ?? 'int8';
  }

  /** The vocabulary every model shares (undefined: no model yet). */
  get vocabulary(): Vocabulary | undefined {
    return this.models[0]?.model.vocabulary;
  }

  /** The experts taking part: the models in the order given, then the n-gram. */
  get experts(): readonly Expert[] {
    return this.expertList;
  }

  /** Whether there is a model to complete with. */
  get ready(): boolean {
    return this.models.length > 0;
  }

  /** The model expert `name`'s CharLM, if it takes part. */
  model(name: string): CharLM | undefined {
    return this.models.find((m) => m.name === name)?.model;
  }

  /**
   * The models to complete with, by expert name (e.g. `{ base, adapted }`); a name left out or
   * undefined takes no part (its mixture weight is kept for when it returns). A model given
   * again as the same object keeps the sessions' states; after changing its weights in place
   * call `modelChanged`. Every model must share one vocabulary; with another vocabulary than
   * before, every session starts over and the other documents are counted afresh.
   */
  setModels(models: Readonly<Record<string, CharLM | undefined>>): void {
    const given = Object.entries(models).filter((e): e is [string, CharLM] => e[1] !== undefined);
    const vocabulary = given[0]?.[1].vocabulary;
    for (const [name, lm] of given) {
      if (!sameVocabulary(lm.vocabulary, vocabulary!)) throw new RangeError(`Completer.setModels: the model ${JSON.stringify(name)} has another vocabulary than ${JSON.stringify(given[0]![0])}`);
    }
    const previous = this.vocabulary;
    this.models = given.map(([name, lm]) => {
      const known = this.models.find((m) => m.name === name);
      return known?.model === lm ? known : new ModelExpert(name, lm, { weights: this.modelWeights });
    });
    if (!(previous && vocabulary && sameVocabulary(previous, vocabulary))) {
      for (const s of this.sessions.values()) s.forget();
      this.sessions.clear();
      this.others.useVocabulary(vocabulary);
      this.ngram = vocabulary && this.useNgram ? new NgramExpert(vocabulary, this.others, NGRAM, this.background) : undefined;
    }
    this.expertList = this.ngram ? [...this.models, this.ngram] : [...this.models];
  }

  /** The model `name`'s weights changed in place (a new snapshot): every session re-reads with it on its next request. */
  modelChanged(name: string): void {
    this.models.find((m) => m.name === name)?.stepper.weightsChanged();
    for (const s of this.sessions.values()) s.invalidate(name);
  }

  /** The session of the document `key`, made on first use. */
  session(key: string): CompletionSession {
    let session = this.sessions.get(key);
    if (!session) this.sessions.set(key, (session = new CompletionSession(key, this)));
    return session;
  }

  /** Whether the document `key` has a session. */
  has(key: string): boolean {
    return this.sessions.has(key);
  }

  /** The document `key` closed: its session and all it holds are freed. */
  close(key: string): void {
    this.sessions.get(key)?.forget();
    this.sessions.delete(key);
  }

  /** A learned document changed or was forgotten: the other documents' table is recounted unless it left that one out. */
  documentChanged(key: string): void {
    this.others.changed(key);
  }

  /**
   * Counts the other documents for completing in `exclude` (e.g. the active editor's document)
   * ahead of the first request; resolves when done or superseded (at once without a model: the
   * count starts when the first model gives the vocabulary).
   */
  countOthers(exclude: string | undefined): Promise<void> {
    return this.others.recount(exclude);
  }

  /** Frees every session and table. */
  dispose(): void {
    for (const s of this.sessions.values()) s.forget();
    this.sessions.clear();
    this.others.clear();
  }
}
