import { join, dirname, basename } from 'node:path';
import { crossEntropy, Random, reshape } from '@recurrent/autograd';
import { type CharLM, type FitResult, gradientFlow, randomWindows } from '@recurrent/topologies';
import { writeFileAtomic } from '../model-file.js';
import { reportHtml } from './html.js';

export interface GradientSnapshot {
  step: number;
  /** ‖dL/dh_t‖ of the top layer, t = 0 … T − 1. */
  norms: number[];
}

/**
 * Records the gradient flow over time steps at a few moments of a training run, always on the
 * same batch, for the report's heat map.
 */
export class GradientRecorder {
  readonly snapshots: GradientSnapshot[] = [];
  private readonly batch;
  private nextAt = 1;

  constructor(private readonly lm: CharLM, text: string, steps: number, private readonly moments = 8) {
    const ids = lm.vocabulary.encode(text);
    this.batch = ids.length > steps + 1 ? randomWindows(ids, steps, 4, new Random(11)) : undefined;
  }

  maybeRecord(step: number, totalSteps: number): void {
    if (!this.batch || step < this.nextAt) return;
    this.nextAt = step + Math.max(1, Math.floor(totalSteps / this.moments));
    const { lm, batch } = this;
    const top = lm.rnn.numLayers - 1;
    const flow = gradientFlow(lm.rnn, (gradientProbe) => {
      const { output } = lm.rnn.forward({ ids: batch.inputs, vocabularySize: lm.vocabulary.size, steps: batch.steps, batch: batch.batch }, undefined, { gradientProbe });
      return crossEntropy(lm.head.forward(reshape(output, [batch.steps * batch.batch, lm.config.hiddenSize])), batch.targets);
    }, lm.parameters());
    this.snapshots.push({ step, norms: flow[top]![0]! });
  }
}

export interface ReportData {
  title: string;
  files: string[];
  config: CharLM['config'];
  vocabularySize: number;
  losses: number[];
  validationLosses: [number, number][];
  gradients: GradientSnapshot[];
  samples: { prefix: string; text: string }[];
  activations: { text: string[]; units: { unit: number; values: number[] }[] };
}

/** The numbers the report shows, gathered from the model and its run. */
export function reportData(lm: CharLM, result: FitResult, gradients: GradientRecorder, files: string[]): ReportData {
  const prefixes = ['The ', 'function ', '// '];
  const samples = prefixes.map((prefix) => ({ prefix, text: lm.sample(prefix, 120, { temperature: 0.8, seed: 1 }) }));
  return {
    title: `${lm.config.cell.toUpperCase()} · ${lm.config.numLayers}×${lm.config.hiddenSize} · ${result.state.step} steps`,
    files,
    config: lm.config,
    vocabularySize: lm.vocabulary.size,
    losses: result.losses,
    validationLosses: result.validationLosses,
    gradients: gradients.snapshots,
    samples,
    activations: activations(lm, `${samples[1]!.prefix}${samples[1]!.text}`),
  };
}

/**
 * The top layer's hidden state while reading a text, for the units that vary most: cells
 * that track quotes, brackets or line length stand out as stripes.
 */
function activations(lm: CharLM, text: string, count = 6): ReportData['activations'] {
  const chars = [...text];
  const stepper = lm.stepper();
  const rows: Float32Array[] = [];
  for (const ch of chars) {
    for (const id of lm.vocabulary.encode(ch)) stepper.feed(id);
    rows.push(stepper.hiddenState().slice());
  }
  const H = lm.config.hiddenSize;
  const variance = Array.from({ length: H }, (_, j) => {
    const mean = rows.reduce((s, r) => s + r[j]!, 0) / rows.length;
    return rows.reduce((s, r) => s + (r[j]! - mean) ** 2, 0) / rows.length;
  });
  const units = Array.from(variance.keys()).sort((a, b) => variance[b]! - variance[a]!).slice(0, count);
  return { text: chars, units: units.map((unit) => ({ unit, values: rows.map((r) => r[unit]!) })) };
}

/** Writes `<model>.report.html` beside the model and returns its path. */
export function writeReport(modelPath: string, lm: CharLM, result: FitResult, gradients: GradientRecorder, files: string[]): string {
  const path = join(dirname(modelPath), `${basename(modelPath).replace(/\.[^.]+$/, '')}.report.html`);
  writeFileAtomic(path, reportHtml(reportData(lm, result, gradients, files)));
  return path;
}
