import type { SampleOptions } from '@recurrent/topologies';
import { CliError, EXIT } from '../errors.js';
import { loadModel } from '../model-file.js';

export interface SampleArgs extends Required<SampleOptions> {
  model: string;
  prefix: string;
  length: number;
  seed: number;
  json: boolean;
}

/** `recurrent sample <model>`: text drawn from a trained model, after a prefix. */
export function sample(args: SampleArgs): { prefix: string; text: string } {
  const { model } = loadModel(args.model);
  if (args.prefix.length === 0) throw new CliError('--prefix must hold at least one character', EXIT.usage);
  const text = model.sample(args.prefix, args.length, { temperature: args.temperature, topK: args.topK, topP: args.topP, seed: args.seed });
  return { prefix: args.prefix, text };
}
