#!/usr/bin/env node
/**
 * The base model's corpus, from packages of the two registries this machine reaches.
 *
 *   node corpus/corpus.mjs pin     sources.json → manifest.json: exact versions, licences, the
 *                                  sha256 of every archive and of every file kept
 *   node corpus/corpus.mjs build   manifest.json → out/train.txt, out/valid.txt (each archive and
 *                                  file checked against its sha256; a mismatch stops the build)
 *
 * npm packages come from `npm pack`, Debian packages from `apt-get download` unpacked with
 * `dpkg-deb -x` into a private folder: nothing is installed. Kept: source and documentation in
 * seven languages (below), valid UTF-8, no NUL, no minified or generated files, at most
 * MAX_FILE_BYTES a file and a cap per package. Left out on purpose: any package installed on this
 * machine, and any file whose bytes equal a file under /usr — text a fresh machine already has is
 * where the test texts come from (the keystroke corpora read /usr/lib/python3.N).
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const CACHE = join(HERE, '.cache');
const OUT = join(HERE, 'out');
const MANIFEST = join(HERE, 'manifest.json');

const LANGUAGE_OF_EXTENSION = {
  '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.jsx': 'javascript',
  '.ts': 'typescript', '.tsx': 'typescript', '.mts': 'typescript', '.cts': 'typescript',
  '.py': 'python', '.go': 'go', '.rs': 'rust', '.c': 'c', '.h': 'c',
  '.md': 'docs', '.markdown': 'docs', '.rst': 'docs',
};
const MAX_FILE_BYTES = 400_000;
const DEFAULT_PACKAGE_CAP = 4_000_000;
/** Licences (SPDX ids, Debian's short names) the corpus may hold: permissive ones only. */
const PERMISSIVE = /^(MIT|Expat|ISC|0BSD|BSD(-[0-9]-[Cc]lause)?[A-Za-z0-9-]*|Apache-2\.0|PSF[A-Za-z0-9.-]*|Python[A-Za-z0-9.-]*|Zlib|zlib|public-domain|Unlicense|CC0-1\.0|curl|X11|MIT-CMU|Unicode[A-Za-z0-9-]*|Sun|BSD-like|BSD-style|bsdlike|BSD-generic|permissive|other-permissive|Go|GAP|FSFULLR|FSFUL|FSFULLR-No-Warranty|Boost-1\.0|BSL-1\.0|BSL|ISC-like)$/;
/** Files separated in the corpus by a blank line more than any file has at its end. */
const SEPARATOR = '\n\n\n';
/** Bytes of each language in the committed held-out slice. */
const HELD_OUT_BYTES = 12_000;

function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

function run(cmd, args, cwd) {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
}

function walk(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** Downloads one package into a fresh folder; returns the archive's path and the unpacked root. */
function download(source) {
  const dir = join(CACHE, source.registry, source.name.replace(/[/@]/g, '_'));
  const done = join(dir, 'unpacked');
  if (existsSync(done)) return { archive: join(dir, readFileSync(done, 'utf8')), root: join(dir, 'x') };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'x'), { recursive: true });
  if (source.registry === 'npm') {
    const [packed] = JSON.parse(run('npm', ['pack', `${source.name}@${source.version}`, '--json', '--pack-destination', dir], dir));
    const archive = join(dir, packed.filename);
    run('tar', ['-xzf', archive, '-C', join(dir, 'x')]);
    writeFileSync(done, packed.filename);
    return { archive, root: join(dir, 'x') };
  }
  run('apt-get', ['download', `${source.name}${source.version ? `=${source.version}` : ''}`], dir);
  const archive = join(dir, readdirSync(dir).find((f) => f.endsWith('.deb')));
  run('dpkg-deb', ['-x', archive, join(dir, 'x')]);
  writeFileSync(done, relative(dir, archive));
  return { archive, root: join(dir, 'x') };
}

/** The text a file adds to the corpus, or why it is left out. */
function judgeFile(path, bytes) {
  const language = LANGUAGE_OF_EXTENSION[extname(path).toLowerCase()];
  if (!language) return { reason: 'not a source or documentation file' };
  if (/(^|\/)(usr\/share\/doc|testdata|vendor|fixtures?|__snapshots__)\//.test(path)) return { reason: 'documentation boilerplate, vendored or test data' };
  if (/\.min\.|[-.]bundle\.|\.map$/.test(path)) return { reason: 'minified or bundled' };
  if (bytes.length === 0 || bytes.length > MAX_FILE_BYTES) return { reason: 'empty or too large' };
  if (bytes.includes(0)) return { reason: 'binary' };
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { reason: 'not UTF-8' };
  }
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  if (lines.some((l) => l.length > 1000) || text.length / lines.length > 200) return { reason: 'minified (long lines)' };
  if (/^\/\/ Code generated .* DO NOT EDIT\.$/m.test(text.slice(0, 2000))) return { reason: 'generated' };
  return { language, text: text.trimEnd() + '\n' };
}

