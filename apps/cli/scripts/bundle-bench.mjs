// Bundles the topologies benchmark (packages/topologies/bench/run.mjs and the shared
// scripts/bench helpers it imports) into dist/bench/run.mjs, so `recurrent bench` runs from an
// installed CLI as `pnpm bench` runs in a checkout: one source, two ways to start it.
//
// The engine stays external (the installed @recurrent/* packages, whose training threads are
// found by their module URL), and so do the peers: tfjs and brain.js are imported only if the
// user installed them. PyTorch's timing script (standard library and torch only) ships beside it.
import { copyFileSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';

const root = new URL('../../../', import.meta.url);
const out = new URL('../dist/bench/', import.meta.url);
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [new URL('packages/topologies/bench/run.mjs', root).pathname],
  outfile: new URL('run.mjs', out).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'none',
  external: ['@recurrent/*', '@tensorflow/*', 'brain.js'],
});
copyFileSync(new URL('packages/pytorch/recurrent_torch/bench.py', root), new URL('pytorch-bench.py', out));
