/**
 * The library packages' core behaviour, run in the browser (bundled by Vite, as the playground
 * bundles them): the page publishes the checks' results on `window.libraryChecks`, and
 * test/browser-library.test.ts asserts them.
 */
import { runChecks } from './checks.js';

const state = document.getElementById('state')!;
(window as unknown as { libraryChecks: Promise<unknown> }).libraryChecks = runChecks().then(
  (results) => { state.textContent = 'done'; return results; },
  (error: unknown) => { state.textContent = `failed: ${String(error)}`; throw error; },
);
