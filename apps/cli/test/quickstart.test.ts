import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recurrent, workspace } from './helpers.js';

describe('recurrent with no command (the README main job)', () => {
  it('trains on the shipped corpus and prints completions for a few prompts', () => {
    const { dir } = workspace();
    const run = recurrent(['--json'], dir);
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.completions.map((c: { prompt: string }) => c.prompt)).toEqual(['export function ', 'const ', '/** The ', 'import { ']);
    for (const c of out.completions) expect([...c.completion]).toHaveLength(40);
    // Learned something: well below the uniform guess over its ~150 symbols (ln 150 ≈ 5).
    expect(out.finalLoss).toBeLessThan(3);
    expect(existsSync(join(dir, 'recurrent-model.rnn'))).toBe(true);
  }, 120_000);
});
