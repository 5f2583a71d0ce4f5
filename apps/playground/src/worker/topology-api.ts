/** What a topology demo's worker answers (types only). */
import type { DemoResult } from '../demos/demo.js';

export type DemoName = 'one-to-one' | 'one-to-many' | 'many-to-one' | 'many-to-many' | 'seq2seq';

export interface TopologyApi {
  [method: string]: (params: never) => unknown;
  /** Trains the demo from scratch for `steps` (default: the CLI's) and scores it. */
  train(params: { demo: DemoName; steps?: number; seed?: number }): Promise<DemoResult>;
  /** The trained model on the visitor's input. */
  tryIt(params: { input: string }): string;
}

export interface TopologyEvents {
  [event: string]: unknown;
  /** One training step: the loss of each model (named by the demo's `series`). */
  loss: { step: number; steps: number; series: string[]; losses: number[] };
}
