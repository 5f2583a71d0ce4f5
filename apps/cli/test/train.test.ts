import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recurrent, recurrentAsync, TINY, workspace } from './helpers.js';

describe('recurrent train', () => {
  it('trains, saves the model and the report, and reports the run as JSON', () => {
    const { dir, text } = workspace();
    const run = recurrent(['train', text, ...TINY, '--steps', '20', '--out', 'm.rnn', '--json'], dir);
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.steps).toBe(20);
    expect(out.losses).toHaveLength(20);
    expect(out.losses.at(-1)).toBeLessThan(out.losses[0]);
    expect(out.validationLosses.map((v: [number, number]) => v[0])).toEqual([5, 10, 15, 20]);
    expect(existsSync(join(dir, 'm.rnn'))).toBe(true);
    expect(readFileSync(join(dir, 'm.report.html'), 'utf8')).toContain('<svg');
  });

  it('shows progress, the loss curve and where the model went', () => {
    const { dir, text } = workspace();
    const run = recurrent(['train', text, ...TINY, '--steps', '10', '--out', 'm.rnn', '--no-report'], dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/step 10\/10 +loss \d\.\d{3} · \d\.\d\d bits\/char · [\d,]+ chars\/s/);
    expect(run.stderr).toMatch(/training loss \(nats\), steps 1–10/);
    expect(run.stderr).toMatch(/model saved to m\.rnn$/m);
    expect(existsSync(join(dir, 'm.report.html'))).toBe(false);
  });

  it.each([[[]], [['--tbptt']]])('a resumed checkpoint continues the same loss curve %j', (extra) => {
    const { dir, text } = workspace();
    const args = (steps: number, out: string) => ['train', text, ...TINY, ...extra, '--steps', String(steps), '--out', out, '--no-report', '--json'];
    const whole = JSON.parse(recurrent(args(16, 'whole.rnn'), dir).stdout);
    expect(recurrent(args(8, 'half.rnn'), dir).status).toBe(0);
    const resumed = recurrent(['train', '--resume', 'half.rnn', '--steps', '8', '--out', 'half.rnn', '--no-report', '--json'], dir);
    expect(resumed.status, resumed.stderr).toBe(0);
    const rest = JSON.parse(resumed.stdout);
    expect(rest.steps).toBe(16);
    expect(rest.losses).toEqual(whole.losses);
    // Every run also validates at its last step: the interrupted run adds step 8.
    expect(rest.validationLosses.filter(([step]: [number, number]) => step !== 8)).toEqual(whole.validationLosses);
  });

  it('Ctrl-C saves a checkpoint, exits 130, and the run resumes from it', async () => {
    const { dir, text } = workspace();
    let sent = false;
    const run = await recurrentAsync(['train', text, ...TINY, '--steps', '100000', '--out', 'm.rnn', '--no-report'], dir, (chunk, kill) => {
      if (!sent && /step \d+\//.test(chunk)) {
        sent = true;
        kill('SIGINT');
      }
    });
    expect(run.status, run.stderr).toBe(130);
    expect(run.stderr).toMatch(/interrupted at step (\d+).*continue with --resume m\.rnn/s);
    const stoppedAt = Number(/interrupted at step (\d+)/.exec(run.stderr)![1]);
    const resumed = recurrent(['train', '--resume', 'm.rnn', '--steps', '3', '--out', 'm.rnn', '--no-report', '--json'], dir);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout).steps).toBe(stoppedAt + 3);
  });

  it('trains on the shipped corpus when given no files', () => {
    const { dir } = workspace();
    const run = recurrent(['train', '--hidden', '8', '--steps', '3', '--seq-length', '16', '--batch', '2', '--out', 'c.rnn', '--no-report', '--json'], dir);
    expect(run.status, run.stderr).toBe(0);
    // The corpus is this project's own source: its vocabulary has far more than letters.
    expect(JSON.parse(run.stdout).vocabularySize).toBeGreaterThan(80);
  });
});
