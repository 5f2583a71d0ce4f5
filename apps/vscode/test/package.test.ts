import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const app = fileURLToPath(new URL('..', import.meta.url));
const vsce = join(createRequire(import.meta.url).resolve('@vscode/vsce/package.json'), '..', 'vsce');

/** The names in a zip file's central directory (a .vsix is a zip). */
function zipEntries(bytes: Buffer): string[] {
  const names: string[] = [];
  for (let i = 0; i + 46 <= bytes.length; i++) {
    if (bytes.readUInt32LE(i) !== 0x02014b50) continue; // central directory file header
    const nameLength = bytes.readUInt16LE(i + 28);
    names.push(bytes.subarray(i + 46, i + 46 + nameLength).toString('utf8'));
  }
  return names;
}

describe('the .vsix', () => {
  it('packages the bundled extension and its worker, nothing else of the sources', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'vsix-')), 'recurrent.vsix');
    execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', out], { cwd: app, stdio: 'pipe' });
    const entries = zipEntries(readFileSync(out));
    expect(entries).toContain('extension/dist/extension.js');
    expect(entries).toContain('extension/dist/worker.js');
    expect(entries).toContain('extension/package.json');
    expect(entries.some((e) => e.startsWith('extension/src/') || e.includes('node_modules'))).toBe(false);
  }, 60_000);
});
