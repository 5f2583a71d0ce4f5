// Collects the corpus shipped with the CLI: this repository's own TypeScript sources and READMEs
// (MIT, like everything here), in a fixed order so every build ships the same text. It is what
// `recurrent` trains on when given no files.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const out = join(here, '..', 'corpus', 'corpus.txt');

function walk(dir, keep) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name === 'dist' || name === 'build' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...walk(path, keep));
    else if (keep(path)) found.push(path);
  }
  return found;
}

const files = ['packages', 'apps'].flatMap((group) => walk(join(root, group), (p) => /\/src\/.*\.ts$/.test(p) || /\/README\.md$/.test(p)));
files.unshift(join(root, 'README.md'));
const text = files.map((f) => `// ${relative(root, f)}\n${readFileSync(f, 'utf8')}`).join('\n');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(`${out}.tmp`, text);
renameSync(`${out}.tmp`, out);
console.log(`corpus: ${files.length} files, ${text.length} characters -> ${relative(root, out)}`);
