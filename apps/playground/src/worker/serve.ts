import { hasRelaxedSimd, hasSimd } from '@recurrent/kernel';
import { useBackend } from '@recurrent/autograd';
import type { Api, Events, Reply, Request } from './rpc.js';

/** The worker global, typed by hand: the DOM and WebWorker libs cannot both be in one program. */
interface WorkerScope {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<Request>) => void) | null;
  setImmediate?: (fn: () => void) => void;
}
const scope = globalThis as unknown as WorkerScope;

/**
 * The trainer yields between steps with setImmediate where it exists, else setTimeout(0),
 * which browsers clamp to 4 ms once nested: with a tiny model that is most of a step. A
 * MessageChannel round trip yields to the event loop (so page messages get in) with no clamp.
 */
function installSetImmediate(): void {
  if (scope.setImmediate) return;
  const channel = new MessageChannel();
  const queue: (() => void)[] = [];
  channel.port1.onmessage = () => queue.shift()?.();
  scope.setImmediate = (fn) => {
    queue.push(fn);
    channel.port2.postMessage(0);
  };
}

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
  installSetImmediate();
  const ready = useBackend('auto');
  scope.onmessage = async ({ data: { id, method, params } }) => {
    try {
      await ready;
      const handler = api[method];
      if (!handler) throw new Error(`unknown method ${method}`);
      const result = await (handler as (p: unknown) => unknown)(params);
      scope.postMessage({ id, result } satisfies Reply, transferOf(result));
    } catch (error) {
      scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies Reply);
    }
  };
}
