import { Random, Tensor } from '@recurrent/autograd';
import { OneToOne } from '@recurrent/topologies';
import { accuracy, type DemoOutput, effort, trainLive } from './live.js';

/**
 * one-to-one: a feed-forward network, one input → one output, no time at all. The task: is a
 * point (x, y) inside the unit circle? A curved boundary a linear model cannot draw.
 */
export async function oneToOneDemo(out: DemoOutput, seed: number, brief: boolean) {
  out.title('one-to-one — a feed-forward net: is the point inside the circle?');
  const rng = new Random(seed + 1);
  const points = (n: number) => Array.from({ length: n }, () => [rng.uniform(-1.6, 1.6), rng.uniform(-1.6, 1.6)] as [number, number]);
  const label = ([x, y]: [number, number]) => (x * x + y * y < 1 ? 1 : 0);
  const train = points(256), test = points(200);
  const net = new OneToOne({ inputSize: 2, hiddenSizes: [16], numClasses: 2, activation: 'tanh', seed });
  const X = Tensor.fromArray(train.flat(), [train.length, 2]);
  await trainLive(out, 'training', net.parameters(), effort(brief, 300, 150), () => net.loss(X, train.map(label)), { lr: 0.05 });
  const predicted = net.predict(Tensor.fromArray(test.flat(), [test.length, 2]));
  const acc = accuracy(predicted, test.map(label));
  out.line(`  unseen points classified correctly: ${(100 * acc).toFixed(1)}%`);
  for (const p of [[0, 0], [0.9, 0.3], [1.2, 1.0], [-0.5, -0.6]] as [number, number][]) {
    const [inside] = net.predict(Tensor.fromArray(p, [1, 2]));
    out.line(`    (${p[0].toFixed(1)}, ${p[1].toFixed(1)}) → ${inside === 1 ? 'inside ' : 'outside'}  (truth: ${label(p) === 1 ? 'inside' : 'outside'})`);
  }
  return { accuracy: acc };
}
