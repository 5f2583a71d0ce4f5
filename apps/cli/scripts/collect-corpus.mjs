// Collects the corpus shipped with the CLI: this repository's own TypeScript sources and READMEs
// (MIT, like everything here), in a fixed order so every build ships the same text. It is what
// `recurrent train` trains on when given no files, and what the main job learns and types.
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
const sources = files.map((f) => ({ path: relative(root, f), text: readFileSync(f, 'utf8') }));
const text = sources.map((f) => `// ${f.path}\n${f.text}`).join('\n');
mkdirSync(dirname(out), { recursive: true });
// corpus.txt: one text to train on; files.json: the same files apart, for the main job's typing demo.
for (const [file, content] of [[out, text], [join(dirname(out), 'files.json'), JSON.stringify(sources)]]) {
  writeFileSync(`${file}.tmp`, content);
  renameSync(`${file}.tmp`, file);
}
console.log(`corpus: ${files.length} files, ${text.length} characters -> ${relative(root, out)}`);
