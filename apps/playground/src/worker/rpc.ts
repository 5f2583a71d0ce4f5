/**
 * A small typed request/response channel over postMessage, shared by the page and its workers.
 * The page calls a method and awaits its result; a worker can also push events (training
 * progress) at any time. Long calls (training) do not block short ones (sampling): the worker
 * yields between training steps, so their messages interleave.
 */

/** Methods a worker answers: name → (params) → result. */
export type Api = Record<string, (params: never) => unknown>;
/** Events a worker pushes: name → payload. */
export type Events = Record<string, unknown>;

export type Request = { id: number; method: string; params: unknown };
export type Reply = { id: number; result?: unknown; error?: string } | { event: string; data: unknown };

type Params<F> = F extends (params: infer P) => unknown ? P : never;
type Result<F> = F extends (params: never) => infer R ? Awaited<R> : never;

/** The page's end of a worker: `call` a method, `on` an event, `terminate` when the page goes. */
export class WorkerClient<A extends Api, E extends Events> {
  private next = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Map<string, Set<(data: never) => void>>();

  constructor(private readonly worker: Worker) {
    worker.onmessage = (message: MessageEvent<Reply>) => this.receive(message.data);
    // A worker that fails to start (a script error) would otherwise leave every call hanging.
    worker.onerror = (event) => {
      event.preventDefault();
      const error = new Error(`worker failed: ${event.message || 'could not start'}`);
      for (const { reject } of this.pending.values()) reject(error);
      this.pending.clear();
      console.error(error.message);
    };
  }

  /** Calls `method` in the worker; `transfer` hands buffers over instead of copying them. */
  call<M extends keyof A & string>(method: M, params: Params<A[M]>, transfer: Transferable[] = []): Promise<Result<A[M]>> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, method, params } satisfies Request, transfer);
    });
  }

  /** Listens to an event; returns the function that stops listening. */
  on<K extends keyof E & string>(event: K, listener: (data: E[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  terminate(): void {
    this.worker.terminate();
    const error = new Error('the worker was stopped');
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }

  private receive(reply: Reply): void {
    if ('event' in reply) {
      for (const listener of this.listeners.get(reply.event) ?? []) (listener as (data: unknown) => void)(reply.data);
      return;
    }
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if (reply.error !== undefined) waiting.reject(new Error(reply.error));
    else waiting.resolve(reply.result);
  }
}
