import { describe, expect, it } from 'vitest';
import { recurrent, workspace } from './helpers.js';

describe('recurrent with no command (the README main job)', () => {
  it('types a file it never learned with the base model and saves more keystrokes than word completion', () => {
    const { dir } = workspace();
    const run = recurrent(['--json'], dir);
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.typed.file).toBe('apps/cli/src/commands/train.ts');
    expect(out.typed.keystrokesWithout).toBeGreaterThan(1000);
    // The product's claim, measured on this run's typing: more saved, fewer wrong suggestions.
    expect(out.recurrent.saved).toBeGreaterThan(out.wordCompletion.saved);
    expect(out.recurrent.wrongPer100).toBeLessThan(out.wordCompletion.wrongPer100);
    expect(out.examples.length).toBeGreaterThan(0);
    for (const e of out.examples) expect(e.accepted).toBeLessThanOrEqual(e.suggestion.length);
  }, 300_000);
});
