import { loadKernel, loadKernelSync, type Backend, type Kernel } from '@recurrent/kernel';

/**
 * The kernel every tensor lives in, chosen once. Tensors of two kernels cannot meet in one op
 * (they live in different memories), so switching backends is done before creating tensors —
 * typically once at start-up, or in tests to run the same code on the reference twin.
 */
let current: Kernel | undefined;

/**
 * Picks the backend: `'auto'` (default) is the fastest wasm build the host runs; `'reference'`
 * is the pure-TypeScript twin. Tensors created before a switch must not be used after it.
 *
 * @example
 * ```ts
 * await useBackend('reference'); // same results, plain TypeScript loops
 * ```
 */
export async function useBackend(backend: 'auto' | Backend = 'auto'): Promise<Kernel> {
  current = await loadKernel({ backend });
  return current;
}

/** {@link useBackend}, synchronously (Node, workers, the VS Code extension host). */
export function useBackendSync(backend: 'auto' | Backend = 'auto'): Kernel {
  current = loadKernelSync({ backend });
  return current;
}

/** The kernel in use, loaded synchronously with the default backend on first need. */
export function kernel(): Kernel {
  return (current ??= loadKernelSync());
}
