import { describe, expect, it } from 'vitest';
import { gitignoreFilter, selectWorkspaceFiles } from '../src/workspace.js';

const LIMITS = { maxFiles: 3, maxBytes: 1000, fileSizeLimit: 400 };

describe('which workspace files are learnt', () => {
  it('puts files like the edited one first, then the most recently changed, within the limits', () => {
    const chosen = selectWorkspaceFiles([
      { path: 'a.py', size: 100, mtime: 5 },
      { path: 'b.ts', size: 100, mtime: 1 },
      { path: 'c.ts', size: 100, mtime: 3 },
      { path: 'huge.ts', size: 500, mtime: 9 },
      { path: 'empty.ts', size: 0, mtime: 9 },
      { path: 'd.md', size: 100, mtime: 7 },
      { path: 'e.md', size: 100, mtime: 6 },
    ], LIMITS, { preferredExtension: '.ts' });
    expect(chosen.map((c) => c.path)).toEqual(['c.ts', 'b.ts', 'd.md']);
  });

  it('skips a file that would pass the byte limit but keeps looking for smaller ones', () => {
    const chosen = selectWorkspaceFiles([
      { path: 'big.js', size: 390, mtime: 3 }, { path: 'bigger.js', size: 395, mtime: 2 }, { path: 'third.js', size: 390, mtime: 1 }, { path: 'small.js', size: 10, mtime: 0 },
    ], LIMITS);
    expect(chosen.map((c) => c.path)).toEqual(['big.js', 'bigger.js', 'small.js']);
  });

  it('honours .gitignore files, each below its own folder', () => {
    const ignored = gitignoreFilter([
      { path: '.gitignore', text: 'dist/\n*.log\n!keep.log\n' },
      { path: 'pkg/.gitignore', text: 'generated.ts\n' },
    ]);
    expect(ignored('dist/index.js')).toBe(true);
    expect(ignored('src/dist/x.js')).toBe(true);
    expect(ignored('debug.log')).toBe(true);
    expect(ignored('keep.log')).toBe(false);
    expect(ignored('pkg/generated.ts')).toBe(true);
    expect(ignored('generated.ts')).toBe(false);
    expect(ignored('src/main.ts')).toBe(false);
    const chosen = selectWorkspaceFiles([{ path: 'dist/a.js', size: 1, mtime: 1 }, { path: 'src/a.js', size: 1, mtime: 1 }], LIMITS, { isIgnored: ignored });
    expect(chosen.map((c) => c.path)).toEqual(['src/a.js']);
  });
});
