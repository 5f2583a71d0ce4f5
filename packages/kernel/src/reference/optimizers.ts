import type { Views } from './memory.js';

export function sgdStep(
  { f }: Views, n: number, param: number, grad: number, velocity: number,
  lr: number, momentum: number, dampening: number, weightDecay: number, nesterov: number, firstStep: number,
): void {
  const P = param >> 2, G = grad >> 2, V = velocity >> 2;
  for (let j = 0; j < n; j++) {
    let d = f[G + j]! + weightDecay * f[P + j]!;
    if (momentum !== 0) {
      const buf = firstStep ? d : momentum * f[V + j]! + (1 - dampening) * d;
      f[V + j] = buf;
      d = nesterov ? d + momentum * buf : buf;
    }
    f[P + j] = f[P + j]! - lr * d;
  }
}

export function adagradStep({ f }: Views, n: number, param: number, grad: number, sum: number, lr: number, eps: number, weightDecay: number): void {
  const P = param >> 2, G = grad >> 2, S = sum >> 2;
  for (let j = 0; j < n; j++) {
    const g = f[G + j]! + weightDecay * f[P + j]!;
    f[S + j] = f[S + j]! + g * g;
    f[P + j] = f[P + j]! - lr * g / (Math.sqrt(f[S + j]!) + eps);
  }
}

export function rmspropStep(
  { f }: Views, n: number, param: number, grad: number, squareAvg: number, momentumBuffer: number,
  lr: number, alpha: number, eps: number, weightDecay: number, momentum: number,
): void {
  const P = param >> 2, G = grad >> 2, S = squareAvg >> 2, B = momentumBuffer >> 2;
  for (let j = 0; j < n; j++) {
    const g = f[G + j]! + weightDecay * f[P + j]!;
    f[S + j] = alpha * f[S + j]! + (1 - alpha) * g * g;
    const avg = Math.sqrt(f[S + j]!) + eps;
    if (momentum > 0) {
      f[B + j] = momentum * f[B + j]! + g / avg;
      f[P + j] = f[P + j]! - lr * f[B + j]!;
    } else {
      f[P + j] = f[P + j]! - lr * g / avg;
    }
  }
}

export function adamStep(
  { f }: Views, n: number, param: number, grad: number, m: number, v: number,
  lr: number, beta1: number, beta2: number, eps: number, weightDecay: number, decoupled: number, step: number,
): void {
  const P = param >> 2, G = grad >> 2, M = m >> 2, V = v >> 2;
  const bc1 = 1 - beta1 ** step, bc2 = 1 - beta2 ** step;
  for (let j = 0; j < n; j++) {
    let g = f[G + j]!;
    if (decoupled) f[P + j] = f[P + j]! * (1 - lr * weightDecay);
    else g += weightDecay * f[P + j]!;
    f[M + j] = beta1 * f[M + j]! + (1 - beta1) * g;
    f[V + j] = beta2 * f[V + j]! + (1 - beta2) * g * g;
    f[P + j] = f[P + j]! - (lr / bc1) * f[M + j]! / (Math.sqrt(f[V + j]!) / Math.sqrt(bc2) + eps);
  }
}
