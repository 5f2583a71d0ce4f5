import ignore, { type Ignore } from 'ignore';
import { extname, posix } from 'node:path';

/** A file of the workspace as the search found it: its path relative to the folder, size and last change. */
export interface Candidate {
  path: string;
  size: number;
  mtime: number;
}

export interface WorkspaceLimits {
  /** At most this many files. */
  maxFiles: number;
  /** At most this many bytes in all. */
  maxBytes: number;
  /** No file larger than this (the same limit as open documents). */
  fileSizeLimit: number;
}

/**
 * The files to learn from, most relevant first: not ignored, not too large, files of the same
 * kind as the one being edited (by extension) ahead of the rest, and within each group the most
 * recently changed first — what the user works on now predicts what they type next. Stops at
 * the count and byte limits, so a huge repository costs no more than a small one.
 */
export function selectWorkspaceFiles<C extends Candidate>(candidates: readonly C[], limits: WorkspaceLimits, options: { preferredExtension?: string | undefined; isIgnored?: (path: string) => boolean } = {}): C[] {
  const { preferredExtension, isIgnored = () => false } = options;
  const preferred = (c: C) => (preferredExtension !== undefined && extname(c.path) === preferredExtension ? 0 : 1);
  const ranked = candidates
    .filter((c) => c.size > 0 && c.size <= limits.fileSizeLimit && !isIgnored(c.path))
    .sort((a, b) => preferred(a) - preferred(b) || b.mtime - a.mtime || a.path.localeCompare(b.path));
  const chosen: C[] = [];
  let bytes = 0;
  for (const c of ranked) {
    if (chosen.length >= limits.maxFiles) break;
    if (bytes + c.size > limits.maxBytes) continue;
    chosen.push(c);
    bytes += c.size;
  }
  return chosen;
}

/**
 * A predicate over workspace-relative paths from the folder's .gitignore files, each applying
 * below its own folder as git applies them (the rules of `ignore`, the library ESLint uses).
 *
 * @param files each .gitignore's path relative to the workspace folder and its text
 */
export function gitignoreFilter(files: readonly { path: string; text: string }[]): (path: string) => boolean {
  const rules: { base: string; rules: Ignore }[] = files.map((f) => ({ base: posix.dirname(f.path), rules: ignore().add(f.text) }));
  return (path) => rules.some(({ base, rules: r }) => {
    if (base === '.') return r.ignores(path);
    return path.startsWith(`${base}/`) && r.ignores(path.slice(base.length + 1));
  });
}
