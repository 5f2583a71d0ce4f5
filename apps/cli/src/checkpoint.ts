import type { CharLM, CharLMCheckpoint, FitOptions, NamedTensor } from '@recurrent/topologies';

/** The run saved in a model file by `recurrent train`, so that `--resume` continues it exactly. */
export interface SavedRun {
  checkpoint: CharLMCheckpoint;
  options: FitOptions;
  files: string[];
}

const PREFIX = 'optimizer/';

/**
 * Splits a run into JSON-safe extras and tensors: the optimizer's per-parameter buffers (Adam's
 * m and v, as large as the model) travel as float32 tensors named `optimizer/<buffer>/<i>`,
 * not as JSON numbers.
 */
export function runToFile(lm: CharLM, run: SavedRun): { extras: Record<string, unknown>; tensors: NamedTensor[] } {
  const params = lm.parameters();
  const tensors: NamedTensor[] = [];
  for (const [buffer, list] of Object.entries(run.checkpoint.trainer.optimizer.buffers)) {
    list.forEach((values, i) => tensors.push({ name: `${PREFIX}${buffer}/${i}`, shape: [...params[i]!.shape], data: Float32Array.from(values) }));
  }
  const optimizer = { ...run.checkpoint.trainer.optimizer, buffers: Object.fromEntries(Object.keys(run.checkpoint.trainer.optimizer.buffers).map((b) => [b, []])) };
  return { extras: { run: { ...run, checkpoint: { ...run.checkpoint, trainer: { ...run.checkpoint.trainer, optimizer } } } }, tensors };
}

/** The inverse of {@link runToFile}; undefined when the file holds no run. */
export function runFromFile(extras: Record<string, unknown>, tensors: readonly NamedTensor[]): SavedRun | undefined {
  const run = extras['run'] as SavedRun | undefined;
  if (run === undefined) return undefined;
  const buffers: Record<string, number[][]> = {};
  for (const name of Object.keys(run.checkpoint.trainer.optimizer.buffers)) {
    const list = tensors.filter((t) => t.name.startsWith(`${PREFIX}${name}/`))
      .sort((a, b) => Number(a.name.split('/')[2]) - Number(b.name.split('/')[2]));
    buffers[name] = list.map((t) => Array.from(t.data));
  }
  return { ...run, checkpoint: { ...run.checkpoint, trainer: { ...run.checkpoint.trainer, optimizer: { ...run.checkpoint.trainer.optimizer, buffers } } } };
}
