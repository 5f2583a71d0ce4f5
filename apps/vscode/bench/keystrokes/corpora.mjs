/**
 * The texts of the keystroke benchmark, read at run time from the machine (nothing is copied
 * into the repository). Fixed file lists, so every run on every machine of this kind uses the
 * same texts; the test files are never in the training files.
 *
 * - project: one Python project — the standard library's asyncio package (/usr/lib/python3.N/asyncio,
 *   package libpython3.N-stdlib; Python Software Foundation License 2.0). Train on its other 31
 *   modules (~441 KB), test on streams.py and locks.py (~46 KB). This is the extension's use: the
 *   open files are the user's project, and the file being typed shares its names and idioms.
 * - code: the same library across unrelated modules. Train on six general-purpose modules
 *   (~410 KB), test on two others (~48 KB): a file that shares little with the open ones. The
 *   notes' baselines were measured on Python source too.
 * - tuning (not a test corpus): another project, the email package — train on its other 18
 *   modules (~298 KB), type message.py and feedparser.py (~71 KB). The extension's confidence
 *   setting is chosen on it, never on the test files.
 * - prose: the licence texts in /usr/share/common-licenses (Debian's base-files; each licence
 *   text allows verbatim copying). Train on the GNU family plus Artistic, BSD and CC0 (~183 KB),
 *   test on Apache-2.0 and MPL-2.0 (~28 KB). MPL-1.1 is left out of both: it is MPL-2.0's
 *   predecessor and would leak much of the test text into training.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { keystrokes } from '@recurrent/completion';

/** Training modules of the Python standard library (~410 KB). */
export const CODE_TRAIN = ['argparse.py', 'configparser.py', 'dataclasses.py', 'difflib.py', 'shutil.py', 'threading.py'];
/** Test modules (~48 KB): other files of the same kind. */
export const CODE_TEST = ['textwrap.py', 'fractions.py'];

export const LICENSES_DIR = '/usr/share/common-licenses';
/** Training licences (~183 KB). */
export const PROSE_TRAIN = ['GPL-1', 'GPL-2', 'GPL-3', 'LGPL-2', 'LGPL-2.1', 'LGPL-3', 'GFDL-1.2', 'GFDL-1.3', 'Artistic', 'BSD', 'CC0-1.0'];
/** Test licences (~28 KB). */
export const PROSE_TEST = ['Apache-2.0', 'MPL-2.0'];

/** The project corpus: a package of the standard library; its test modules, the rest trains. */
export const PROJECT_PACKAGE = 'asyncio';
export const PROJECT_TEST = ['streams.py', 'locks.py'];

/** The corpus the confidence setting is tuned on: another package, its held-out modules. */
export const TUNING_PACKAGE = 'email';
export const TUNING_HELD_OUT = ['message.py', 'feedparser.py'];

/**
 * The JavaScript project: npm's own source, preinstalled with Node.js under /usr/lib/node_modules
 * (Artistic-2.0; read, never shipped, and kept out of the base model's corpus like all of /usr).
 * Its other modules of lib/ train (~520 KB); two modules are typed (~28 KB).
 */
export const NPM_DIR = '/usr/lib/node_modules/npm';
export const JS_PROJECT_TEST = ['lib/commands/publish.js', 'lib/utils/display.js'];

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
 * @property {'cold' | 'js-project' | 'project' | 'code' | 'prose' | 'tuning'} name
 * @property {string} description
 * @property {string} licence  of the texts (they are read, never shipped)
 * @property {boolean | import('@recurrent/completion').keystrokes.AutoIndentRule} autoIndent  how the harness treats indentation
 * @property {CorpusFile[]} train
 * @property {CorpusFile[]} test
 */

/**
 * The Python standard library folder holding every file of both lists: /usr/lib/python3.N,
 * newest N first (then /usr/local/lib).
 * @returns {string}
 */
export function pythonLibDir() {
  const needed = [...CODE_TRAIN, ...CODE_TEST, ...PROJECT_TEST.map((f) => join(PROJECT_PACKAGE, f)), ...TUNING_HELD_OUT.map((f) => join(TUNING_PACKAGE, f))];
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
  const js = jsProjectCorpus(cut);
  return [
    { name: 'cold', ...js, description: `cold start: nothing open, ${js.description}`, train: [] },
    { name: 'js-project', ...js },
    { name: 'project', ...packageCorpus(PROJECT_PACKAGE, PROJECT_TEST, `one project, Python ${version}`, cut) },
    {
      name: 'code',
      description: `Python ${version} standard library (${py})`,
      licence: 'PSF-2.0 (Python Software Foundation License)',
      autoIndent: keystrokes.PYTHON_AUTO_INDENT,
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

/**
 * A package of the standard library as a corpus: its other modules train, `heldOut` is typed.
 * @param {string} name  the package folder
 * @param {string[]} heldOut
 * @param {string} description
 * @param {(f: CorpusFile) => CorpusFile} cut
 * @returns {Omit<Corpus, 'name'>}
 */
function packageCorpus(name, heldOut, description, cut) {
  const folder = join(pythonLibDir(), name);
  const train = readdirSync(folder).filter((f) => f.endsWith('.py') && !heldOut.includes(f)).sort();
  return {
    description: `${description}: the ${name} package (${folder})`,
    licence: 'PSF-2.0 (Python Software Foundation License)',
    autoIndent: keystrokes.PYTHON_AUTO_INDENT,
    train: train.map((f) => readCorpusFile(join(folder, f))),
    test: heldOut.map((f) => cut(readCorpusFile(join(folder, f)))),
  };
}

/**
 * npm's lib/ as a corpus: the JavaScript project (see NPM_DIR).
 * @param {(f: CorpusFile) => CorpusFile} cut
 * @returns {Omit<Corpus, 'name'>}
 */
function jsProjectCorpus(cut) {
  const lib = join(NPM_DIR, 'lib');
  /** @type {(dir: string) => string[]} */
  const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : []);
  const test = JS_PROJECT_TEST.map((f) => join(NPM_DIR, f));
  return {
    description: `one JavaScript project: npm's lib/ (${lib})`,
    licence: 'Artistic-2.0 (npm)',
    autoIndent: true,
    train: walk(lib).filter((f) => !test.includes(f)).sort().map(readCorpusFile),
    test: test.map((f) => cut(readCorpusFile(f))),
  };
}

/**
 * The corpus the confidence setting is tuned on (never a test corpus).
 * @param {{ quick?: boolean }} [options] quick: test files cut to ~QUICK_TEST_CHARS characters each
 * @returns {Corpus}
 */
export function loadTuningCorpus({ quick = false } = {}) {
  return { name: 'tuning', ...packageCorpus(TUNING_PACKAGE, TUNING_HELD_OUT, 'tuning', (f) => (quick ? head(f, QUICK_TEST_CHARS) : f)) };
}
