// Bundles the extension into dist/extension.js (the host side: one CommonJS file, `vscode`
// external, the kernel's wasm inlined as it ships inside @recurrent/kernel) and the training
// worker into dist/worker.js (its own thread, same engine).
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // No eval, no dynamic code: the bundle is plain code and data.
  legalComments: 'none',
  // The worker trains on one thread (its CPU budget is at most one core), so fit's training
  // threads, found by their module URL, are not part of the bundle: there is no URL in CommonJS,
  // and the library says so if asked for threads.
  define: { 'import.meta.url': 'undefined' },
};

await build({ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] });
await build({ ...common, entryPoints: ['src/training/worker.ts'], outfile: 'dist/worker.js' });
