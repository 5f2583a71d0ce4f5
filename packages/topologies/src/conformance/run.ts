import {
  Adagrad, Adam, clipGradNorm, crossEntropy, gatherRows, kernel, matmul, add, reshape, scope, Tensor,
} from '@recurrent/autograd';
import { checkCellType, hasCellState } from '../cells/cell.js';
import { Recurrent } from '../layers/recurrent.js';
import { compareElementwise, compareScaled, type Comparison } from './compare.js';
import { type Fixture, type FixtureTensor, toleranceOf } from './fixture.js';

export interface FixtureReport {
  name: string;
  passed: boolean;
  /** Every comparison made, each with how much of its tolerance it used. */
  comparisons: Comparison[];
  /** The comparison that came closest to (or past) its tolerance. */
  worst: Comparison;
}

const tensorOf = (t: FixtureTensor, requiresGrad = false) => Tensor.fromArray(t.data, t.shape, { requiresGrad });

/**
 * Rebuilds the fixture's case with this library — forward, loss, backward, clipping and the
 * optimizer steps — and compares every stored result with the file's own tolerances.
 */
export function runFixture(f: Fixture): FixtureReport {
  return scope(() => {
    const comparisons: Comparison[] = [];
    const forward = toleranceOf(f, 'forward');
    const gradients = toleranceOf(f, 'gradients');
    const optimizer = toleranceOf(f, 'optimizer');
    const scaled = scaledTolerance(f);
    const { cell: cellName, input_size: I, hidden_size: H, num_layers: L, batch: B, seq_len: T } = f.meta;
    const cell = checkCellType(cellName);

    // The model, with the file's parameters loaded by PyTorch name.
    const bidirectional = f.meta.bidirectional === true;
    const features = (bidirectional ? 2 : 1) * H;
    const rnn = new Recurrent({ cell, inputSize: I, hiddenSize: H, numLayers: L, bidirectional, dropout: f.meta.dropout ?? 0 });
    for (const [name, p] of rnn.namedParameters()) p.set(parameter(f, name).data);
    const weight = tensorOf(parameter(f, 'linear.weight'), true);
    const bias = tensorOf(parameter(f, 'linear.bias'), true);
    const embedding = f.inputs.ids ? tensorOf(parameter(f, 'embedding.weight'), true) : undefined;

    const x = embedding ? reshape(gatherRows(embedding, f.inputs.ids!.data), [T, B, I]) : tensorOf(f.inputs.x, true);
    const h0 = tensorOf(f.inputs.h0, true);
    const c0 = hasCellState(cell) ? tensorOf(required(f.inputs.c0, 'inputs.c0'), true) : undefined;
    // Packed sequences: a mask of the real steps (PyTorch's pack_padded_sequence).
    const mask = f.meta.lengths ? Array.from({ length: T * B }, (_, i) => (Math.floor(i / B) < f.meta.lengths![i % B]! ? 1 : 0)) : undefined;
    const { output, state } = rnn.forward(x, c0 ? { h: h0, c: c0 } : { h: h0 }, mask ? { mask } : {});
    const logits = add(matmul(reshape(output, [T * B, features]), weight, { transB: true }), bias);
    const targets = f.inputs.targets.data;
    const loss = crossEntropy(logits, targets);
    loss.backward();

    // At padding PyTorch's pad_packed_sequence writes zeros where Recurrent carries the last real
    // state; no loss reads either (padding targets are -100), so only real steps are compared.
    const real = <T extends ArrayLike<number>>(values: T, width: number) => (mask ? Array.from(values).filter((_, i) => mask[Math.floor(i / width)] === 1) : values);
    comparisons.push(compareElementwise('outputs.output', real(output.toArray(), features), real(f.outputs.output.data, features), forward));
    comparisons.push(compareElementwise('outputs.h_n', state.h.toArray(), f.outputs.h_n.data, forward));
    if (state.c) comparisons.push(compareElementwise('outputs.c_n', state.c.toArray(), required(f.outputs.c_n, 'outputs.c_n').data, forward));
    comparisons.push(compareElementwise('loss.logits', real(logits.toArray(), f.meta.num_classes), real(f.loss.logits.data, f.meta.num_classes), forward));
    comparisons.push(compareElementwise('loss.value', [loss.item()], [f.loss.value], forward));

    const gradOf: Record<string, Tensor> = { h0, 'linear.weight': weight, 'linear.bias': bias };
    if (embedding) gradOf['embedding.weight'] = embedding;
    else gradOf['x'] = x;
    if (c0) gradOf['c0'] = c0;
    for (const [name, p] of rnn.namedParameters()) gradOf[name] = p;
    for (const [name, expected] of Object.entries(f.grads)) {
      const t = gradOf[name];
      if (t === undefined) {
        comparisons.push({ what: `grads.${name} (no such tensor here)`, usage: Infinity });
        continue;
      }
      const actual = t.grad ?? new Float32Array(t.size);
      comparisons.push(compareElementwise(`grads.${name}`, actual, expected.data, gradients));
      if (scaled !== undefined) comparisons.push(compareScaled(`grads.${name}`, actual, expected.data, scaled));
    }

    comparisons.push(...checkOptimizers(f, optimizer));
    const worst = comparisons.reduce((a, b) => (b.usage > a.usage ? b : a));
    return { name: f.name, passed: comparisons.every((c) => c.usage <= 1), comparisons, worst };
  });
}

