// Packs the package in the current directory (and the workspace packages it depends on) with
// `pnpm pack`, installs the tarballs into a throwaway project with npm, and imports every
// entry of its exports map from there — proof that what we publish installs and loads on its
// own, outside the monorepo. Run from a package folder (its `lint` script does).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const pnpm = process.env.npm_execpath;
if (!pnpm) throw new Error('check-pack: run me through pnpm (e.g. `pnpm lint`) so that pnpm pack is at hand');

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

const here = process.cwd();
const manifest = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
const scratch = mkdtempSync(join(tmpdir(), 'recurrent-pack-'));
try {
  const tarballs = [];
  for (const dir of closure(here, workspacePackages()).values()) {
    const before = new Set(readdirSync(scratch));
    execFileSync(process.execPath, [pnpm, 'pack', '--pack-destination', scratch], { cwd: dir, stdio: 'pipe' });
    tarballs.push(...readdirSync(scratch).filter((f) => f.endsWith('.tgz') && !before.has(f)).map((f) => join(scratch, f)));
  }
  const project = join(scratch, 'consumer');
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], { cwd: project, stdio: 'inherit' });

  const entries = Object.keys(manifest.exports ?? { '.': null }).filter((e) => e !== './package.json');
  const probe = entries.map((entry, i) => {
    const specifier = entry === '.' ? manifest.name : `${manifest.name}/${entry.slice(2)}`;
    return `const m${i} = await import(${JSON.stringify(specifier)});\n` +
      `if (Object.keys(m${i}).length === 0) throw new Error(${JSON.stringify(`${specifier} exports nothing`)});\n` +
      `console.log(${JSON.stringify(`  ${specifier}:`)}, Object.keys(m${i}).sort().join(', '));`;
  }).join('\n');
  writeFileSync(join(project, 'probe.mjs'), probe);
  execFileSync(process.execPath, ['probe.mjs'], { cwd: project, stdio: 'inherit' });
  console.log(`check-pack: ${manifest.name} installs from its tarball and every export loads`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
