/**
 * One topology demo per worker: a card on the page gets its own, so two demos train on two
 * cores at once and a retrain drops the old network's memory with its worker.
 */
import { yieldToEventLoop } from '@recurrent/topologies';
import type { Demo } from '../demos/demo.js';
import { manyToMany } from '../demos/many-to-many.js';
import { manyToOne } from '../demos/many-to-one.js';
import { oneToMany } from '../demos/one-to-many.js';
import { oneToOne } from '../demos/one-to-one.js';
import { seq2seq } from '../demos/seq2seq.js';
import { emit, serve } from './serve.js';
import type { DemoName, TopologyApi, TopologyEvents } from './topology-api.js';

const DEMOS: Record<DemoName, (seed: number) => Demo> = {
  'one-to-one': oneToOne, 'one-to-many': oneToMany, 'many-to-one': manyToOne, 'many-to-many': manyToMany, seq2seq,
};

let demo: Demo | undefined;

const api: TopologyApi = {
  train: async ({ demo: name, steps, seed = 0 }) => {
    const make = DEMOS[name];
    if (!make) throw new Error(`no demo called ${name}`);
    demo = make(seed);
    const total = steps ?? demo.steps;
    for (let step = 1; step <= total; step++) {
      emit<TopologyEvents, 'loss'>('loss', { step, steps: total, series: demo.series, losses: demo.step() });
      if (step % 5 === 0) await yieldToEventLoop();
    }
    return demo.results();
  },
  tryIt: ({ input }) => {
    if (!demo) throw new Error('train it first');
    return demo.tryIt(input);
  },
};

serve(api);
