import type { Evaluation } from '@recurrent/topologies';
import { CliError, EXIT } from '../errors.js';
import { readText } from '../input.js';
import { loadModel } from '../model-file.js';

export interface EvalArgs {
  model: string;
  files: string[];
  maxBytes: number;
}

/** `recurrent eval <model> <files…>`: bits per character and top-1 next-character accuracy per file and overall. */
export function evaluate(args: EvalArgs): { files: (Evaluation & { file: string })[]; overall: Evaluation } {
  if (args.files.length === 0) throw new CliError('give at least one text file to evaluate on', EXIT.usage);
  const { model } = loadModel(args.model);
  const files = args.files.map((file) => {
    const text = readText(file, args.maxBytes);
    if ([...text].length < 2) throw new CliError(`${file} has fewer than two characters; there is nothing to predict`, EXIT.input);
    const evaluation = model.evaluate(text);
    // Finite weights can still overflow the logits (a diverged run): say so, not "Infinity bits/char".
    if (!Number.isFinite(evaluation.bitsPerChar)) throw new CliError(`${args.model} predicts ${file} with ${evaluation.bitsPerChar} bits/char: its weights overflow the scores (a diverged run?); it is of no use as it is`, EXIT.model);
    return { file, ...evaluation };
  });
  const characters = files.reduce((s, f) => s + f.characters, 0);
  const overall: Evaluation = {
    characters,
    bitsPerChar: files.reduce((s, f) => s + f.bitsPerChar * f.characters, 0) / characters,
    accuracy: files.reduce((s, f) => s + f.accuracy * f.characters, 0) / characters,
  };
  return { files, overall };
}
