/**
 * The peer: brain.js 2.0 (beta) `brain.recurrent.LSTM / GRU / RNN`, its character-level
 * networks in plain JavaScript (CPU matrices; gpu.js, its peer dependency, is loaded but not
 * used by these classes, so the native `gl` build that pnpm skips is never needed).
 *
 * brain.js trains one sequence at a time: `trainPattern(ids)` runs a START token and the ids
 * through the network (ids.length + 1 cell steps and output projections, the last one
 * predicting an END token), backpropagates, and updates the weights with its own optimizer
 * (RMSProp-style, gradient clipping at 5, L2 1e-6; here lr 2e-3). It has no batches, no Adam
 * and no choice of loss. The closest thing to one of our training steps is therefore B
 * `trainPattern` calls, one per window of the step (its T input characters): B·T characters,
 * but B weight updates instead of one and T + 1 steps per window instead of T. Its "RNN" is a
 * ReLU RNN (brain.js has no tanh RNN).
 */
import { createRequire } from 'node:module';
import { peerLoadError } from '../../../scripts/bench/measure.mjs';
import { T } from './workload.mjs';

/** @typedef {'lstm' | 'gru' | 'rnn_tanh'} Cell */

/**
 * Loads brain.js, or says why it cannot be loaded.
 * @returns {Promise<{ brain: any, version: string } | { error: string }>}
 */
export async function loadBrain() {
  try {
    const brain = (await import('brain.js')).default;
    const require = createRequire(import.meta.url);
    const { version } = require('brain.js/package.json');
    return { brain, version };
  } catch (error) {
    return { error: peerLoadError(error, 'brain.js@2.0.0-beta.24') };
  }
}

/**
 * A fresh brain.js network over the workload's vocabulary (its DataFormatter built from the
 * sorted characters, so brain's index of a character is the workload's id).
 * @param {any} brain the loaded module
 * @param {Cell} cell
 * @param {number} hiddenSize
 * @param {import('./workload.mjs').Workload} workload
 * @param {number} lr
 */
export function brainModel(brain, cell, hiddenSize, workload, lr) {
  const Net = cell === 'lstm' ? brain.recurrent.LSTM : cell === 'gru' ? brain.recurrent.GRU : brain.recurrent.RNN;
  const dataFormatter = new brain.utilities.DataFormatter(workload.symbols);
  const net = new Net({ hiddenLayers: [hiddenSize], dataFormatter });
  net.initialize();
  net.updateTrainingOptions({ learningRate: lr });
  const { ids } = workload;
  return {
    /**
     * The windows of one step as brain's index arrays (their T input characters).
     * @param {number[]} starts
     */
    batch: (starts) => starts.map((start) => Array.from(ids.subarray(start, start + T))),
    /**
     * One "step": every window through `trainPattern` (forward, backward, update).
     * @param {number[][]} windows
     */
    step(windows) {
      for (const w of windows) net.trainPattern(w, false);
    },
  };
}
