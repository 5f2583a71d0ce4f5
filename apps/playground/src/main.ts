/**
 * The playground's entry: the stylesheet, the kernel line in the footer, and the pages.
 * Each page's code loads when it is first visited.
 */
import './styles.css';
import { lmWorker } from './lm.js';
import { startRouter } from './router.js';

startRouter([
  { path: '/char-rnn', title: 'Char-RNN live', load: async () => (await import('./pages/char-rnn.js')).charRnnPage },
  { path: '/unrolled', title: 'Forward over time', load: async () => (await import('./pages/unrolled.js')).unrolledPage },
  { path: '/gradients', title: 'BPTT and the gradient problems', load: async () => (await import('./pages/gradients.js')).gradientsPage },
  { path: '/topologies', title: 'The four topologies', load: async () => (await import('./pages/topologies.js')).topologiesPage },
  { path: '/models', title: 'Models', load: async () => (await import('./pages/models.js')).modelsPage },
], document.getElementById('app')!);

// Which kernel the workers run: found in the worker by validating tiny wasm modules.
lmWorker().call('info', {}).then(({ features }) => {
  const names: Record<string, string> = { 'wasm-relaxed-simd': 'WebAssembly relaxed SIMD', 'wasm-simd': 'WebAssembly SIMD', reference: 'TypeScript (no SIMD in this browser)' };
  const node = document.getElementById('kernel')!;
  node.textContent = names[features.backend] ?? features.backend;
  node.dataset['backend'] = features.backend;
}, (error: unknown) => console.error(error));
