import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CELL_TYPES, type CellType } from '@recurrent/topologies';
import { describeAddedUnknown, describeMapping, exportModel, importModel } from './commands/convert.js';
import { DEMOS, runDemos } from './commands/demo.js';
import { evaluate } from './commands/evaluate.js';
import { quickstart } from './commands/quickstart.js';
import { sample } from './commands/sample.js';
import { train } from './commands/train.js';
import { CliError, EXIT } from './errors.js';
import { DEFAULT_MAX_BYTES } from './input.js';

const integer = (min: number) => (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer >= ${min}`);
  return n;
};
const number = (min: number, max = Infinity, inclusiveMax = true) => (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || (inclusiveMax ? n > max : n >= max)) {
    throw new InvalidArgumentError(`expected a number in [${min}, ${max}${inclusiveMax ? ']' : ')'}`);
  }
  return n;
};
const print = (json: boolean, value: unknown, text: string) => process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);

/** The `recurrent` program: every command wired to its function in commands/. */
export function program(): Command {
  const cli = new Command('recurrent')
    .description('Recurrent neural networks that train on your text, locally: train, sample, evaluate, and the course demos.\nWith no command: the base model learns this project briefly, types a file it never saw and prints the keystrokes its suggestions save.')
    .version('0.1.0')
    // Settings subcommands inherit: throw instead of exiting (run() maps to exit codes), and
    // options belong to the command they follow (so `demo --json` is demo's --json).
    .exitOverride()
    .enablePositionalOptions()
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      const out = await quickstart(options.json === true);
      print(options.json === true, out, '');
    });

  cli.command('train')
    .description('train a character model on text files (no files: the corpus shipped with recurrent)')
    .argument('[files...]', 'UTF-8 text files')
    .addOption(new Option('--cell <cell>', 'recurrent cell').choices(CELL_TYPES as string[]).default('lstm'))
    .option('--hidden <n>', 'hidden units per layer', integer(1), 128)
    .option('--layers <n>', 'stacked layers', integer(1), 1)
    .option('--dropout <p>', 'dropout between layers', number(0, 1, false), 0)
    .option('--seq-length <n>', 'characters per training sequence (BPTT length)', integer(1), 64)
    .option('--batch <n>', 'sequences per step', integer(1), 32)
    .option('--lr <rate>', 'Adam learning rate', number(0), 2e-3)
    .option('--steps <n>', 'optimizer steps (default 300)', integer(1))
    .option('--epochs <n>', 'passes over the text instead of --steps', number(0))
    .option('--seed <n>', 'seed of initialisation and batch order', integer(0), 0)
    .option('--tbptt', 'truncated BPTT: contiguous streams, state carried between steps', false)
    .option('--threads <n>', 'threads sharing each step (data parallel; default: the cores available, at most one per 8 sequences of --batch)', integer(1))
    .option('--clip <norm>', 'clip the global gradient norm', number(0))
    .option('--clip-value <v>', 'clamp every gradient element to ±v', number(0))
    .option('--validation <fraction>', 'share of the text held out for validation', number(0, 1, false), 0.1)
    .option('--eval-every <n>', 'validate every n steps', integer(1), 50)
    .option('--checkpoint-every <n>', 'save the model every n steps', integer(1), 100)
    .option('-o, --out <file>', 'where to save the model', 'recurrent-model.rnn')
    .option('--resume <file>', 'continue the run saved in this model file')
    .option('--init <model>', 'start from this model\'s weights and vocabulary (native or safetensors, e.g. from PyTorch), a fresh optimizer; --cell/--hidden/--layers are the model\'s')
    .option('--no-report', 'skip the HTML training report')
    .option('--max-bytes <n>', 'refuse files larger than this', integer(1), DEFAULT_MAX_BYTES)
    .option('--json', 'machine-readable output')
    .action(async (files: string[], o) => {
      const outcome = await train({
        files, cell: o.cell as CellType, hidden: o.hidden, layers: o.layers, dropout: o.dropout, seqLength: o.seqLength,
        batch: o.batch, lr: o.lr, steps: o.steps, epochs: o.epochs, seed: o.seed, tbptt: o.tbptt, threads: o.threads, clip: o.clip,
        clipValue: o.clipValue, validation: o.validation, evalEvery: o.evalEvery, checkpointEvery: o.checkpointEvery,
        out: o.out, resume: o.resume, init: o.init, report: o.report, json: o.json === true, maxBytes: o.maxBytes,
      });
      const { result } = outcome;
      if (o.json) {
        print(true, {
          model: o.out, report: outcome.reportPath ?? null, steps: result.state.step, stoppedBy: result.stoppedBy,
          losses: result.losses, validationLosses: result.validationLosses,
          finalLoss: result.losses.at(-1) ?? null, vocabularySize: outcome.model.vocabulary.size,
        }, '');
      }
      if (outcome.interrupted) process.exitCode = EXIT.interrupted;
    });

  cli.command('sample')
    .description('generate text from a trained model')
    .argument('<model>', 'a model file (written by `recurrent train`, or safetensors)')
    .option('--prefix <text>', 'text to start from', 'The ')
    .option('--length <n>', 'characters to generate', integer(0), 200)
    .option('--temperature <t>', 'below 1 sharper, above 1 wilder; 0 greedy', number(0), 0.8)
    .option('--top-k <k>', 'sample among the k most likely (0: all)', integer(0), 0)
    .option('--top-p <p>', 'nucleus sampling: the smallest set reaching p', number(Number.MIN_VALUE, 1), 1)
    .option('--seed <n>', 'seed of the draws', integer(0), 0)
    .option('--json', 'machine-readable output')
    .action((model: string, o) => {
      const out = sample({ model, prefix: o.prefix, length: o.length, temperature: o.temperature, topK: o.topK, topP: o.topP, seed: o.seed, json: o.json === true });
      print(o.json === true, out, `${out.prefix}${out.text}`);
    });

  cli.command('eval')
    .description('bits per character and top-1 next-character accuracy of a model on text files')
    .argument('<model>', 'a model file (written by `recurrent train`, or safetensors)')
    .argument('<files...>', 'UTF-8 text files')
    .option('--max-bytes <n>', 'refuse files larger than this', integer(1), DEFAULT_MAX_BYTES)
    .option('--json', 'machine-readable output')
    .action((model: string, files: string[], o) => {
      const out = evaluate({ model, files, maxBytes: o.maxBytes });
      const lines = out.files.map((f) => `${f.file}: ${f.bitsPerChar.toFixed(3)} bits/char, ${(100 * f.accuracy).toFixed(1)}% top-1 over ${f.characters} characters`);
      if (out.files.length > 1) lines.push(`overall: ${out.overall.bitsPerChar.toFixed(3)} bits/char, ${(100 * out.overall.accuracy).toFixed(1)}% top-1`);
      print(o.json === true, out, lines.join('\n'));
    });

  cli.command('import')
    .description('a PyTorch state dict in safetensors (nn.Embedding? → nn.RNN/LSTM/GRU → nn.Linear, any module names) as a native model file')
    .argument('<file>', 'a .safetensors file')
    .option('-o, --out <file>', 'where to write the model (default: FILE with .rnn)')
    .option('--vocabulary <spec>', '"bytes", or a JSON file with the symbols in id order (needed when the file\'s metadata names none); without U+FFFD, it is added at id 0 and the weights shifted')
    .addOption(new Option('--nonlinearity <f>', 'which vanilla RNN a one-gate network is (nn.RNN\'s nonlinearity)').choices(['tanh', 'relu']))
    .option('--json', 'machine-readable output')
    .action((file: string, o) => {
      const out = importModel({ file, out: o.out, vocabulary: o.vocabulary, nonlinearity: o.nonlinearity });
      const c = out.config;
      print(o.json === true, out, [
        `${file} → ${out.out}: ${c.cell} ${c.numLayers}×${c.hiddenSize}${c.embeddingSize ? `, embedding ${c.embeddingSize}` : ''}, vocabulary ${out.vocabulary.kind === 'bytes' ? 'UTF-8 bytes' : `${out.vocabulary.size} characters`}`,
        ...describeAddedUnknown(out),
        ...describeMapping(out.mapping),
      ].join('\n'));
    });

  cli.command('export')
    .description('a model as safetensors: the PyTorch CharLM\'s state dict (packages/pytorch), config and vocabulary in its metadata (U+FFFD at id 0: a model imported without it keeps it, as an output never predicted)')
    .argument('<model>', 'a model file')
    .addOption(new Option('--format <format>', 'file format').choices(['safetensors']).makeOptionMandatory())
    .addOption(new Option('--dtype <dtype>', 'stored precision (f16, bf16: half the size, rounded to nearest even)').choices(['f32', 'f16', 'bf16']).default('f32'))
    .option('-o, --out <file>', 'where to write it (default: MODEL with .safetensors)')
    .option('--json', 'machine-readable output')
    .action((model: string, o) => {
      const out = exportModel({ model, dtype: o.dtype, out: o.out });
      print(o.json === true, out, `${model} → ${out.out} (${out.bytes} bytes)`);
    });

  cli.command('demo')
    .description(`the course's topologies trained live on small built-in data (no name: all of them, briefly)`)
    .addArgument(new Command().createArgument('[name]', 'which demo').choices(Object.keys(DEMOS)))
    .option('--seed <n>', 'seed', integer(0), 0)
    .option('--json', 'machine-readable output')
    .action(async (name: string | undefined, o) => {
      const results = await runDemos(name, { seed: o.seed, json: o.json === true });
      if (o.json) print(true, results, '');
    });

  cli.command('bench')
    .description('training speed and latency of LSTM/GRU/RNN on this machine, beside PyTorch, TensorFlow.js and brain.js where they are installed')
    .option('--quick', 'a short smoke run')
    .option('--json <file>', 'also write every figure to this file')
    .option('--corpus <file>', 'train on this text instead of the workload\'s GPL-3 (the targets then do not apply)')
    .action(async (o) => {
      const { runBench } = await import('./commands/bench.js');
      process.exitCode = await runBench({ quick: o.quick === true, json: o.json, corpus: o.corpus });
    });

  return cli;
}

/** Runs the program on `argv`, turning errors into messages and exit codes. */
export async function run(argv: string[]): Promise<number> {
  const cli = program();
  try {
    await cli.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit through here with code 0; usage mistakes with 1, which we report as 2.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      process.stderr.write(`recurrent: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`recurrent: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.failure;
  }
}
