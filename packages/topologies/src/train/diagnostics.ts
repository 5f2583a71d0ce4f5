import { kernel, scope, type Tensor } from '@recurrent/autograd';
import type { Recurrent } from '../layers/recurrent.js';

/** Called by the layer during backward with dL/dh_t for one layer, direction and step. */
export type GradientProbe = (layer: number, direction: number, t: number, dh: Float32Array) => void;

/** ‖dL/dh_t‖ over the batch: norms[layer][direction][t]. */
export type GradientFlow = number[][][];

/**
 * The norm of the gradient reaching every hidden state h_t, for every layer and direction, on
 * one batch: where a plain RNN's gradient fades towards the early steps (vanishing) or blows
 * up (exploding), this shows it step by step. `lossOf` builds the loss, passing the probe to
 * `Recurrent.forward({ gradientProbe })`. `parameters` (default: the network's) get back the
 * gradients they had before, so the diagnostic can run in the middle of training without
 * disturbing it — pass every parameter the loss reaches (a model's head too).
 *
 * @example
 * ```ts
 * const flow = gradientFlow(rnn, (gradientProbe) => lossOfBatch(rnn.forward(x, undefined, { gradientProbe })));
 * flow[0][0]; // ‖dL/dh_t‖ of layer 0 for t = 0 … T−1
 * ```
 */
export function gradientFlow(rnn: Recurrent, lossOf: (probe: GradientProbe) => Tensor, parameters: readonly Tensor[] = rnn.parameters()): GradientFlow {
  const norms: GradientFlow = Array.from({ length: rnn.numLayers }, () => Array.from({ length: rnn.directions }, () => []));
  const probe: GradientProbe = (layer, direction, t, dh) => {
    let squares = 0;
    for (let i = 0; i < dh.length; i++) squares += dh[i]! * dh[i]!;
    norms[layer]![direction]![t] = Math.sqrt(squares);
  };
  const saved = parameters.map((p) => p.grad);
  scope(() => {
    lossOf(probe).backward();
  });
  parameters.forEach((p, i) => {
    const before = saved[i];
    if (before) kernel().f32(p.gradBuffer()).set(before);
    else p.zeroGrad();
  });
  return norms;
}
