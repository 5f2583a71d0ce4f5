// scope frees: flat arena over 10,000 training steps, disposed tensors throw, kept ones survive, gradients stay.
import { describe, expect, it } from 'vitest';
import {
  Adam, add, crossEntropy, kernel, matmul, Random, scope, sum, tanh, Tensor,
} from '../src/index.js';
import { EXACT, expectClose } from '@recurrent/test-utils';
import { F32_TOL, rand } from './helpers.js';

describe('memory', () => {
  it('stays flat over 10,000 Adam steps of an 8-16-3 MLP, and the loss decreases', () => {
    const rng = new Random(11);
    const x = rand([12, 8], rng, -1, 1, false);
    const targets = Array.from({ length: 12 }, (_v, i) => i % 3);
    const w1 = rand([8, 16], rng, -0.5, 0.5), b1 = Tensor.zeros([16], { requiresGrad: true });
    const w2 = rand([16, 3], rng, -0.5, 0.5), b2 = Tensor.zeros([3], { requiresGrad: true });
    const adam = new Adam([w1, b1, w2, b2], { lr: 1e-2 });
    const k = kernel();
    const losses: number[] = [];
    let usedAt100 = -1;
    for (let step = 1; step <= 10_000; step++) {
      losses.push(scope(() => {
        const loss = crossEntropy(add(matmul(tanh(add(matmul(x, w1), b1)), w2), b2), targets);
        loss.backward();
        return loss.item();
      }));
      adam.step();
      adam.zeroGrad();
      if (step === 100) usedAt100 = k.arena.used;
    }
    expect(k.arena.used).toBe(usedAt100);
    // 12 points, 3 classes, 16 hidden units: the net memorises them.
    expect(losses.at(-1)!).toBeLessThan(0.05 * losses[0]!);
  }, 60_000);

  it('a scope that throws gives its memory back and rethrows', () => {
    const k = kernel();
    const before = k.arena.used;
    expect(() => scope(() => {
      Tensor.zeros([1000]);
      throw new Error('boom');
    })).toThrow('boom');
    expect(k.arena.used).toBe(before);
  });
});

describe('disposal', () => {
  it('a tensor made in a scope and not returned is freed; a returned one keeps its values', () => {
    let dropped: Tensor | undefined, droppedScalar: Tensor | undefined;
    const kept = scope(() => {
      dropped = Tensor.fromArray([1, 2, 3]);
      droppedScalar = Tensor.scalar(1);
      return tanh(Tensor.fromArray([0.5, -0.5]));
    });
    // Reuse the freed memory so that a stale read would see other numbers.
    Tensor.full([64], 9);
    expect(dropped!.disposed).toBe(true);
    expect(() => dropped!.toArray()).toThrow(/freed/);
    expect(() => droppedScalar!.item()).toThrow(/freed/);
    expect(() => add(dropped!, dropped!)).toThrow(/freed/);
    expect(kept.disposed).toBe(false);
    expectClose(kept.toArray(), [Math.tanh(0.5), Math.tanh(-0.5)], F32_TOL, 'kept values');
  });

  it('keeps tensors inside returned arrays and records, detached from the freed graph', () => {
    const x = Tensor.fromArray([1, 2], [2], { requiresGrad: true });
    const out = scope(() => ({ pair: [tanh(x), sum(x)], n: 3 }));
    expect(out.n).toBe(3);
    const [t, s] = out.pair;
    expect(s!.item()).toBe(3);
    expect(t!.inputs).toEqual([]);
    expect(t!.backwardFn).toBeUndefined();
    expectClose(t!.toArray(), [Math.tanh(1), Math.tanh(2)], F32_TOL, 'kept in an array');
  });

  it('an inner scope hands a tensor to the outer one, which frees it unless it returns it too', () => {
    let inner: Tensor | undefined;
    scope(() => {
      inner = scope(() => Tensor.fromArray([4, 5]));
      expectClose(inner.toArray(), [4, 5], EXACT, 'alive in the outer scope');
      return null;
    });
    expect(() => inner!.toArray()).toThrow(/freed/);
  });

  it("a freed tensor's gradient can neither be read nor zeroed (its memory belongs to others)", () => {
    let freed: Tensor | undefined;
    scope(() => {
      freed = Tensor.fromArray([1, 2, 3, 4], [4], { requiresGrad: true });
      return null;
    });
    const live = Tensor.full([12], 7);
    // Soft assertions: report every symptom, the worst being the live tensor overwritten.
    expect.soft(() => freed!.grad).toThrow(/freed/);
    expect.soft(() => freed!.zeroGrad()).toThrow(/freed/);
    expect.soft(Array.from(live.toArray()), 'a live tensor in the reused memory').toEqual(new Array(12).fill(7));
  });
});

describe('gradients across scopes', () => {
  it('a parameter made before the scope keeps its gradient', () => {
    const w = Tensor.fromArray([1, -2, 3], [3], { requiresGrad: true });
    scope(() => {
      sum(tanh(w)).backward();
      return null;
    });
    Tensor.full([256], 5);
    expectClose(w.grad!, [1, -2, 3].map((v) => 1 - Math.tanh(v) ** 2), F32_TOL, 'dw');
  });

  it('an intermediate made before the scope keeps a gradient first allocated inside it', () => {
    const w = Tensor.fromArray([0.5, 1], [2], { requiresGrad: true });
    const h = tanh(w);
    scope(() => {
      h.backward([2, 3]);
      return null;
    });
    Tensor.full([256], 5);
    expectClose(h.grad!, [2, 3], EXACT, 'dh');
  });
});
