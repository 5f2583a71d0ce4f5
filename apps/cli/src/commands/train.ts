import { CharLM, type CharLMCheckpoint, type CellType, DivergedError, type FitOptions, type FitResult } from '@recurrent/topologies';
import { availableParallelism } from 'node:os';
import { lossChart } from '../chart.js';
import { runFromFile, runToFile } from '../checkpoint.js';
import { SHIPPED_CORPUS } from '../corpus.js';
import { CliError, EXIT } from '../errors.js';
import { readText } from '../input.js';
import { loadModel, removeStaleTemporaries, saveModel } from '../model-file.js';
import { ProgressDisplay } from '../progress.js';
import { GradientRecorder, writeReport } from '../report/report.js';

export interface TrainArgs {
  files: string[];
  cell: CellType;
  hidden: number;
  layers: number;
  dropout: number;
  seqLength: number;
  batch: number;
  lr: number;
  steps?: number;
  epochs?: number;
  seed: number;
  tbptt: boolean;
  /** Threads sharing each step (default {@link defaultThreads}); not part of the run (a resumed run may use another count). */
  threads?: number;
  clip?: number;
  clipValue?: number;
  validation: number;
  evalEvery: number;
  checkpointEvery: number;
  out: string;
  resume?: string;
  /** Start from this model's weights (native or safetensors), a fresh optimizer. */
  init?: string;
  report: boolean;
  json: boolean;
  maxBytes: number;
  quiet?: boolean;
}


export interface TrainOutcome {
  model: CharLM;
  result: FitResult;
  interrupted: boolean;
  reportPath?: string;
}

/**
 * `recurrent train [files…]`: trains a CharLM, showing progress, saving checkpoints (and on
 * Ctrl-C) to --out atomically, then the loss curve and an HTML report beside the model.
 */
export async function train(args: TrainArgs): Promise<TrainOutcome> {
  if (args.resume && args.init) throw new CliError('give --resume (continue a run) or --init (start a run from a model), not both', EXIT.usage);
  const resumed = args.resume ? loadModel(args.resume) : undefined;
  const initial = args.init ? loadModel(args.init).model : undefined;
  const saved = resumed ? runFromFile(resumed.extras, resumed.extraTensors) : undefined;
  if (resumed && !saved) throw new CliError(`${args.resume} holds no training state to resume (it was not saved by \`recurrent train\`)`, EXIT.model);

  const files = args.files.length > 0 ? args.files : saved?.files ?? [SHIPPED_CORPUS];
  const texts = files.map((f) => readText(f, args.maxBytes));
  const steps = stepsOf(args, texts);
  const seqLength = saved?.options.seqLength ?? args.seqLength;
  // What CharLM.fit checks, said in this command's terms (its options, not the library's).
  const characters = texts.reduce((n, t) => n + [...t].length, 0) + texts.length - 1;
  const trainable = characters - Math.floor(characters * (saved?.options.validationFraction ?? args.validation));
  if (trainable < seqLength + 2) {
    throw new CliError(`the text has ${trainable} characters to train on (after --validation ${args.validation} is held out), too few for --seq-length ${seqLength}: give more text or a smaller --seq-length`, EXIT.input);
  }

  const options: FitOptions = saved ? { ...saved.options, steps } : {
    steps,
    seqLength: args.seqLength, batchSize: args.batch, lr: args.lr, seed: args.seed, truncatedBptt: args.tbptt,
    validationFraction: args.validation, evalEvery: args.validation > 0 ? args.evalEvery : 0,
    checkpointEvery: args.checkpointEvery,
    ...(args.clip !== undefined ? { clipNorm: args.clip } : {}),
    ...(args.clipValue !== undefined ? { clipValue: args.clipValue } : {}),
  };
  const lm = resumed?.model ?? initial ?? CharLM.fromTexts(texts, { cell: args.cell, hiddenSize: args.hidden, numLayers: args.layers, dropout: args.dropout, seed: args.seed });
  const firstStep = saved?.checkpoint.trainer.step ?? 0;
  const totalSteps = firstStep + steps;
  const display = ProgressDisplay.for(args.json || args.quiet === true, totalSteps, firstStep);
  const gradients = new GradientRecorder(lm, texts.join('\n'), options.seqLength ?? 32);

  // One run writes --out at a time: temporaries beside it are from a run that was killed.
  removeStaleTemporaries(args.out);
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  const save = (checkpoint: CharLMCheckpoint) => {
    const { extras, tensors } = runToFile(lm, { checkpoint, options, files });
    saveModel(args.out, lm, extras, tensors);
  };
  let result: FitResult;
  try {
    result = await lm.fit(texts, { ...options, threads: args.threads ?? defaultThreads(options.batchSize ?? args.batch) }, {
      signal: controller.signal,
      ...(saved ? { resume: saved.checkpoint } : {}),
      onProgress: (p) => {
        display.update(p);
        if (args.report) gradients.maybeRecord(p.step, totalSteps);
      },
      onCheckpoint: save,
    });
  } catch (error) {
    if (error instanceof DivergedError) {
      throw new CliError(`training diverged: ${error.message}${error.step > 1 ? ` (${args.out} holds the last checkpoint before it)` : ''}`, EXIT.failure);
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    display.stop();
  }
  const interrupted = result.stoppedBy === 'cancelled';
  const reportPath = args.report ? writeReport(args.out, lm, result, gradients, files) : undefined;
  if (!args.json && args.quiet !== true) {
    const log = (line = '') => process.stderr.write(`${line}\n`);
    log();
    log(lossChart(result.losses));
    log();
    const last = result.losses.at(-1);
    log(`${interrupted ? 'interrupted at' : 'trained to'} step ${result.state.step}: loss ${last?.toFixed(3)} nats (${last === undefined ? '?' : (last / Math.LN2).toFixed(2)} bits/char)${result.stoppedBy === 'early-stopping' ? ' — stopped early: validation stopped improving' : ''}`);
    log(`model saved to ${args.out}${reportPath ? `, report at ${reportPath}` : ''}${interrupted ? ' — continue with --resume ' + args.out : ''}`);
  }
  return { model: lm, result, interrupted, ...(reportPath ? { reportPath } : {}) };
}

/**
 * The cores available, but at most one thread per 8 sequences of the batch: each thread's
 * recurrent products have its sequences as rows, and the kernel's sgemm packs the whole weight
 * matrix for any row count — measured at H = 128, 8 rows run at ~80 % of 32 rows' GFLOP/s, 4 rows
 * at ~60 %.
 */
export function defaultThreads(batch: number): number {
  return Math.max(1, Math.min(availableParallelism(), Math.floor(batch / 8)));
}

/** Optimizer steps of this run: --steps, or --epochs passes over the training share of the text. */
function stepsOf(args: TrainArgs, texts: string[]): number {
  if (args.steps !== undefined && args.epochs !== undefined) throw new CliError('give --steps or --epochs, not both', EXIT.usage);
  if (args.epochs === undefined) return args.steps ?? 300;
  const characters = [...texts.join('\n')].length * (1 - args.validation);
  return Math.max(1, Math.round((args.epochs * characters) / (args.seqLength * args.batch)));
}