/** Clipping, Adam and Adagrad fed the stored gradients, as the fixtures' README asks. */
function checkOptimizers(f: Fixture, tol: { abs: number; rel: number }): Comparison[] {
  const out: Comparison[] = [];
  const k = kernel();
  const clip = f.optim.clip;
  const params = clip.param_order.map((name) => {
    const p = tensorOf(parameter(f, name), true);
    k.f32(p.gradBuffer()).set(required(f.grads[name], `grads.${name}`).data);
    return p;
  });
  const total = clipGradNorm(params, clip.max_norm);
  out.push(compareElementwise('optim.clip.total_norm', [total], [clip.total_norm], tol));
  const clipped = total > clip.max_norm + 1e-6;
  out.push({ what: 'optim.clip.clipping_active', usage: clipped === clip.clipping_active ? 0 : Infinity });
  clip.param_order.forEach((name, i) => {
    out.push(compareElementwise(`optim.clip.clipped_grads.${name}`, params[i]!.grad!, required(clip.clipped_grads[name], `clipped_grads.${name}`).data, tol));
  });

  const start = parameter(f, 'linear.weight');
  const gradient = required(clip.clipped_grads['linear.weight'], 'clipped_grads.linear.weight').data;
  const adamHyper = hyper(f.optim.adam.hyperparameters, { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8 });
  const adagradHyper = hyper(f.optim.adagrad.hyperparameters, { lr: 0.1, eps: 1e-10 });
  const steps = (make: (p: Tensor) => Adam | Adagrad, grads: ArrayLike<number>[]) => {
    const p = tensorOf(start, true);
    const opt = make(p);
    return grads.map((g) => {
      k.f32(p.gradBuffer()).set(g);
      opt.step();
      return p.toArray();
    });
  };
  const makeAdam = (p: Tensor) => new Adam([p], { lr: adamHyper.lr, betas: adamHyper.betas as [number, number], eps: adamHyper.eps });
  const makeAdagrad = (p: Tensor) => new Adagrad([p], { lr: adagradHyper.lr, eps: adagradHyper.eps });
  const same = f.optim.adam.param_after_step.map(() => gradient);
  steps(makeAdam, same).forEach((a, i) => out.push(compareElementwise(`optim.adam.param_after_step[${i}]`, a, f.optim.adam.param_after_step[i]!.data, tol)));
  steps(makeAdagrad, f.optim.adagrad.param_after_step.map(() => gradient))
    .forEach((a, i) => out.push(compareElementwise(`optim.adagrad.param_after_step[${i}]`, a, f.optim.adagrad.param_after_step[i]!.data, tol)));
  const varying = f.optim.varying_grads;
  if (varying) {
    const grads = varying.grads.map((g) => g.data);
    out.push(compareElementwise('optim.varying_grads.adam_param_after_step3', steps(makeAdam, grads).at(-1)!, varying.adam_param_after_step3.data, tol));
    out.push(compareElementwise('optim.varying_grads.adagrad_param_after_step3', steps(makeAdagrad, grads).at(-1)!, varying.adagrad_param_after_step3.data, tol));
  }
  return out;
}

function parameter(f: Fixture, name: string): FixtureTensor {
  return required(f.parameters[name], `parameters.${name}`);
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the fixture has no ${what}`);
  return value;
}

function scaledTolerance(f: Fixture): number | undefined {
  const entry = (f.tolerances as Record<string, { rel_to_tensor_maxabs?: unknown } | undefined>)['gradients_scaled'];
  return typeof entry?.rel_to_tensor_maxabs === 'number' ? entry.rel_to_tensor_maxabs : 1e-3;
}

function hyper(given: Record<string, unknown> | undefined, defaults: { lr: number; eps: number; betas?: number[] }) {
  return {
    lr: typeof given?.['lr'] === 'number' ? given['lr'] : defaults.lr,
    eps: typeof given?.['eps'] === 'number' ? given['eps'] : defaults.eps,
    betas: Array.isArray(given?.['betas']) ? (given['betas'] as number[]) : (defaults.betas ?? [0.9, 0.999]),
  };
}
