import { Random, scope, Tensor } from '@recurrent/autograd';
import { OneToOne } from '@recurrent/topologies';
import { accuracy, adamSteps, type Demo } from './demo.js';

const GRID = 24, EXTENT = 1.6;

/**
 * one-to-one: a feed-forward net, no time at all — is a point inside the unit circle? (the
 * CLI's `demo one-to-one`: 256 points, one tanh layer of 16, Adam 0.05).
 */
export function oneToOne(seed: number): Demo {
  const rng = new Random(seed + 1);
  const points = (n: number) => Array.from({ length: n }, () => [rng.uniform(-EXTENT, EXTENT), rng.uniform(-EXTENT, EXTENT)] as [number, number]);
  const label = ([x, y]: [number, number]) => (x * x + y * y < 1 ? 1 : 0);
  const train = points(256), test = points(200);
  const net = new OneToOne({ inputSize: 2, hiddenSizes: [16], numClasses: 2, activation: 'tanh', seed });
  const X = Tensor.fromArray(train.flat(), [train.length, 2]);
  const step = adamSteps(net.parameters(), 0.05);
  // In a scope: the input tensor is freed with the call (the kernel's arena frees nothing else).
  const predict = (ps: [number, number][]) => scope(() => net.predict(Tensor.fromArray(ps.flat(), [ps.length, 2])));
  return {
    series: ['feed-forward net'],
    steps: 150,
    step: () => [step(() => net.loss(X, train.map(label)))],
    results: () => {
      const cells = Array.from({ length: GRID * GRID }, (_, i) => {
        const x = -EXTENT + ((i % GRID) + 0.5) * (2 * EXTENT / GRID), y = EXTENT - (Math.floor(i / GRID) + 0.5) * (2 * EXTENT / GRID);
        return [x, y] as [number, number];
      });
      const inside = predict(cells);
      return {
        metrics: { accuracy: accuracy(predict(test), test.map(label)) },
        lines: [`unseen points classified correctly: ${(100 * accuracy(predict(test), test.map(label))).toFixed(1)}%`],
        grid: Array.from({ length: GRID }, (_, r) => inside.slice(r * GRID, (r + 1) * GRID)),
      };
    },
    tryIt: (input) => {
      const [x, y] = input.split(/[\s,]+/).filter(Boolean).map(Number);
      if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error('type a point as "x, y", e.g. 0.5, -0.3');
      const [inside] = predict([[x!, y!]]);
      return `(${x}, ${y}) → ${inside === 1 ? 'inside' : 'outside'} (truth: ${label([x!, y!]) === 1 ? 'inside' : 'outside'})`;
    },
  };
}
