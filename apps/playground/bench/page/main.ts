/**
 * The benchmark page: runs the workload in a Web Worker, where the playground trains, and
 * exposes `window.runBench(text)` to bench/run.mjs.
 */
import type { Throughput as Result } from '../workload.mjs';

(window as unknown as { runBench: (text: string) => Promise<Result> }).runBench = (text) => new Promise((resolve, reject) => {
  const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = ({ data }: MessageEvent<Result | { error: string }>) => {
    worker.terminate();
    if ('error' in data) reject(new Error(data.error));
    else resolve(data);
  };
  worker.onerror = (e) => reject(new Error(e.message));
  worker.postMessage(text);
});