/** Whether an SPDX-style expression (`A or B`, `A and B`) names permissive licences only. */
function isPermissive(expression) {
  const parts = expression.split(/ OR | AND | or | and |,|\||[()]/).map((s) => s.trim()).filter(Boolean);
  return parts.length > 0 && parts.every((l) => PERMISSIVE.test(l));
}

/**
 * The licence of each file of a package. npm: package.json's `license`. Debian: the machine-readable
 * copyright file (DEP-5), whose `Files:` stanzas give licences by glob, the last match winning; a
 * stanza's patterns name source paths, matched here against the end of the installed path.
 * Returns `licenceOf(path)` (undefined: not permissive or unknown) and the licences met.
 */
function licencesOf(source, root) {
  if (source.registry === 'npm') {
    // npm archives hold one top folder, usually package/ (the @types ones name it after the package).
    const [top] = readdirSync(root);
    const pkg = JSON.parse(readFileSync(join(root, top, 'package.json'), 'utf8'));
    const licence = typeof pkg.license === 'string' ? pkg.license : pkg.license?.type;
    const ok = licence !== undefined && isPermissive(licence);
    return { summary: licence ?? 'unknown', licenceOf: () => (ok ? licence : undefined) };
  }
  const copyright = walk(root).find((p) => p.endsWith(`/usr/share/doc/${source.name}/copyright`));
  const text = copyright ? readFileSync(copyright, 'utf8') : '';
  if (!text.startsWith('Format:')) return { summary: 'no machine-readable copyright file', licenceOf: () => undefined };
  const stanzas = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    const files = /^Files:((?:.*\n?)(?:[ \t]+.*\n?)*)/m.exec(paragraph);
    const licence = /^License: *(.+)$/m.exec(paragraph);
    if (!files || !licence) continue;
    const patterns = files[1].split(/\s+/).filter(Boolean).map((glob) =>
      new RegExp(`(^|/)${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`));
    stanzas.push({ patterns, licence: licence[1].trim() });
  }
  const used = new Set();
  return {
    get summary() { return [...used].join(', ') || 'none'; },
    licenceOf(path) {
      let licence;
      for (const stanza of stanzas) if (stanza.patterns.some((p) => p.test(path))) licence = stanza.licence;
      if (licence === undefined || !isPermissive(licence)) return undefined;
      used.add(licence);
      return licence;
    },
  };
}

/** sha256 of every candidate file under /usr: text this machine kind ships, kept out of the corpus. */
function preinstalledHashes() {
  const hashes = new Set();
  const visit = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) visit(path);
      else if (e.isFile() && LANGUAGE_OF_EXTENSION[extname(e.name).toLowerCase()]) {
        try {
          if (statSync(path).size <= MAX_FILE_BYTES) hashes.add(sha256(readFileSync(path)));
        } catch { /* unreadable: not ours to judge */ }
      }
    }
  };
  for (const dir of ['/usr/lib', '/usr/share', '/usr/include', '/usr/local/lib']) visit(dir);
  return hashes;
}

function installedDebianPackages() {
  return new Set(run('dpkg-query', ['-W', '-f=${Package}\n']).split('\n').filter(Boolean));
}

/** Resolves sources.json into manifest.json. */
function pin() {
  const sources = JSON.parse(readFileSync(join(HERE, 'sources.json'), 'utf8'));
  const preinstalled = preinstalledHashes();
  const installed = installedDebianPackages();
  const npmPreinstalled = new Set(readdirSync('/usr/lib/node_modules/npm/node_modules'));
  console.log(`${preinstalled.size} preinstalled files hashed`);
  const packages = [];
  const all = [
    ...sources.npm.map(([spec, split, cap]) => ({ registry: 'npm', name: spec.slice(0, spec.lastIndexOf('@')), version: spec.slice(spec.lastIndexOf('@') + 1), split, cap })),
    ...sources.debian.map(([name, split, cap]) => ({ registry: 'debian', name, version: undefined, split, cap })),
  ];
  for (const source of all) {
    if (source.registry === 'debian' && installed.has(source.name)) { console.log(`skip ${source.name}: installed on this machine`); continue; }
    if (source.registry === 'npm' && npmPreinstalled.has(source.name)) { console.log(`skip ${source.name}: preinstalled with npm`); continue; }
    let fetched;
    try {
      fetched = download(source);
    } catch (error) {
      console.log(`skip ${source.name}: ${error.message.split('\n')[0]}`);
      continue;
    }
    const { archive, root } = fetched;
    if (source.registry === 'debian') source.version = run('dpkg-deb', ['-f', archive, 'Version']).trim();
    const licences = licencesOf(source, root);
    const candidates = walk(root).map((p) => relative(root, p)).sort((a, b) => sha256(a).localeCompare(sha256(b)));
    const files = [];
    let bytes = 0;
    const cap = source.cap ?? DEFAULT_PACKAGE_CAP;
    for (const path of candidates) {
      const raw = readFileSync(join(root, path));
      const hash = sha256(raw);
      if (preinstalled.has(hash)) continue;
      const licence = licences.licenceOf(path);
      if (licence === undefined) continue;
      const judged = judgeFile(path, raw);
      if (!judged.text) continue;
      if (bytes + raw.length > cap) continue;
      bytes += raw.length;
      files.push({ path, sha256: hash, bytes: raw.length, language: judged.language, licence });
    }
    files.sort((a, b) => a.path.localeCompare(b.path));
    if (files.length === 0) { console.log(`skip ${source.name}@${source.version}: no file kept (licences: ${licences.summary})`); continue; }
    const licence = [...new Set(files.map((f) => f.licence))].join(', ');
    // One row a file, [path, sha256, bytes, language, licence]: 28 k files stay a few MB.
    const rows = files.map((f) => [f.path, f.sha256, f.bytes, f.language, f.licence]);
    packages.push({ registry: source.registry, name: source.name, version: source.version, licence, split: source.split, archiveSha256: sha256(readFileSync(archive)), files: rows });
    console.log(`${source.registry} ${source.name}@${source.version} (${licence}): ${files.length} files, ${(bytes / 1e6).toFixed(2)} MB`);
  }
  writeAtomically(MANIFEST, manifestText(packages));
}

