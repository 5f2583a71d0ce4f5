/**
 * The Python trainer reads training text as the CLI does (apps/cli/src/input.ts), so one file
 * gives one vocabulary on both sides. Runs recurrent_torch/corpus.py as a plain script: no
 * PyTorch needed. The oracle for the text is the WHATWG UTF-8 decoder the CLI reads with; for
 * refusals, the built CLI itself.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const READER = fileURLToPath(new URL('../recurrent_torch/corpus.py', import.meta.url));
const CLI = fileURLToPath(new URL('../../../apps/cli/dist/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'recurrent-corpus-'));

function file(name: string, bytes: number[] | string): string {
  const path = join(dir, name);
  writeFileSync(path, typeof bytes === 'string' ? bytes : Uint8Array.from(bytes));
  return path;
}

const python = (path: string) => spawnSync('python3', [READER, path], { encoding: 'utf8' });
const cliTrain = (path: string) => spawnSync(process.execPath, [CLI, 'train', path, '--steps', '1', '--no-report', '--out', join(dir, 'm.rnn')], { encoding: 'utf8' });
const BOM = [0xef, 0xbb, 0xbf];

describe("the Python trainer's corpus reader matches the CLI's", () => {
  it('drops one leading U+FEFF and keeps any other, as the CLI\'s decoder does', () => {
    const cases: [string, number[]][] = [
      ['bom.txt', [...BOM, ...Buffer.from('héllo')]],
      ['two-boms.txt', [...BOM, ...BOM, 0x61]],
      ['inner-bom.txt', [0x61, ...BOM, 0x62]],
      ['plain.txt', [...Buffer.from('naïve 😀\r\n')]],
    ];
    for (const [name, bytes] of cases) {
      const run = python(file(name, bytes));
      expect(run.status, run.stderr).toBe(0);
      const [text] = JSON.parse(run.stdout) as string[];
      expect(text).toBe(new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes)));
    }
    // Stated by hand too, so the two cannot agree on keeping the mark.
    expect(JSON.parse(python(file('bom.txt', [...BOM, 0x68, 0x69])).stdout)).toEqual(['hi']);
    expect(JSON.parse(python(file('two-boms.txt', [...BOM, ...BOM, 0x61])).stdout)).toEqual(['\uFEFFa']);
  });

  it('refuses NUL bytes, bytes that are not UTF-8 and empty files, as the CLI does', () => {
    for (const [name, bytes, reason] of [
      ['nul.txt', [0x61, 0x00, 0x62], /looks binary \(it contains NUL bytes\)/],
      ['latin1.txt', [0x63, 0x61, 0x66, 0xe9], /not (valid )?UTF-8/],
      ['empty.txt', [], /is empty/],
    ] as const) {
      const path = file(name, [...bytes]);
      const ours = python(path), theirs = cliTrain(path);
      expect(ours.status).toBe(1);
      expect(ours.stderr).toMatch(reason);
      expect(theirs.status).toBe(3);
      expect(theirs.stderr).toMatch(reason);
    }
  });
});
