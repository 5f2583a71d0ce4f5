import { kernel, type Tensor } from '@recurrent/autograd';
import type { TokenBatch } from '../batches.js';
import type { CharLM } from '../../text/char-lm.js';
import { addFlatGradients, flatSize, writeFlat } from './flat.js';
import { canShareMemory, type InitMessage, type StepMessage, type ThreadReply } from './messages.js';
import { StepSignal } from './step-signal.js';
import { hasThreads, inNode, nodeThread, type Thread, webThread } from './thread.js';

/** How long the parent spins for the threads' answers once its own shard is done. */
const PARENT_SPIN_MS = 5;

/** One shard's work for a training thread. */
export interface ShardTask {
  batch: TokenBatch;
  /** The shard's share of the batch's tokens. */
  share: number;
  seed?: number;
  h?: Float32Array;
  c?: Float32Array;
}

/** What a thread computed: its weighted loss and the final state of its sequences. */
export interface ShardResult {
  loss: number;
  h: Float32Array;
  c?: Float32Array;
}

interface Waiter {
  resolve: (reply: ThreadReply) => void;
  reject: (error: Error) => void;
}

/**
 * The threads of data-parallel training (each with its own kernel instance and a replica of the
 * model): {@link compute} hands them their shards with the current weights, {@link addGradients}
 * sums what they computed into the model's gradients, always in thread order, so a run is the
 * same for a given thread count.
 */
export class GradientThreads {
  private readonly waiters: (Waiter | undefined)[];
  private failure: Error | undefined;
  private gradients: Float32Array[] = [];

  private constructor(
    private readonly threads: Thread[],
    private readonly params: readonly Tensor[],
    private readonly sharedWeights: Float32Array | undefined,
    private readonly sharedGradients: Float32Array[] | undefined,
    private readonly signals: StepSignal[] | undefined,
  ) {
    this.waiters = threads.map(() => undefined);
    threads.forEach((thread, k) => {
      thread.onMessage((reply) => this.settle(k, (w) => w.resolve(reply as ThreadReply)));
      thread.onFailure((error) => {
        this.failure ??= error;
        this.settle(k, (w) => w.reject(error));
      });
    });
  }

  /** Starts `count` threads holding replicas of `lm`; resolves once all are ready. */
  static async start(lm: CharLM, count: number): Promise<GradientThreads> {
    const params = lm.parameters();
    const size = flatSize(params);
    const share = canShareMemory();
    const weights = share ? new SharedArrayBuffer(size * 4) : undefined;
    const gradients = share ? Array.from({ length: count }, () => new SharedArrayBuffer(size * 4)) : undefined;
    const signals = share ? Array.from({ length: count }, () => StepSignal.create()) : undefined;
    if (!hasThreads()) throw new Error('this host has no worker threads; train with threads: 1');
    const threads = await Promise.all(Array.from({ length: count }, spawnGradientThread));
    const pool = new GradientThreads(threads, params, weights && new Float32Array(weights), gradients?.map((g) => new Float32Array(g)), signals);
    const vocabulary = lm.vocabulary.kind === 'bytes' ? { kind: 'bytes' as const } : { kind: 'chars' as const, symbols: [...lm.vocabulary.symbols] };
    try {
      await Promise.all(threads.map((thread, k) => pool.request(k, {
        type: 'init', backend: kernel().backend, config: lm.config, vocabulary,
        ...(weights ? { weights } : {}), ...(gradients ? { gradients: gradients[k]! } : {}), ...(signals ? { signal: signals[k]!.buffer } : {}),
      } satisfies InitMessage)));
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  get count(): number {
    return this.threads.length;
  }

  /** Sends thread k task k with the model's current weights; resolves when every thread is done. */
  async compute(tasks: readonly ShardTask[]): Promise<ShardResult[]> {
    if (tasks.length !== this.threads.length) throw new RangeError(`GradientThreads.compute: ${tasks.length} tasks for ${this.threads.length} threads`);
    if (this.sharedWeights) writeFlat(this.params, this.sharedWeights);
    const weights = this.sharedWeights ? undefined : new Float32Array(flatSize(this.params));
    if (weights) writeFlat(this.params, weights);
    const replies = await Promise.all(tasks.map((task, k) => {
      const reply = this.request(k, { type: 'step', ...task, ...(weights ? { weights } : {}) } satisfies StepMessage);
      this.signals?.[k]!.posted();
      return reply;
    }));
    this.gradients = replies.map((reply, k) => {
      if (reply.type !== 'done') throw new Error(`training thread ${k}: unexpected ${reply.type}`);
      return reply.gradients ?? this.sharedGradients![k]!;
    });
    return replies.map((reply) => {
      const done = reply as Extract<ThreadReply, { type: 'done' }>;
      return { loss: done.loss, h: done.h, ...(done.c ? { c: done.c } : {}) };
    });
  }

  /**
   * Spins, for a few milliseconds at most, until every thread has answered the step of the last
   * {@link compute}: called when this thread's own shard is done, so it reads the answers without
   * sleeping in between (see {@link StepSignal}). Without shared memory there is nothing to spin on.
   */
  spinUntilAnswered(): void {
    const deadline = performance.now() + PARENT_SPIN_MS;
    for (const signal of this.signals ?? []) signal.spinUntilAnswered(deadline);
  }

  /** Adds the gradients of the last {@link compute} into the parameters' gradients, thread 0 first. */
  addGradients(): void {
    for (const gradients of this.gradients) addFlatGradients(this.params, gradients);
    this.gradients = [];
  }

  /** Stops every thread. */
  async close(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.terminate()));
  }

  private request(k: number, message: InitMessage | StepMessage): Promise<ThreadReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<ThreadReply>((resolve, reject) => {
      this.waiters[k] = {
        resolve: (reply) => (reply.type === 'failed' ? reject(new Error(`training thread ${k}: ${reply.message}`)) : resolve(reply)),
        reject,
      };
      this.threads[k]!.post(message);
    });
  }

  private settle(k: number, how: (waiter: Waiter) => void): void {
    const waiter = this.waiters[k];
    this.waiters[k] = undefined;
    if (waiter) how(waiter);
  }
}

/** A new thread running gradient-thread.js (the Web Worker in the literal form bundlers follow). */
function spawnGradientThread(): Promise<Thread> {
  // A CommonJS bundle of the library (e.g. an editor extension's) has no module URL to find the thread's file by.
  if (typeof import.meta.url !== 'string') return Promise.reject(new Error('this build of the library has no module URL to start training threads from; train with threads: 1'));
  // Node's path: marked for bundlers, which would otherwise copy the file as an asset for a
  // browser build that never takes this branch.
  if (inNode()) return nodeThread(new URL(/* @vite-ignore */ './gradient-thread.js', import.meta.url));
  return Promise.resolve(webThread(new Worker(new URL('./gradient-thread.js', import.meta.url), { type: 'module' })));
}
