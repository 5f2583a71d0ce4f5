/**
 * The PyTorch fixtures (fixtures/torch at the repository's root, see its README): reading them, and a whole
 * recurrent model — forward over time, linear layer, loss, BPTT backward — built from kernel
 * calls only, so a fixture checks the kernel end to end.
 */
import { loadTorchFixtures } from '@recurrent/test-utils';
import type { F32, Kernel } from '../src/index.js';
import { slice, type Tol } from './helpers.js';

export interface Tensor {
  shape: number[];
  data: number[];
}

export interface Fixture {
  name: string;
  meta: {
    cell: 'rnn_tanh' | 'lstm' | 'gru';
    input_size: number; hidden_size: number; num_layers: number;
    batch: number; seq_len: number; num_classes: number;
  };
  tolerances: { forward: Tol; gradients: Tol; gradients_scaled: { rel_to_tensor_maxabs: number }; optimizer: Tol };
  parameters: Record<string, Tensor>;
  inputs: { x: Tensor; h0: Tensor; c0?: Tensor; targets: Tensor };
  outputs: { output: Tensor; h_n: Tensor; c_n?: Tensor };
  loss: { value: number; logits: Tensor };
  grads: Record<string, Tensor>;
  optim: {
    clip: { param_order: string[]; max_norm: number; total_norm: number; clipped_grads: Record<string, Tensor> };
    adam: { hyperparameters: { lr: number; betas: [number, number]; eps: number }; param_after_step: Tensor[] };
    adagrad: { hyperparameters: { lr: number; eps: number }; param_after_step: Tensor[] };
    varying_grads: { grads: Tensor[]; adam_param_after_step3: Tensor; adagrad_param_after_step3: Tensor };
  };
}

/**
 * Every basic fixture, parsed: the special ones (bidirectional, packed, embedding, …; `meta.special`
 * set) need more than this kernel-only model and are checked by the topologies conformance runner.
 * Throws (failing the test file loudly) when the folder is missing or empty.
 */
export function loadFixtures(): Fixture[] {
  return loadTorchFixtures<Fixture & { meta: { special?: string | null } }>().filter((f) => (f.meta.special ?? null) === null);
}

const GATES = { rnn_tanh: 1, lstm: 4, gru: 3 } as const;

/** What one layer's forward keeps for its backward. */
interface Layer {
  wIh: F32; wHh: F32;
  input: F32; inSize: number;
  /** [T + 1, B, H]: h0, then h_t after step t. */
  h: F32;
  /** LSTM only: c0, then c_t. */
  c: F32 | undefined;
  /** [T, B, G·H]: the input product plus bias, left holding the activations the cells write back. */
  gx: F32;
  /** GRU only: [T, B, 3H] hidden products W_hh h + b_hh. */
  gh: F32 | undefined;
}

export interface ModelRun {
  output: Float32Array;
  hN: Float32Array;
  cN: Float32Array;
  logits: Float32Array;
  /** Mean loss over the T·B positions. */
  loss: number;
  /** d loss / d every parameter, x, h0 and (LSTM) c0, by the fixture's names. */
  grads: Record<string, Float32Array>;
}

