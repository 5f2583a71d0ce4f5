import { defineConfig, type Plugin } from 'vite';

/**
 * The built page's Content-Security-Policy: scripts and workers only from the page's own
 * origin, WebAssembly compilation allowed ('wasm-unsafe-eval': the kernel compiles its bundled
 * bytes) and no other eval, no inline script or style, and no connections at all — nothing
 * leaves the machine after load. The dev server gets none: it injects styles and opens a socket.
 */
export const CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'recurrent-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
  };
}

export default defineConfig({
  // Relative URLs: the dist folder works from any path on any static host (or a file share).
  base: './',
  plugins: [contentSecurityPolicy()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // Chromium, Firefox and Safari all preload modules natively; the polyfill would fetch().
    modulePreload: { polyfill: false },
    // The kernel's wasm is inlined as base64 in its module (one file for Node, browser and editor).
    chunkSizeWarningLimit: 1024,
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1', port: 4173 },
});
