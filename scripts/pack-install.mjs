// Packs a workspace package and the workspace packages it depends on at run time with
// `pnpm pack`, and installs the tarballs with npm into a throwaway project: what a user of the
// published packages gets, outside the monorepo. Used by check-pack.mjs (every package's lint)
// and by tests that run a command from the installed package.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/** Every workspace package by name. */
function workspacePackages() {
  const byName = new Map();
  for (const group of ['packages', 'apps']) {
    let names;
    try { names = readdirSync(join(root, group)); } catch { continue; }
    for (const name of names) {
      try {
        const dir = join(root, group, name);
        byName.set(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name, dir);
      } catch { /* not a package */ }
    }
  }
  return byName;
}

/** The package in `dir` and the workspace packages it depends on at run time, recursively. */
function closure(dir, workspace, seen = new Map()) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (seen.has(manifest.name)) return seen;
  seen.set(manifest.name, dir);
  for (const dep of Object.keys(manifest.dependencies ?? {})) {
    if (workspace.has(dep)) closure(workspace.get(dep), workspace, seen);
  }
  return seen;
}

/**
 * `pnpm pack` in `dir`: through the pnpm running us when there is one (a package script), else
 * the root's pinned pnpm through npx (a test started by hand).
 */
function pack(dir, destination) {
  const pnpm = process.env.npm_execpath;
  if (pnpm && /pnpm/.test(pnpm)) {
    execFileSync(process.execPath, [pnpm, 'pack', '--pack-destination', destination], { cwd: dir, stdio: 'pipe' });
    return;
  }
  const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  execFileSync('npx', ['-y', packageManager, 'pack', '--pack-destination', destination], { cwd: dir, stdio: 'pipe' });
}

/**
 * Installs the package in `dir` from its tarball (and its workspace dependencies' tarballs)
 * into a new project under the system's temporary folder.
 * @param {string} dir a workspace package's folder
 * @returns {{ project: string, remove: () => void }} the project's folder, and how to delete it all
 */
export function installPacked(dir) {
  const scratch = mkdtempSync(join(tmpdir(), 'recurrent-pack-'));
  const remove = () => rmSync(scratch, { recursive: true, force: true });
  try {
    const tarballs = [];
    for (const packageDir of closure(dir, workspacePackages()).values()) {
      const before = new Set(readdirSync(scratch));
      pack(packageDir, scratch);
      tarballs.push(...readdirSync(scratch).filter((f) => f.endsWith('.tgz') && !before.has(f)).map((f) => join(scratch, f)));
    }
    const project = join(scratch, 'consumer');
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], { cwd: project, stdio: ['ignore', 'ignore', 'inherit'] });
    return { project, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
