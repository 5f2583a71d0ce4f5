/**
 * A worker thread as either host gives it — Node's `worker_threads` or the browser's module Web
 * Worker — behind the four calls data-parallel training needs. The library stays one build for
 * both: Node's module is imported only when running in Node, by a name bundlers leave alone.
 */
export interface Thread {
  post(message: unknown, transfer?: Transferable[]): void;
  /** Every message from the other side, in order. */
  onMessage(listener: (message: unknown) => void): void;
  /** The thread failed: an uncaught error inside it, or it exited before being terminated. */
  onFailure(listener: (error: Error) => void): void;
  terminate(): Promise<void>;
}

/** The worker's side of a {@link Thread}: its parent. */
export interface Parent {
  post(message: unknown, transfer?: Transferable[]): void;
  onMessage(listener: (message: unknown) => void): void;
}

const NODE_WORKER_THREADS = 'node:worker_threads';

export function inNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

type NodeWorkerThreads = typeof import('node:worker_threads');

async function nodeWorkerThreads(): Promise<NodeWorkerThreads> {
  return (await import(/* @vite-ignore */ NODE_WORKER_THREADS)) as NodeWorkerThreads;
}

/** Starts the ES module at `url` in a new Node worker thread. */
export async function nodeThread(url: URL): Promise<Thread> {
  const { Worker } = await nodeWorkerThreads();
  const worker = new Worker(url);
  let terminating = false;
  return {
    post: (message, transfer) => worker.postMessage(message, (transfer ?? []) as never),
    onMessage: (listener) => worker.on('message', listener),
    onFailure: (listener) => {
      worker.on('error', listener);
      worker.on('exit', (code) => {
        if (!terminating) listener(new Error(`the training thread exited (code ${code})`));
      });
    },
    terminate: async () => {
      terminating = true;
      await worker.terminate();
    },
  };
}

/**
 * A started Web Worker as a {@link Thread}. The caller creates it with the literal
 * `new Worker(new URL('./x.js', import.meta.url), { type: 'module' })`, the form bundlers
 * (Vite, webpack, esbuild's plugins) recognise and bundle the worker from.
 */
export function webThread(worker: Worker): Thread {
  return {
    post: (message, transfer) => worker.postMessage(message, transfer ?? []),
    onMessage: (listener) => worker.addEventListener('message', (event) => listener(event.data)),
    onFailure: (listener) => worker.addEventListener('error', (event) => listener(new Error(event.message || 'the training thread failed to start'))),
    terminate: async () => worker.terminate(),
  };
}

/** Whether this host can start worker threads at all. */
export function hasThreads(): boolean {
  return inNode() || typeof Worker === 'function';
}

/** The parent of the thread this code runs in. */
export async function parentThread(): Promise<Parent> {
  if (inNode()) {
    const { parentPort } = await nodeWorkerThreads();
    if (!parentPort) throw new Error('parentThread: not running in a worker thread');
    return {
      post: (message, transfer) => parentPort.postMessage(message, (transfer ?? []) as never),
      onMessage: (listener) => parentPort.on('message', listener),
    };
  }
  const scope = globalThis as unknown as { postMessage(message: unknown, transfer: Transferable[]): void; addEventListener(type: 'message', listener: (event: MessageEvent) => void): void };
  return {
    post: (message, transfer) => scope.postMessage(message, transfer ?? []),
    onMessage: (listener) => scope.addEventListener('message', (event) => listener(event.data)),
  };
}
