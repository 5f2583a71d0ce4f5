import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built command, run as a user runs it: a separate process. */
export const CLI = fileURLToPath(new URL('../dist/main.js', import.meta.url));

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function recurrent(args: string[], cwd: string): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the command and resolves when it exits; `onStderr` sees its progress as it comes. */
export function recurrentAsync(args: string[], cwd: string, onStderr: (chunk: string, kill: (signal: NodeJS.Signals) => void) => void): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      onStderr(String(d), (signal) => child.kill(signal));
    });
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A fresh folder with a small text file to train on. */
export function workspace(): { dir: string; text: string } {
  const dir = mkdtempSync(join(tmpdir(), 'recurrent-cli-'));
  const text = join(dir, 'poem.txt');
  writeFileSync(text, 'the quick brown fox jumps over the lazy dog.\nthe lazy dog sleeps in the sun.\n'.repeat(20));
  return { dir, text };
}

/** The tiny model settings every test trains with, so each run takes about a second. */
export const TINY = ['--hidden', '16', '--seq-length', '16', '--batch', '4', '--lr', '0.01', '--validation', '0.1', '--eval-every', '5'];
