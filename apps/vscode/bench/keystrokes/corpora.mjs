/**
 * The texts of the keystroke benchmark, read at run time from the machine (nothing is copied
 * into the repository). Fixed file lists, so every run on every machine of this kind uses the
 * same texts; the test files are never in the training files.
 *
 * - code: Python's standard library as Debian installs it (/usr/lib/python3.N, package
 *   libpython3.N-minimal / -stdlib; Python Software Foundation License 2.0). Train on six
 *   general-purpose modules (~410 KB), test on two others (~48 KB). The notes' baselines were
 *   measured on Python source too.
 * - prose: the licence texts in /usr/share/common-licenses (Debian's base-files; each licence
 *   text allows verbatim copying). Train on the GNU family plus Artistic, BSD and CC0 (~183 KB),
 *   test on Apache-2.0 and MPL-2.0 (~28 KB). MPL-1.1 is left out of both: it is MPL-2.0's
 *   predecessor and would leak much of the test text into training.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PYTHON_AUTO_INDENT } from './harness.mjs';

/** Training modules of the Python standard library (~410 KB). */
export const CODE_TRAIN = ['argparse.py', 'configparser.py', 'dataclasses.py', 'difflib.py', 'shutil.py', 'threading.py'];
/** Test modules (~48 KB): other files of the same kind. */
export const CODE_TEST = ['textwrap.py', 'fractions.py'];

export const LICENSES_DIR = '/usr/share/common-licenses';
/** Training licences (~183 KB). */
export const PROSE_TRAIN = ['GPL-1', 'GPL-2', 'GPL-3', 'LGPL-2', 'LGPL-2.1', 'LGPL-3', 'GFDL-1.2', 'GFDL-1.3', 'Artistic', 'BSD', 'CC0-1.0'];
/** Test licences (~28 KB). */
export const PROSE_TEST = ['Apache-2.0', 'MPL-2.0'];

/** In a quick run each test file is cut to about this many characters (at a line end). */
export const QUICK_TEST_CHARS = 5000;

/**
 * @typedef {object} CorpusFile
 * @property {string} path
 * @property {string} text   line ends normalised to \n
 * @property {number} bytes  size on disk
 * @property {number} chars  code points of `text`
 */

/**
 * @typedef {object} Corpus
 * @property {'code' | 'prose'} name
 * @property {string} description
 * @property {string} licence  of the texts (they are read, never shipped)
 * @property {boolean | import('./harness.mjs').AutoIndentRule} autoIndent  how the harness treats indentation
 * @property {CorpusFile[]} train
 * @property {CorpusFile[]} test
 */

/**
 * The Python standard library folder holding every file of both lists: /usr/lib/python3.N,
 * newest N first (then /usr/local/lib).
 * @returns {string}
 */
export function pythonLibDir() {
  const needed = [...CODE_TRAIN, ...CODE_TEST];
  for (const root of ['/usr/lib', '/usr/local/lib']) {
    if (!existsSync(root)) continue;
    const dirs = readdirSync(root)
      .filter((d) => /^python3\.\d+$/.test(d))
      .sort((a, b) => Number(b.slice(8)) - Number(a.slice(8)));
    for (const d of dirs) {
      const dir = join(root, d);
      if (needed.every((f) => existsSync(join(dir, f)))) return dir;
    }
  }
  throw new Error(`keystrokes: no Python 3 standard library with ${needed.join(', ')} under /usr/lib or /usr/local/lib`);
}

/**
 * @param {string} path
 * @returns {CorpusFile}
 */
function readCorpusFile(path) {
  const raw = readFileSync(path);
  const text = raw.toString('utf8').replace(/\r\n?/g, '\n');
  let chars = 0;
  for (const _ of text) chars++;
  return { path, text, bytes: raw.length, chars };
}

/**
 * The first ~`limit` characters of a file, cut after a line end.
 * @param {CorpusFile} file
 * @param {number} limit
 * @returns {CorpusFile}
 */
function head(file, limit) {
  if (file.text.length <= limit) return file;
  const cut = file.text.indexOf('\n', limit);
  const text = cut < 0 ? file.text : file.text.slice(0, cut + 1);
  let chars = 0;
  for (const _ of text) chars++;
  return { ...file, text, chars };
}

/**
 * Reads both corpora.
 * @param {{ quick?: boolean }} [options] quick: test files cut to ~QUICK_TEST_CHARS characters each
 * @returns {Corpus[]}
 */
export function loadCorpora({ quick = false } = {}) {
  const py = pythonLibDir();
  const cut = (/** @type {CorpusFile} */ f) => (quick ? head(f, QUICK_TEST_CHARS) : f);
  const version = py.slice(py.lastIndexOf('python') + 6);
  return [
    {
      name: 'code',
      description: `Python ${version} standard library (${py})`,
      licence: 'PSF-2.0 (Python Software Foundation License)',
      autoIndent: PYTHON_AUTO_INDENT,
      train: CODE_TRAIN.map((f) => readCorpusFile(join(py, f))),
      test: CODE_TEST.map((f) => cut(readCorpusFile(join(py, f)))),
    },
    {
      name: 'prose',
      description: `licence texts (${LICENSES_DIR})`,
      licence: 'each licence text permits verbatim copying',
      autoIndent: false,
      train: PROSE_TRAIN.map((f) => readCorpusFile(join(LICENSES_DIR, f))),
      test: PROSE_TEST.map((f) => cut(readCorpusFile(join(LICENSES_DIR, f)))),
    },
  ];
}
