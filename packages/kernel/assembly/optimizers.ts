// Optimizer updates in place, elementwise over a parameter and its state, with PyTorch's
// arithmetic order (so results match torch.optim to float32 rounding).

export function sgdStep(
  n: i32, param: usize, grad: usize, velocity: usize,
  lr: f32, momentum: f32, dampening: f64, weightDecay: f32, nesterov: i32, firstStep: i32,
): void {
  const oneMinusDampening = <f32>(1 - dampening);
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    const p = load<f32>(param + o);
    let d = load<f32>(grad + o);
    if (weightDecay != 0) d += weightDecay * p;
    if (momentum != 0) {
      const buf = firstStep ? d : momentum * load<f32>(velocity + o) + oneMinusDampening * d;
      store<f32>(velocity + o, buf);
      d = nesterov ? d + momentum * buf : buf;
    }
    store<f32>(param + o, p - lr * d);
  }
}

export function adagradStep(n: i32, param: usize, grad: usize, sum: usize, lr: f32, eps: f32, weightDecay: f32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    const p = load<f32>(param + o);
    let g = load<f32>(grad + o);
    if (weightDecay != 0) g += weightDecay * p;
    const s = load<f32>(sum + o) + g * g;
    store<f32>(sum + o, s);
    store<f32>(param + o, p - lr * (g / (Mathf.sqrt(s) + eps)));
  }
}

export function rmspropStep(
  n: i32, param: usize, grad: usize, squareAvg: usize, momentumBuffer: usize,
  lr: f32, alpha: f64, eps: f32, weightDecay: f32, momentum: f32,
): void {
  const oneMinusAlpha = <f32>(1 - alpha);
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    const p = load<f32>(param + o);
    let g = load<f32>(grad + o);
    if (weightDecay != 0) g += weightDecay * p;
    const sq = <f32>alpha * load<f32>(squareAvg + o) + oneMinusAlpha * (g * g);
    store<f32>(squareAvg + o, sq);
    const avg = Mathf.sqrt(sq) + eps;
    if (momentum > 0) {
      const buf = momentum * load<f32>(momentumBuffer + o) + g / avg;
      store<f32>(momentumBuffer + o, buf);
      store<f32>(param + o, p - lr * buf);
    } else {
      store<f32>(param + o, p - lr * (g / avg));
    }
  }
}

export function adamStep(
  n: i32, param: usize, grad: usize, m: usize, v: usize,
  lr: f64, beta1: f64, beta2: f64, eps: f32, weightDecay: f32, decoupled: i32, step: i32,
): void {
  // Scalars from the hyperparameters in float64, as PyTorch computes them on the host.
  const b1 = <f32>beta1, b2 = <f32>beta2;
  const oneMinusB1 = <f32>(1 - beta1), oneMinusB2 = <f32>(1 - beta2);
  const stepSize = <f32>(lr / (1 - Math.pow(beta1, <f64>step)));
  const bc2Sqrt = <f32>Math.sqrt(1 - Math.pow(beta2, <f64>step));
  const decay = <f32>(1 - lr * <f64>weightDecay);
  // Four lanes at a time, then one: the same operations in the same order (f32x4 sqrt and div are
  // correctly rounded, as the scalar ones), so every element gets the same bits either way.
  const vb1 = f32x4.splat(b1), vb2 = f32x4.splat(b2), v1b1 = f32x4.splat(oneMinusB1), v1b2 = f32x4.splat(oneMinusB2);
  const vStep = f32x4.splat(stepSize), vBc2 = f32x4.splat(bc2Sqrt), vEps = f32x4.splat(eps);
  const vDecay = f32x4.splat(decay), vWd = f32x4.splat(weightDecay);
  const vectors = n & ~3;
  for (let i = 0; i < vectors; i += 4) {
    const o = <usize>i << 2;
    let p = v128.load(param + o);
    let g = v128.load(grad + o);
    if (weightDecay != 0) {
      if (decoupled) p = f32x4.mul(p, vDecay);
      else g = f32x4.add(g, f32x4.mul(vWd, p));
    }
    const mi = f32x4.add(f32x4.mul(vb1, v128.load(m + o)), f32x4.mul(v1b1, g));
    const vi = f32x4.add(f32x4.mul(vb2, v128.load(v + o)), f32x4.mul(v1b2, f32x4.mul(g, g)));
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    const denominator = f32x4.add(f32x4.div(f32x4.sqrt(vi), vBc2), vEps);
    v128.store(param + o, f32x4.sub(p, f32x4.mul(vStep, f32x4.div(mi, denominator))));
  }
  for (let i = vectors; i < n; i++) {
    const o = <usize>i << 2;
    let p = load<f32>(param + o);
    let g = load<f32>(grad + o);
    if (weightDecay != 0) {
      if (decoupled) p *= decay;
      else g += weightDecay * p;
    }
    const mi = b1 * load<f32>(m + o) + oneMinusB1 * g;
    const vi = b2 * load<f32>(v + o) + oneMinusB2 * (g * g);
    store<f32>(m + o, mi);
    store<f32>(v + o, vi);
    store<f32>(param + o, p - stepSize * (mi / (Mathf.sqrt(vi) / bc2Sqrt + eps)));
  }
}
