import { gradientsDemo } from '../demos/gradients.js';
import { DemoOutput } from '../demos/live.js';
import { manyToManyDemo } from '../demos/many-to-many.js';
import { manyToOneDemo } from '../demos/many-to-one.js';
import { oneToManyDemo } from '../demos/one-to-many.js';
import { oneToOneDemo } from '../demos/one-to-one.js';
import { seq2seqDemo } from '../demos/seq2seq.js';

type Demo = (out: DemoOutput, seed: number, brief: boolean) => Promise<Record<string, unknown>>;

/** Every demo by name, in the order of the course. */
export const DEMOS: Record<string, Demo> = {
  'one-to-one': oneToOneDemo,
  'one-to-many': oneToManyDemo,
  'many-to-one': manyToOneDemo,
  'many-to-many': manyToManyDemo,
  seq2seq: seq2seqDemo,
  gradients: gradientsDemo,
};

/** `recurrent demo [name]`: one demo in full, or (no name) all of them briefly. */
export async function runDemos(name: string | undefined, options: { seed: number; json: boolean }): Promise<Record<string, Record<string, unknown>>> {
  const out = new DemoOutput(options.json);
  const names = name === undefined ? Object.keys(DEMOS) : [name];
  const results: Record<string, Record<string, unknown>> = {};
  for (const n of names) results[n] = await DEMOS[n]!(out, options.seed, name === undefined);
  return results;
}