/** Forward, loss and BPTT backward of the fixture's model, all in kernel calls. */
export function runModel(k: Kernel, fx: Fixture): ModelRun {
  const { cell, input_size: I, hidden_size: H, num_layers: L, batch: B, seq_len: T, num_classes: V } = fx.meta;
  const GH = GATES[cell] * H, BH = B * H, TB = T * B;
  const param = (name: string): F32 => k.fromArray(fx.parameters[name]!.data);
  const layerState = (t: Tensor | undefined, l: number): number[] => t!.data.slice(l * BH, (l + 1) * BH);

  // ---- forward, layer by layer ----
  const layers: Layer[] = [];
  let input = k.fromArray(fx.inputs.x.data), inSize = I;
  for (let l = 0; l < L; l++) {
    const wIh = param(`weight_ih_l${l}`), wHh = param(`weight_hh_l${l}`);
    const bIh = param(`bias_ih_l${l}`), bHh = param(`bias_hh_l${l}`);
    const h = k.alloc((T + 1) * BH);
    k.f32(h).set(layerState(fx.inputs.h0, l));
    const c = cell === 'lstm' ? k.alloc((T + 1) * BH) : undefined;
    if (c) k.f32(c).set(layerState(fx.inputs.c0, l));
    // Input products for every step at once: x W_ihᵀ + b_ih, [T·B, G·H].
    const gx = k.alloc(TB * GH);
    k.sgemm(false, true, TB, GH, inSize, 1, input, inSize, wIh, inSize, 0, gx, GH);
    k.addRowBias(TB, GH, bIh, gx);
    const gh = cell === 'gru' ? k.alloc(TB * GH) : undefined;
    for (let t = 0; t < T; t++) {
      const hPrev = slice(h, t * BH, BH), hNext = slice(h, (t + 1) * BH, BH), gxT = slice(gx, t * B * GH, B * GH);
      if (gh) {
        const ghT = slice(gh, t * B * GH, B * GH);
        k.sgemm(false, true, B, GH, H, 1, hPrev, H, wHh, H, 0, ghT, GH);
        k.addRowBias(B, GH, bHh, ghT);
        k.gruCellForward(B, H, gxT, ghT, hPrev, hNext);
        continue;
      }
      // LSTM and plain RNN: one pre-activation, x W_ihᵀ + b_ih + h W_hhᵀ + b_hh.
      k.sgemm(false, true, B, GH, H, 1, hPrev, H, wHh, H, 1, gxT, GH);
      k.addRowBias(B, GH, bHh, gxT);
      if (c) k.lstmCellForward(B, H, gxT, slice(c, t * BH, BH), slice(c, (t + 1) * BH, BH), hNext);
      else k.tanhForward(BH, gxT, hNext);
    }
    layers.push({ wIh, wHh, input, inSize, h, c, gx, gh });
    input = slice(h, BH, TB * H);
    inSize = H;
  }
  const output = input;

  // ---- linear layer and loss ----
  const wLin = param('linear.weight');
  const logits = k.alloc(TB * V);
  k.sgemm(false, true, TB, V, H, 1, output, H, wLin, H, 0, logits, V);
  k.addRowBias(TB, V, param('linear.bias'), logits);
  const dLogits = k.alloc(TB * V);
  const lossSum = k.softmaxCrossEntropy(TB, V, logits, k.fromInt32Array(fx.inputs.targets.data), dLogits, 1 / TB);

  // ---- backward ----
  const grads: Record<string, Float32Array> = {};
  const dWLin = k.alloc(V * H), dbLin = k.alloc(V);
  k.sgemm(true, false, V, H, TB, 1, dLogits, V, output, H, 0, dWLin, H);
  k.columnSum(TB, V, dLogits, 0, dbLin);
  grads['linear.weight'] = k.toArray(dWLin);
  grads['linear.bias'] = k.toArray(dbLin);
  // The gradient reaching each layer's h_t from above: first from the loss, then from the layer above.
  let dAbove = k.alloc(TB * H);
  k.sgemm(false, false, TB, H, V, 1, dLogits, V, wLin, H, 0, dAbove, H);
  const dh0: number[][] = [], dc0: number[][] = [];
  for (let l = L - 1; l >= 0; l--) {
    const { wIh, wHh, input: x, inSize: n, h, c, gx, gh } = layers[l]!;
    const dPre = k.alloc(TB * GH); // dGates (LSTM), dgi (GRU), d pre-activation (RNN)
    const dGh = gh ? k.alloc(TB * GH) : dPre; // the gradient of W_hh h + b_hh
    const dh = k.alloc(BH), dhNext = k.alloc(BH), dcNext = k.alloc(BH);
    for (let t = T - 1; t >= 0; t--) {
      k.add(BH, slice(dAbove, t * BH, BH), dhNext, dh);
      const hPrev = slice(h, t * BH, BH), gxT = slice(gx, t * B * GH, B * GH), dPreT = slice(dPre, t * B * GH, B * GH);
      if (gh) {
        const dGhT = slice(dGh, t * B * GH, B * GH);
        k.gruCellBackward(B, H, gxT, slice(gh, t * B * GH, B * GH), hPrev, dh, dPreT, dGhT, dhNext);
        k.sgemm(false, false, B, H, GH, 1, dGhT, GH, wHh, H, 1, dhNext, H);
        continue;
      }
      if (c) k.lstmCellBackward(B, H, gxT, slice(c, t * BH, BH), slice(c, (t + 1) * BH, BH), dh, dcNext, dPreT, dcNext);
      else k.tanhBackward(BH, slice(h, (t + 1) * BH, BH), dh, dPreT);
      k.sgemm(false, false, B, H, GH, 1, dPreT, GH, wHh, H, 0, dhNext, H);
    }
    const dWIh = k.alloc(GH * n), dWHh = k.alloc(GH * H), dbIh = k.alloc(GH), dbHh = k.alloc(GH), dX = k.alloc(TB * n);
    k.sgemm(true, false, GH, n, TB, 1, dPre, GH, x, n, 0, dWIh, n);
    k.sgemm(true, false, GH, H, TB, 1, dGh, GH, h, H, 0, dWHh, H); // h[0 .. T) are the h_{t−1}
    k.columnSum(TB, GH, dPre, 0, dbIh);
    k.columnSum(TB, GH, dGh, 0, dbHh);
    k.sgemm(false, false, TB, n, GH, 1, dPre, GH, wIh, n, 0, dX, n);
    Object.assign(grads, {
      [`weight_ih_l${l}`]: k.toArray(dWIh), [`weight_hh_l${l}`]: k.toArray(dWHh),
      [`bias_ih_l${l}`]: k.toArray(dbIh), [`bias_hh_l${l}`]: k.toArray(dbHh),
    });
    dh0[l] = [...k.toArray(dhNext)];
    dc0[l] = [...k.toArray(dcNext)];
    dAbove = dX;
  }
  grads.x = k.toArray(dAbove);
  grads.h0 = Float32Array.from(dh0.flat());
  if (cell === 'lstm') grads.c0 = Float32Array.from(dc0.flat());

  const last = (buffer: F32): number[] => [...k.toArray(slice(buffer, T * BH, BH))];
  return {
    output: k.toArray(output),
    hN: Float32Array.from(layers.flatMap((layer) => last(layer.h))),
    cN: Float32Array.from(layers.flatMap((layer) => (layer.c ? last(layer.c) : []))),
    logits: k.toArray(logits),
    loss: lossSum / TB,
    grads,
  };
}

