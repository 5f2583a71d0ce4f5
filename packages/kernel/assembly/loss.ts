// Softmax cross-entropy with integer targets: the loss and its gradient in one pass per row.
import { expScalar, expVector } from './simd';

/**
 * Per row: m = max x, s = Σ e^(x − m), loss = m + ln s − x[t],
 * dlogits = scale · (e^(x − m) / s − onehot(t)). Returns the loss summed over the rows kept.
 */
export function softmaxCrossEntropy(
  rows: i32, cols: i32, logits: usize, targets: usize, ignoreIndex: i32, gradScale: f32, dlogits: usize,
): f64 {
  const rowBytes = <usize>cols << 2;
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const x = logits + <usize>r * rowBytes;
    const d = dlogits + <usize>r * rowBytes;
    const target = load<i32>(targets + (<usize>r << 2));
    if (target == ignoreIndex) {
      memory.fill(d, 0, rowBytes);
      continue;
    }
    const xt = load<f32>(x + (<usize>target << 2));

    let vmax = f32x4.splat(-Infinity);
    let c = 0;
    for (; c + 4 <= cols; c += 4) vmax = f32x4.max(vmax, v128.load(x + (<usize>c << 2)));
    let m = max(max(f32x4.extract_lane(vmax, 0), f32x4.extract_lane(vmax, 1)), max(f32x4.extract_lane(vmax, 2), f32x4.extract_lane(vmax, 3)));
    for (; c < cols; c++) m = max(m, load<f32>(x + (<usize>c << 2)));

    const vm = f32x4.splat(m);
    let vsum = f32x4.splat(0);
    c = 0;
    for (; c + 4 <= cols; c += 4) {
      const o = <usize>c << 2;
      const e = expVector(f32x4.sub(v128.load(x + o), vm));
      v128.store(d + o, e);
      vsum = f32x4.add(vsum, e);
    }
    let sum: f64 = <f64>f32x4.extract_lane(vsum, 0) + <f64>f32x4.extract_lane(vsum, 1)
      + <f64>f32x4.extract_lane(vsum, 2) + <f64>f32x4.extract_lane(vsum, 3);
    for (; c < cols; c++) {
      const o = <usize>c << 2;
      const e = expScalar(load<f32>(x + o) - m);
      store<f32>(d + o, e);
      sum += <f64>e;
    }

    total += <f64>m + Math.log(sum) - <f64>xt;

    const k = <f32>(<f64>gradScale / sum);
    const vk = f32x4.splat(k);
    c = 0;
    for (; c + 4 <= cols; c += 4) {
      const o = <usize>c << 2;
      v128.store(d + o, f32x4.mul(v128.load(d + o), vk));
    }
    for (; c < cols; c++) {
      const o = <usize>c << 2;
      store<f32>(d + o, load<f32>(d + o) * k);
    }
    const dt = d + (<usize>target << 2);
    store<f32>(dt, load<f32>(dt) - gradScale);
  }
  return total;
}
