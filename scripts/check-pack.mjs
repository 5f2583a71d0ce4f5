// Installs the package in the current directory from its tarball (scripts/pack-install.mjs)
// and imports every entry of its exports map from there — proof that what we publish installs
// and loads on its own, outside the monorepo. Run from a package folder (its `lint` script does).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installPacked } from './pack-install.mjs';

const here = process.cwd();
const manifest = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
const { project, remove } = installPacked(here);
try {
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
  remove();
}
