import { loadCharLM } from '@recurrent/topologies';
import { loadBaseModel } from '@recurrent/base-model';
import { describe, expect, it } from 'vitest';
import type { FromWorker } from '../src/training/protocol.js';
import { changedRange, TrainingLoop } from '../src/training/loop.js';

const TEXT = 'the quick brown fox jumps over the lazy dog. '.repeat(40);
const SPEC = { cell: 'gru' as const, hiddenSize: 16, layers: 1 };
const TRAINING = { sequenceLength: 16, learningRate: 0.01, cpuBudget: 1 };

/** A loop whose messages are collected, with a `until` helper to wait for one. */
function harness() {
  const messages: FromWorker[] = [];
  const waiters: (() => void)[] = [];
  const loop = new TrainingLoop((m) => {
    messages.push(m);
    waiters.splice(0).forEach((w) => w());
  }, () => new Promise((resolve) => setImmediate(resolve)));
  const until = async (test: (m: FromWorker) => boolean): Promise<FromWorker> => {
    for (;;) {
      const found = messages.find(test);
      if (found) return found;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { loop, messages, until };
}

describe('the training protocol between host and worker', () => {
  it('init → ready; a document → training progress, model snapshots, then idle', async () => {
    const { loop, messages, until } = harness();
    loop.handle({ type: 'init', model: undefined, spec: SPEC, training: TRAINING });
    expect(messages[0]).toMatchObject({ type: 'ready', step: 0, spec: SPEC });
    loop.handle({ type: 'document', key: 'a', text: TEXT });
    await until((m) => m.type === 'progress' && m.status === 'idle' && m.step > 0);
    const progress = messages.filter((m) => m.type === 'progress' && m.status === 'training') as Extract<FromWorker, { type: 'progress' }>[];
    // 3 passes over 1,800 new characters in steps of 16 × 16: ceil(5400 / 256) = 22 steps.
    expect(progress).toHaveLength(22);
    expect(progress.at(-1)!.loss).toBeLessThan(progress[0]!.loss);
    const snapshot = messages.find((m) => m.type === 'model') as Extract<FromWorker, { type: 'model' }>;
    expect(snapshot.step).toBe(22);
    const { model } = loadCharLM(snapshot.bytes);
    expect(model.vocabulary.kind).toBe('bytes');
  });

  it('pauses, resumes, trains on demand, saves on request, and stops', async () => {
    const { loop, messages, until } = harness();
    loop.handle({ type: 'init', model: undefined, spec: SPEC, training: TRAINING });
    loop.handle({ type: 'pause' });
    loop.handle({ type: 'document', key: 'a', text: TEXT });
    await until((m) => m.type === 'progress' && m.status === 'paused');
    expect(messages.some((m) => m.type === 'progress' && m.status === 'training')).toBe(false);
    loop.handle({ type: 'resume' });
    await until((m) => m.type === 'progress' && m.status === 'idle' && m.step === 22);
    loop.handle({ type: 'trainNow' });
    await until((m) => m.type === 'progress' && m.status === 'idle' && m.step === 222);
    loop.handle({ type: 'save' });
    const saved = await until((m) => m.type === 'model' && m.reason === 'requested') as Extract<FromWorker, { type: 'model' }>;
    expect(saved.step).toBe(222);
    loop.handle({ type: 'stop' });
    loop.handle({ type: 'trainNow' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(messages.filter((m) => m.type === 'progress' && m.step > 222)).toHaveLength(0);
  });

  it('after an edit, learns the text just written even where it is a sliver of the documents (dynamic evaluation)', async () => {
    const { loop, messages, until } = harness();
    const model = (m: FromWorker) => loadCharLM((m as Extract<FromWorker, { type: 'model' }>).bytes).model;
    loop.handle({ type: 'init', model: undefined, spec: SPEC, training: TRAINING });
    const project = TEXT.repeat(10); // 18,000 characters: a random window meets a 256-character edit 1.5 % of the time
    loop.handle({ type: 'document', key: 'a', text: project });
    const opened = await until((m) => m.type === 'progress' && m.status === 'idle' && m.step > 0);
    const written = 'jump, zebra! '.repeat(20).slice(0, 256);
    const before = model(messages.filter((m) => m.type === 'model').at(-1)!).evaluate(written).bitsPerChar;
    loop.handle({ type: 'document', key: 'a', text: project + written });
    // 3 passes over 256 changed characters in steps of 16 × 16: 3 steps, each half from the new text.
    await until((m) => m.type === 'progress' && m.status === 'idle' && m.step === (opened as { step: number }).step + 3);
    const after = model(messages.filter((m) => m.type === 'model').at(-1)!).evaluate(written).bitsPerChar;
    // Drawn from all 18 KB instead, three steps would see the edit in about one window of 48.
    expect(after).toBeLessThan(before - 0.5);
  });

  it('starts from a copy of the shipped base model when there is no stored model', () => {
    const { loop, messages } = harness();
    loop.handle({ type: 'init', model: undefined, spec: 'base', training: TRAINING });
    const { info } = loadBaseModel();
    expect(messages[0]).toMatchObject({ type: 'ready', step: 0, spec: { cell: info.cell, hiddenSize: info.hiddenSize, layers: info.numLayers } });
    expect((messages[0] as Extract<FromWorker, { type: 'ready' }>).vocabulary).toHaveLength(256);
  });

  it('continues from a stored model, and reports a message it cannot handle instead of crashing', async () => {
    const { loop, messages, until } = harness();
    loop.handle({ type: 'document', key: 'early', text: 'x' });
    expect(messages[0]).toEqual({ type: 'error', message: 'a document arrived before init' });
    loop.handle({ type: 'init', model: undefined, spec: SPEC, training: TRAINING });
    loop.handle({ type: 'document', key: 'a', text: TEXT });
    const first = await until((m) => m.type === 'model') as Extract<FromWorker, { type: 'model' }>;
    const second = harness();
    second.loop.handle({ type: 'init', model: first.bytes, spec: SPEC, training: TRAINING });
    expect(second.messages[0]).toMatchObject({ type: 'ready', vocabulary: loadCharLM(first.bytes).model.vocabulary.symbols });
  });
});

describe('changedRange', () => {
  const ids = (text: string) => Int32Array.from(text, (c) => c.charCodeAt(0));
  const changed = (before: string, after: string) => {
    const { from, to } = changedRange(ids(before), ids(after));
    return [from, to, after.slice(from, to)];
  };

  it('finds the text typed, inserted, replaced or deleted between two versions of a document', () => {
    expect(changed('let x', 'let x = 1;')).toEqual([5, 10, ' = 1;']);
    expect(changed('f(a, c)', 'f(a, b, c)')).toEqual([5, 8, 'b, ']);
    expect(changed('const a = 1', 'const b = 1')).toEqual([6, 7, 'b']);
    expect(changed('abcabc', 'abc')).toEqual([3, 3, '']);
    expect(changed('aaaa', 'aaaaaa')).toEqual([4, 6, 'aa']);
    expect(changed('same', 'same')).toEqual([4, 4, '']);
    expect(changed('', 'new')).toEqual([0, 3, 'new']);
  });
});
