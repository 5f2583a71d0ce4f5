/**
 * Reading a PyTorch reference fixture (format "rnn-bptt-torch-fixture", version 1; see the
 * fixtures' README): tensors are { shape, data } with flat row-major data. Unknown keys are
 * ignored, as the format asks.
 */
export interface FixtureTensor {
  shape: number[];
  data: number[];
}

export interface Tolerance {
  abs: number;
  rel: number;
}

export interface Fixture {
  name: string;
  meta: {
    cell: string; input_size: number; hidden_size: number; num_layers: number; batch: number; seq_len: number; num_classes: number;
    /** Set on the cases beyond the basic eight: 'bidirectional', 'rnn_relu', 'dropout_eval', 'packed', 'embedding'. */
    special?: string | null;
    bidirectional?: boolean;
    /** Dropout between layers; the module is in eval mode, so none is applied. */
    dropout?: number;
    /** Packed sequences: sequence b is real for t < lengths[b]. */
    lengths?: number[];
  };
  tolerances: Record<string, unknown>;
  parameters: Record<string, FixtureTensor>;
  /** `ids` [T, B] when the first layer reads an nn.Embedding (`parameters["embedding.weight"]`); x is then its output. */
  inputs: { x: FixtureTensor; ids?: FixtureTensor; h0: FixtureTensor; c0?: FixtureTensor; targets: FixtureTensor };
  outputs: { output: FixtureTensor; h_n: FixtureTensor; c_n?: FixtureTensor };
  loss: { value: number; logits: FixtureTensor };
  grads: Record<string, FixtureTensor>;
  optim: {
    clip: { param_order: string[]; max_norm: number; total_norm: number; clipping_active: boolean; clipped_grads: Record<string, FixtureTensor> };
    adam: { param_after_step: FixtureTensor[]; hyperparameters?: Record<string, unknown> };
    adagrad: { param_after_step: FixtureTensor[]; hyperparameters?: Record<string, unknown> };
    varying_grads?: { grads: FixtureTensor[]; adam_param_after_step3: FixtureTensor; adagrad_param_after_step3: FixtureTensor };
  };
}

/** Parses and checks the parts this project reads; throws a message naming the first problem. */
export function parseFixture(text: string, name: string): Fixture {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`not JSON (${(error as Error).message})`, { cause: error });
  }
  const f = json as Partial<Fixture> & { format?: unknown; format_version?: unknown };
  if (f.format !== 'rnn-bptt-torch-fixture') throw new Error(`format is ${JSON.stringify(f.format)}, expected "rnn-bptt-torch-fixture"`);
  if (f.format_version !== 1) throw new Error(`format_version ${JSON.stringify(f.format_version)} is not supported (1 is)`);
  for (const key of ['meta', 'parameters', 'inputs', 'outputs', 'loss', 'grads', 'optim'] as const) {
    if (typeof f[key] !== 'object' || f[key] === null) throw new Error(`missing "${key}"`);
  }
  const check = (t: unknown, where: string) => {
    const tensor = t as FixtureTensor;
    if (!tensor || !Array.isArray(tensor.shape) || !Array.isArray(tensor.data)) throw new Error(`${where} is not a tensor`);
    const size = tensor.shape.reduce((a, b) => a * b, 1);
    if (size !== tensor.data.length) throw new Error(`${where} has ${tensor.data.length} values for shape [${tensor.shape.join(', ')}]`);
  };
  for (const [k, v] of Object.entries(f.parameters!)) check(v, `parameters.${k}`);
  for (const [k, v] of Object.entries(f.grads!)) check(v, `grads.${k}`);
  check(f.inputs!.x, 'inputs.x');
  check(f.inputs!.h0, 'inputs.h0');
  check(f.inputs!.targets, 'inputs.targets');
  check(f.outputs!.output, 'outputs.output');
  check(f.loss!.logits, 'loss.logits');
  return { ...f, name } as Fixture;
}

/**
 * The file's own tolerances for a kind of comparison, falling back to the README's defaults
 * when a file does not state them.
 */
export function toleranceOf(f: Fixture, kind: 'forward' | 'gradients' | 'optimizer'): Tolerance {
  const defaults: Record<typeof kind, Tolerance> = {
    forward: { abs: 1e-5, rel: 1e-4 },
    gradients: { abs: 1e-4, rel: 1e-3 },
    optimizer: { abs: 1e-6, rel: 1e-5 },
  };
  const entry = findTolerance(f.tolerances, kind);
  return entry ?? defaults[kind];
}

function findTolerance(tolerances: Record<string, unknown> | undefined, kind: string): Tolerance | undefined {
  const v = tolerances?.[kind] as { abs?: unknown; rel?: unknown } | undefined;
  return typeof v?.abs === 'number' && typeof v.rel === 'number' ? { abs: v.abs, rel: v.rel } : undefined;
}
