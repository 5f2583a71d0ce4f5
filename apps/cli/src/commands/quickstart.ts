import { train } from './train.js';

const PROMPTS = ['export function ', 'const ', '/** The ', 'import { '];

/**
 * `recurrent` with no command: trains an LSTM briefly on the shipped corpus (this project's
 * own sources) and prints how it completes a few prompts — the whole product in one run.
 */
export async function quickstart(json: boolean): Promise<{ model: string; steps: number; finalLoss: number; completions: { prompt: string; completion: string }[] }> {
  const log = (line: string) => { if (!json) process.stderr.write(`${line}\n`); };
  log('recurrent: training an LSTM (1×128) on its own source code for 250 steps — `recurrent train --help` for more');
  const { model, result } = await train({
    files: [], cell: 'lstm', hidden: 128, layers: 1, dropout: 0, seqLength: 64, batch: 32, lr: 4e-3, steps: 250,
    seed: 0, tbptt: false, validation: 0.05, evalEvery: 125, checkpointEvery: 250, out: 'recurrent-model.rnn',
    report: true, json, maxBytes: Number.MAX_SAFE_INTEGER,
  });
  const completions = PROMPTS.map((prompt) => ({ prompt, completion: model.predict(prompt, 40) }));
  if (!json) {
    process.stdout.write('\ncompletions (greedy):\n');
    for (const { prompt, completion } of completions) process.stdout.write(`  ${JSON.stringify(prompt)} → ${JSON.stringify(completion)}\n`);
    process.stdout.write('\nnext: recurrent sample recurrent-model.rnn --prefix "function "   ·   recurrent demo\n');
  }
  return { model: 'recurrent-model.rnn', steps: result.state.step, finalLoss: result.losses.at(-1)!, completions };
}