/** The manifest as JSON with one line a package header and one a file, so a diff shows what changed. */
function manifestText(packages) {
  const lines = packages.map(({ files, ...entry }) => `  {${JSON.stringify(entry).slice(1, -1)}, "files": [\n${files.map((f) => `   ${JSON.stringify(f)}`).join(',\n')}\n  ]}`);
  return `{"format": "recurrent-corpus-manifest", "version": 1, "columns": ["path", "sha256", "bytes", "language", "licence"], "packages": [\n${lines.join(',\n')}\n]}\n`;
}

/** Rebuilds the corpus from manifest.json, checking every hash. */
function build() {
  const { packages } = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  const texts = { train: [], valid: [] };
  const stats = {};
  for (const entry of packages) {
    const { archive, root } = download(entry);
    const got = sha256(readFileSync(archive));
    if (got !== entry.archiveSha256) throw new Error(`${entry.name}@${entry.version}: archive sha256 ${got}, the manifest says ${entry.archiveSha256}`);
    for (const [path, hash, , language] of entry.files) {
      const file = { path, sha256: hash, language };
      const raw = readFileSync(join(root, file.path));
      if (sha256(raw) !== file.sha256) throw new Error(`${entry.name}@${entry.version}: ${file.path} does not match its sha256`);
      const { text } = judgeFile(file.path, raw);
      texts[entry.split].push({ key: sha256(`${entry.name}/${file.path}`), text, language });
      const s = (stats[file.language] ??= { files: 0, bytes: 0 });
      s.files++;
      s.bytes += raw.length;
    }
  }
  mkdirSync(OUT, { recursive: true });
  for (const split of ['train', 'valid']) {
    // Files in an order fixed by their names' hashes: languages interleaved, the same every build.
    const joined = texts[split].sort((a, b) => a.key.localeCompare(b.key)).map((t) => t.text).join(SEPARATOR);
    writeAtomically(join(OUT, `${split}.txt`), joined);
    console.log(`${split}: ${texts[split].length} files, ${(Buffer.byteLength(joined) / 1e6).toFixed(1)} MB`);
  }
  writeAtomically(join(OUT, 'stats.json'), JSON.stringify(stats, null, 1) + '\n');
  // The held-out slice a test checks the shipped model on: whole held-out files, in the same
  // order, ~HELD_OUT_BYTES of each language (small enough to commit and to score in CI).
  mkdirSync(join(OUT, 'held-out'), { recursive: true });
  for (const language of new Set(Object.values(LANGUAGE_OF_EXTENSION))) {
    const chosen = [];
    let size = 0;
    for (const t of texts.valid) {
      if (t.language !== language || size >= HELD_OUT_BYTES || Buffer.byteLength(t.text) > HELD_OUT_BYTES) continue;
      chosen.push(t.text);
      size += Buffer.byteLength(t.text);
    }
    if (chosen.length > 0) writeAtomically(join(OUT, 'held-out', `${language}.txt`), chosen.join(SEPARATOR));
  }
  console.table(stats);
}

/** NOTICE: every package the model learnt from, its version and licences, and what the held-out slice holds. */
function notice() {
  const { packages } = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  const lines = [
    'The base model (model/base.safetensors) was trained on the text of the packages below, each under',
    'the licences listed (per file, from its package.json or its Debian copyright file). The files of',
    'held-out/ are excerpts of the packages marked "held out", kept verbatim under their licences.',
    'The model file holds learnt weights, not the texts.',
    '',
    ...packages.map((p) => `${p.registry === 'npm' ? 'npm' : 'Debian'} ${p.name} ${p.version}${p.split === 'valid' ? ' (held out)' : ''}: ${p.licence}`),
    '',
  ];
  writeAtomically(join(HERE, '..', 'NOTICE'), lines.join('\n'));
}

function writeAtomically(path, text) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

const command = process.argv[2];
if (command === 'pin') pin();
else if (command === 'build') {
  build();
  notice();
}
else {
  console.error('usage: node corpus/corpus.mjs pin|build');
  process.exit(2);
}
