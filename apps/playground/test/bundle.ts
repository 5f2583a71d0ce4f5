import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/**
 * Bundles a page (a folder with an index.html) with Vite — as the playground is bundled, the
 * library packages taken from their built `dist` through their `exports` — into
 * `.artifacts/<name>/`, and returns that folder.
 */
export async function bundlePage(root: string, name: string): Promise<string> {
  const outDir = fileURLToPath(new URL(`../.artifacts/${name}/`, import.meta.url));
  await build({
    root, base: './', configFile: false, logLevel: 'error',
    worker: { format: 'es' },
    build: { outDir, emptyOutDir: true, target: 'es2022', modulePreload: { polyfill: false } },
  });
  return outDir;
}