/** clip_grad_norm_ over the STORED gradients: the total norm and the scaled gradients. */
export function clipStored(k: Kernel, fx: Fixture): { totalNorm: number; clipped: Record<string, Float32Array> } {
  const { param_order: order, max_norm: maxNorm } = fx.optim.clip;
  const buffers = order.map((name) => k.fromArray(fx.grads[name]!.data));
  const totalNorm = Math.sqrt(buffers.reduce((sum, g) => sum + k.sumSquares(g.length, g), 0));
  const factor = Math.min(maxNorm / (totalNorm + 1e-6), 1);
  const clipped: Record<string, Float32Array> = {};
  order.forEach((name, i) => {
    const g = buffers[i]!;
    k.scale(g.length, factor, g);
    clipped[name] = k.toArray(g);
  });
  return { totalNorm, clipped };
}

/** Fresh Adam or Adagrad on linear.weight, one step per gradient; the parameter after each step. */
export function optimizeLinear(k: Kernel, fx: Fixture, kind: 'adam' | 'adagrad', gradients: Tensor[]): Float32Array[] {
  const p = k.fromArray(fx.parameters['linear.weight']!.data), n = p.length;
  const s1 = k.alloc(n), s2 = k.alloc(n);
  const { lr, betas: [beta1, beta2], eps } = fx.optim.adam.hyperparameters;
  const adagrad = fx.optim.adagrad.hyperparameters;
  return gradients.map((g, i) => {
    const grad = k.fromArray(g.data);
    if (kind === 'adam') k.adamStep(n, p, grad, s1, s2, { lr, beta1, beta2, eps, step: i + 1 });
    else k.adagradStep(n, p, grad, s1, { lr: adagrad.lr, eps: adagrad.eps });
    return k.toArray(p);
  });
}
