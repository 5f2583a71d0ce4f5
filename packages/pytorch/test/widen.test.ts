/**
 * `widened_state` (recurrent_torch/widen.py) puts a trained CharLM inside a wider one: the wider
 * model's logits must be the narrow one's (the oracle: the narrow model itself, in PyTorch), and
 * a loss must reach the new units, or they would never learn. Installs Debian's python3-torch
 * when missing, as the end-to-end test does.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { pytorchEnvironment } from '../../../scripts/pytorch-environment.mjs';

const CHECK = fileURLToPath(new URL('./widen_check.py', import.meta.url));

interface Widened { difference: number; headGradient: number; newRowsGradient: number }

describe('widened_state', () => {
  let report: Record<string, Widened>;
  beforeAll(() => {
    const environment = pytorchEnvironment({ install: true }) as { python: string; env: NodeJS.ProcessEnv; missing?: string };
    if (environment.missing) throw new Error(`this test needs PyTorch: ${environment.missing}`);
    const run = spawnSync(environment.python, [CHECK], { env: environment.env, encoding: 'utf8', timeout: 300_000 });
    if (run.status !== 0) throw new Error(`widen_check.py failed (${run.status}):\n${run.stderr}`);
    report = JSON.parse(run.stdout) as Record<string, Widened>;
  }, 900_000);

  for (const cell of ['lstm', 'gru', 'rnn_tanh']) {
    it(`gives a ${cell} of 10 units the logits of the 6-unit one it grew from`, () => {
      expect(report[cell]!.difference).toBeLessThanOrEqual(1e-6);
    });
    it(`lets a loss reach the new units of the ${cell}: their head columns at once, their input rows after one step`, () => {
      expect(report[cell]!.headGradient).toBeGreaterThan(1e-4);
      expect(report[cell]!.newRowsGradient).toBeGreaterThan(0);
    });
  }
});
