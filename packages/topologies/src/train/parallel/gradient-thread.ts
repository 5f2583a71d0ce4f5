/**
 * A training thread's program: it holds a replica of the parent's CharLM, and for each step sets
 * the replica's weights to the parent's, computes the gradient of its shard of the batch and
 * hands it back. It never updates the weights: the parent's single optimizer step does.
 */
import { Random, scale, scope, Tensor, useBackend } from '@recurrent/autograd';
import { ByteVocabulary } from '../../text/byte-vocabulary.js';
import { CharLM } from '../../text/char-lm.js';
import { CharVocabulary } from '../../text/vocabulary.js';
import { flatSize, readFlat, writeFlatGradients } from './flat.js';
import type { InitMessage, StepMessage, ThreadReply } from './messages.js';
import { StepSignal } from './step-signal.js';
import { parentThread } from './thread.js';

/** How long a thread spins for its next step after answering one (the parent's optimizer step is shorter). */
const THREAD_SPIN_MS = 2;

interface Replica {
  lm: CharLM;
  weights: Float32Array | undefined;
  gradients: Float32Array | undefined;
}

async function replicaOf(message: InitMessage): Promise<Replica> {
  await useBackend(message.backend);
  const vocabulary = message.vocabulary.kind === 'bytes' ? new ByteVocabulary() : new CharVocabulary(message.vocabulary.symbols);
  return {
    lm: new CharLM(vocabulary, message.config),
    weights: message.weights ? new Float32Array(message.weights) : undefined,
    gradients: message.gradients ? new Float32Array(message.gradients) : undefined,
  };
}

function step(replica: Replica, message: StepMessage): ThreadReply {
  const { lm } = replica;
  const params = lm.parameters();
  const weights = message.weights ?? replica.weights;
  if (!weights) throw new Error('a step came without weights');
  readFlat(params, weights);
  for (const p of params) p.zeroGrad();
  const { hiddenSize: H } = lm.config;
  const result = scope(() => {
    const shape = [message.h ? message.h.length / (message.batch.batch * H) : 0, message.batch.batch, H];
    const state = message.h ? { h: Tensor.fromArray(message.h, shape), ...(message.c ? { c: Tensor.fromArray(message.c, shape) } : {}) } : undefined;
    const { loss, state: final } = lm.loss(message.batch, state, { training: true, rng: new Random(message.seed ?? 0) });
    const weighted = scale(loss, message.share);
    weighted.backward();
    return { loss: weighted.item(), h: final.h.toArray(), ...(final.c ? { c: final.c.toArray() } : {}) };
  });
  if (replica.gradients) {
    writeFlatGradients(params, replica.gradients);
    return { type: 'done', ...result };
  }
  const gradients = new Float32Array(flatSize(params));
  writeFlatGradients(params, gradients);
  return { type: 'done', ...result, gradients };
}

const parent = await parentThread();
let replica: Promise<Replica> | undefined;
let signal: StepSignal | undefined;
parent.onMessage((data) => {
  const message = data as InitMessage | StepMessage;
  void (async () => {
    try {
      if (message.type === 'init') {
        replica = replicaOf(message);
        signal = message.signal ? new StepSignal(message.signal) : undefined;
        await replica;
        parent.post({ type: 'ready' } satisfies ThreadReply);
        return;
      }
      if (!replica) throw new Error('a step came before init');
      const reply = step(await replica, message);
      const transfer = reply.type === 'done' ? [reply.h.buffer, ...(reply.c ? [reply.c.buffer] : []), ...(reply.gradients ? [reply.gradients.buffer] : [])] : [];
      parent.post(reply, transfer as ArrayBuffer[]);
    } catch (error) {
      parent.post({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies ThreadReply);
    }
    if (message.type === 'step' && signal) {
      signal.answered();
      signal.spinUntilPosted(performance.now() + THREAD_SPIN_MS);
    }
  })();
});
