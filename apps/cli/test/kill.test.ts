/**
 * Atomic checkpoints, checked by killing: `recurrent train` writes its model file every step
 * (temporary file, then rename), and is killed with SIGKILL at seeded random moments while it
 * does (half of the kills while a temporary file shows a write under way); after every kill the file on disk must load whole (the old checkpoint or the new one),
 * and training resumes from it.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadCharLM } from '@recurrent/topologies';
import { describe, expect, it } from 'vitest';
import { CLI, recurrent, workspace } from './helpers.js';

const KILLS = 8;

/** A small deterministic generator for the kill times (the test is repeatable). */
function* delays(seed: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    yield 20 + (x % 400);
  }
}

/**
 * Starts training and kills it: `delay` ms after a checkpoint lands (the model file changed since
 * `since`), or, with `delay` undefined, as soon as a temporary file shows a write under way.
 */
function trainAndKill(args: string[], cwd: string, file: string, since: number, delay: number | undefined): Promise<{ killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: 'ignore' });
    const temporaries = () => readdirSync(cwd).filter((f) => f.startsWith('.model.rnn.') && f.endsWith('.tmp'));
    const before = new Set(temporaries());
    const poll = setInterval(() => {
      if (delay === undefined) {
        if (temporaries().some((f) => !before.has(f))) {
          clearInterval(poll);
          child.kill('SIGKILL');
        }
      } else if (existsSync(file) && statSync(file).mtimeMs > since) {
        clearInterval(poll);
        setTimeout(() => child.kill('SIGKILL'), delay);
      }
    }, 1);
    child.on('exit', (_code, signal) => {
      clearInterval(poll);
      resolve({ killed: signal === 'SIGKILL' });
    });
  });
}

describe('killing recurrent train while it checkpoints', () => {
  it(`leaves a model file that loads, ${KILLS} kills out of ${KILLS}`, async () => {
    const { dir, text } = workspace();
    const file = join(dir, 'model.rnn');
    // A checkpoint every step, of a model big enough (~3 MB with Adam's moments) that writing takes a while.
    const common = ['--hidden', '192', '--seq-length', '16', '--batch', '4', '--checkpoint-every', '1', '--validation', '0', '--no-report', '--out', 'model.rnn'];
    const endless = [...common, '--steps', '100000'];
    const times = delays(7);
    const temporaries = () => readdirSync(dir).filter((f) => f.startsWith('.model.rnn.') && f.endsWith('.tmp')).length;
    let survived = 0, steps = 0, midWrite = 0;
    for (let k = 0; k < KILLS; k++) {
      const since = existsSync(file) ? statSync(file).mtimeMs : 0;
      const args = k === 0 ? ['train', text, ...endless] : ['train', '--resume', 'model.rnn', ...endless];
      // Every other kill lands while a write is under way; the rest at random moments after one.
      const { killed } = await trainAndKill(args, dir, file, since, k % 2 === 1 ? undefined : times.next().value as number);
      expect(killed).toBe(true);
      const loaded = loadCharLM(readFileSync(file));
      const step = (loaded.extras as { run?: { checkpoint: { trainer: { step: number } } } }).run?.checkpoint.trainer.step ?? -1;
      expect(step).toBeGreaterThanOrEqual(steps);
      steps = step;
      survived++;
      // A kill in the middle of a write leaves its temporary file behind (never the model file half-written).
      midWrite += temporaries();
    }
    expect(survived).toBe(KILLS);
    // Every run killed after a checkpoint landed added at least one step (the mid-write kills may add none).
    expect(steps).toBeGreaterThanOrEqual(KILLS / 2);
    // The next run clears what the killed one left.
    const last = recurrent(['train', '--resume', 'model.rnn', ...common, '--steps', '1'], dir);
    expect(last.status, last.stderr).toBe(0);
    expect(temporaries()).toBe(0);
    console.log(`kill test: ${survived}/${KILLS} kills survived, ${midWrite} of them during a write, up to step ${steps}`);
  }, 240_000);
});
