import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { torchFixtureDir } from '@recurrent/test-utils';

const fixturesDir = torchFixtureDir();

// The command as a user runs it: the built CLI, spawned, on a directory.
const cli = fileURLToPath(new URL('../dist/conformance/cli.js', import.meta.url));
const run = (dir: string) => spawnSync(process.execPath, [cli, dir], { encoding: 'utf8' });

describe('the conformance command', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'conformance-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('passes every PyTorch fixture of the repository: bidirectional, rnn_relu, dropout in eval, packed sequences and embeddings too', () => {
    const result = run(fixturesDir);
    expect(result.stdout).toMatch(/^15 passed, 0 failed$/m);
    expect(result.status).toBe(0);
    expect(result.stdout.match(/^PASS /gm)).toHaveLength(15);
    for (const kind of ['bidirectional', 'rnn_relu', 'dropout_eval', 'packed', 'embedding']) expect(result.stdout).toContain(kind);
  });

  it('fails a file whose stored gradient was tampered with, naming the tensor', () => {
    const name = '03_lstm_L1_I5_H8_B3_T7.json';
    const fixture = JSON.parse(readFileSync(join(fixturesDir, name), 'utf8'));
    fixture.grads.weight_hh_l0.data[5] += 0.01;
    writeFileSync(join(scratch, name), JSON.stringify(fixture));
    copyFileSync(join(fixturesDir, '06_gru_L1_I5_H8_B1_T7.json'), join(scratch, 'public_06.json'));
    const result = run(scratch);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/FAIL 03_lstm.*grads\.weight_hh_l0/);
    expect(result.stdout).toMatch(/PASS public_06\.json/);
    expect(result.stdout).toMatch(/^1 passed, 1 failed$/m);
  });

  it('reports a file that is not a fixture, and an empty or missing directory', () => {
    const bad = mkdtempSync(join(scratch, 'bad-'));
    writeFileSync(join(bad, 'broken.json'), '{"format": "something-else"}');
    expect(run(bad).stdout).toMatch(/FAIL broken\.json: format is "something-else"/);
    const empty = mkdtempSync(join(scratch, 'empty-'));
    expect(run(empty).status).toBe(2);
    expect(run(join(scratch, 'missing')).status).toBe(2);
  });

  it('is what `pnpm conformance` runs', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(manifest.scripts.conformance).toBe('node dist/conformance/cli.js');
    expect(() => execFileSync(process.execPath, [cli], { stdio: 'pipe' })).toThrow();
  });
});
