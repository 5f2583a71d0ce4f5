import { hasRelaxedSimd, hasSimd } from '@recurrent/kernel';
import { useBackend } from '@recurrent/autograd';
import type { Api, Events, Reply, Request } from './rpc.js';

/** The worker global, typed by hand: the DOM and WebWorker libs cannot both be in one program. */
interface WorkerScope {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<Request>) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;

/** Which kernel build this browser gets, found by validating tiny modules (as the kernel does). */
export function kernelFeatures(): { backend: string; relaxedSimd: boolean; simd: boolean } {
  const relaxedSimd = hasRelaxedSimd(), simd = hasSimd();
  return { backend: relaxedSimd ? 'wasm-relaxed-simd' : simd ? 'wasm-simd' : 'reference', relaxedSimd, simd };
}

/** Pushes an event to the page. */
export function emit<E extends Events, K extends keyof E & string>(event: K, data: E[K], transfer: Transferable[] = []): void {
  scope.postMessage({ event, data } satisfies Reply, transfer);
}

/**
 * Answers the page's calls with `api`. Loads the fastest kernel first (relaxed SIMD where the
 * browser validates it); calls that arrive meanwhile wait for it.
 */
export function serve(api: Api, transferOf: (result: unknown) => Transferable[] = () => []): void {
  const ready = useBackend('auto');
  // `answer` catches every failure and posts it back, so the dropped promise cannot reject.
  scope.onmessage = ({ data }) => void answer(data);
  async function answer({ id, method, params }: Request): Promise<void> {
    try {
      await ready;
      const handler = api[method];
      if (!handler) throw new Error(`unknown method ${method}`);
      const result = await (handler as (p: unknown) => unknown)(params);
      scope.postMessage({ id, result } satisfies Reply, transferOf(result));
    } catch (error) {
      scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies Reply);
    }
  }
}
