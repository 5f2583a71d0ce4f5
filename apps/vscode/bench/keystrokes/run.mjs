/**
 * The keystroke benchmark: how much typing the editor completions save
 * (/work/shared/notes/keystrokes.md). Runs the baselines — VS Code's word completion, a
 * Kneser–Ney character n-gram updated online, and the oracle ceiling — plus any engines a caller
 * adds (the extension's RNN), on held-out Python source (auto-indent on) and licence prose, in
 * both acceptance modes, prints the figures and writes them to bench/keystrokes/results/latest.json.
 *
 * Usage: node apps/vscode/bench/keystrokes/run.mjs [--quick] [--variants] [--corpus NAME]…
 *   --quick     test files cut to their first ~5,000 characters: a smoke run (rough figures)
 *   --variants  also n-gram variants: stopping at word ends, and without online updates
 *   --corpus    only this corpus (cold, js-project, project, code, prose, or tuning: the corpus
 *               settings are chosen on, run only when named); may be repeated
 *
 * From code: `await runKeystrokes({ engines: [myEngine] })` — an engine is the harness's
 * `Engine` (`suggest`, optional `observe`, `startDocument`, `prepare(trainTexts, info)`), or a
 * function of the corpus returning one. The same engine object serves both corpora: its
 * `prepare` is called once per corpus, before that corpus's simulations, and must forget what it
 * learned before. Both modes come from one pass over each document (see @recurrent/completion's keystrokes/harness.js).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadCorpora, loadTuningCorpus } from './corpora.mjs';
import { keystrokes } from '@recurrent/completion';

/** @typedef {import('@recurrent/completion').keystrokes.Engine} Engine */
/** @typedef {import('@recurrent/completion').keystrokes.Report} Report */

const { MAX_CHARS, createNgram, createOracle, createWordCompletion, simulate, simulateModes } = keystrokes;
/** @typedef {import('./corpora.mjs').Corpus} Corpus */
/** @typedef {Engine | ((corpus: Corpus) => Engine | Promise<Engine>)} EngineSpec */

/**
 * One engine on one corpus.
 * @typedef {object} EngineResult
 * @property {string} corpus
 * @property {string} engine
 * @property {number} prepareSeconds   wall time of `prepare` (training)
 * @property {number} simulateSeconds  wall time of the simulation (both modes)
 * @property {Report} full
 * @property {Report} partial
 */

/**
 * Everything a run measured.
 * @typedef {object} KeystrokesResults
 * @property {string} date
 * @property {boolean} quick
 * @property {{ cpu: string, cpus: number, node: string, platform: string }} machine
 * @property {Array<{ name: string, description: string, licence: string, autoIndent: string,
 *   train: Array<{ path: string, bytes: number, chars: number }>, test: Array<{ path: string, bytes: number, chars: number }>,
 *   oracleAllIndentFree?: number }>} corpora
 * @property {EngineResult[]} results
 * @property {typeof NOTES} notes
 */

/** Where `node run.mjs` writes its figures (git-ignored). */
export const RESULTS_PATH = fileURLToPath(new URL('./results/latest.json', import.meta.url));

/**
 * The notes' figures on this machine kind (other implementations, another day): orientation only.
 * Saved % full / partial per corpus, and wrong suggestions per 100 characters.
 * @type {Record<string, { code: [number, number], prose: [number, number], wrongPer100: string }>}
 */
export const NOTES = {
  'word completion': { code: [19.9, 19.9], prose: [22.9, 22.9], wrongPer100: '~22-27' },
  'n-gram KN order 14': { code: [27.8, 35.8], prose: [34.7, 41.0], wrongPer100: '~17-28' },
  'oracle (ceiling)': { code: [89.6, 89.6], prose: [93.3, 93.3], wrongPer100: '0' },
};

/**
 * Runs the benchmark.
 * @param {{ engines?: EngineSpec[], quick?: boolean, variants?: boolean, corpora?: string[] | undefined, print?: boolean,
 *   out?: string | false, log?: (line: string) => void }} [options]
 *   engines: added after the baselines; corpora: only these (default all); print: the tables to
 *   stdout (default true); out: the JSON file (default results/latest.json; false: none); log:
 *   progress (default stderr)
 * @returns {Promise<KeystrokesResults>}
 */
export async function runKeystrokes({
  engines: extraEngines = [], quick = false, variants = false, corpora: only, print = true, out = RESULTS_PATH,
  log = (line) => process.stderr.write(`${line}\n`),
} = {}) {
  // The tuning corpus only when named: settings are chosen on it, never on the test corpora.
  const all = [...loadCorpora({ quick }), ...(only?.includes('tuning') ? [loadTuningCorpus({ quick })] : [])];
  for (const name of only ?? []) if (!all.some((c) => c.name === name)) throw new Error(`keystrokes: no corpus '${name}' (there are ${all.map((c) => c.name).join(', ')})`);
  const corpora = only ? all.filter((c) => only.includes(c.name)) : all;
  /** @type {EngineResult[]} */
  const results = [];
  /** @type {KeystrokesResults['corpora']} */
  const corpusInfo = [];

  for (const corpus of corpora) {
    const trainTexts = corpus.train.map((f) => f.text);
    const testTexts = corpus.test.map((f) => f.text);
    /** @type {EngineSpec[]} */
    const specs = [
      () => createWordCompletion(),
      () => createNgram(),
      ...(variants ? [() => createNgram({ stopAtWordEnd: true }), () => createNgram({ online: false })] : []),
      ...extraEngines,
      () => createOracle(testTexts),
    ];
    for (const spec of specs) {
      const engine = typeof spec === 'function' ? await spec(corpus) : spec;
      log(`  ${corpus.name}: ${engine.name} …`);
      let start = performance.now();
      await engine.prepare?.(trainTexts, { corpus: corpus.name, quick });
      const prepareSeconds = (performance.now() - start) / 1000;
      start = performance.now();
      const modes = simulateModes(engine, testTexts, { autoIndent: corpus.autoIndent, maxChars: MAX_CHARS });
      const simulateSeconds = (performance.now() - start) / 1000;
      results.push({ corpus: corpus.name, engine: engine.name, prepareSeconds, simulateSeconds, full: modes.full, partial: modes.partial });
    }
    // The ceiling if all indentation were free (no corrections of the editor's guess), for reference.
    const allFree = typeof corpus.autoIndent === 'object'
      ? simulate(createOracle(testTexts), testTexts, { autoIndent: true }).saved
      : undefined;
    corpusInfo.push({
      name: corpus.name,
      description: corpus.description,
      licence: corpus.licence,
      autoIndent: typeof corpus.autoIndent === 'object'
        ? `editor guess: previous non-blank line's indentation, +${corpus.autoIndent.unit ?? 4} columns after a line matching ${corpus.autoIndent.indentAfter}; each started level of difference costs a keystroke`
        : corpus.autoIndent ? 'all leading indentation free' : 'off',
      train: corpus.train.map(({ path, bytes, chars }) => ({ path, bytes, chars })),
      test: corpus.test.map(({ path, bytes, chars }) => ({ path, bytes, chars })),
      ...(allFree === undefined ? {} : { oracleAllIndentFree: allFree }),
    });
  }

  const cpus = os.cpus();
  /** @type {KeystrokesResults} */
  const measured = {
    date: new Date().toISOString(),
    quick,
    machine: { cpu: cpus[0]?.model ?? 'unknown', cpus: cpus.length, node: process.version, platform: `${os.platform()} ${os.arch()}` },
    corpora: corpusInfo,
    results,
    notes: NOTES,
  };
  if (print) console.log(formatResults(measured));
  if (out) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(measured, (_key, value) => (value instanceof RegExp ? String(value) : value), 2)}\n`);
    log(`wrote ${out}`);
  }
  return measured;
}

/**
 * The tables, one per corpus, like the notes'.
 * @param {KeystrokesResults} all
 * @returns {string}
 */
export function formatResults(all) {
  const lines = [];
  const { machine } = all;
  lines.push(`keystrokes saved by editor completions — ${all.date}${all.quick ? ' — QUICK (test files cut: rough figures)' : ''}`);
  lines.push(`machine: ${machine.cpu}, ${machine.cpus} cpus, ${machine.platform}; node ${machine.node}`);
  lines.push(`rules: suggestions ≤ ${MAX_CHARS} chars, never past the line end; full = Tab accepts a wholly right suggestion; ` +
    'partial = one key accepts the longest right prefix ending at a word boundary; wrong = shown, nothing accepted; ' +
    'rates per 100 typed characters; latency = suggest() at the full-mode cursor');
  for (const corpus of all.corpora) {
    const rows = all.results.filter((r) => r.corpus === corpus.name);
    const first = rows[0];
    lines.push('');
    lines.push(`${corpus.name} — ${corpus.description}, ${corpus.licence}`);
    lines.push(`  train: ${files(corpus.train)}`);
    lines.push(`  test:  ${files(corpus.test)}`);
    if (first) {
      const r = first.full;
      lines.push(`  ${thousands(r.chars)} chars: ${thousands(r.typedChars)} typed, ${thousands(r.freeChars)} indentation inserted by the editor, ` +
        `${thousands(r.indentKeystrokes)} indentation corrections → ${thousands(r.keystrokesWithout)} keystrokes without completions`);
    }
    lines.push(`  auto-indent: ${corpus.autoIndent}`);
    const header = ['engine', 'saved % full / part', 'wrong /100ch f / p', 'accepted % f / p', 'shown /100ch f / p', 'suggest ms p50 / p95', 'train s', 'notes: saved %, wrong'];
    /** @type {string[][]} */
    const table = [header];
    for (const r of rows) {
      const note = NOTES[r.engine];
      const noteSaved = note && (corpus.name === 'prose' ? note.prose : note.code);
      table.push([
        r.engine,
        pair(100 * r.full.saved, 100 * r.partial.saved, 1),
        pair(r.full.wrongPer100, r.partial.wrongPer100, 1),
        pair(100 * r.full.acceptedShare, 100 * r.partial.acceptedShare, 1),
        pair(r.full.shownPer100, r.partial.shownPer100, 1),
        pair(r.full.latency.p50Ms, r.full.latency.p95Ms, 3),
        r.prepareSeconds.toFixed(2),
        note && noteSaved ? `${noteSaved[0].toFixed(1)} / ${noteSaved[1].toFixed(1)}, ${note.wrongPer100}` : '',
      ]);
    }
    lines.push(...formatTable(table).map((l) => `  ${l}`));
    if (corpus.oracleAllIndentFree !== undefined) {
      lines.push(`  (oracle if all indentation were free, no corrections: ${(100 * corpus.oracleAllIndentFree).toFixed(1)} %)`);
    }
  }
  return lines.join('\n');
}

/**
 * The corpora named by `--corpus NAME` arguments (undefined: all).
 * @param {string[]} args
 * @returns {string[] | undefined}
 */
export function corpusArguments(args) {
  const names = args.flatMap((a, i) => (args[i - 1] === '--corpus' ? [a] : []));
  return names.length ? names : undefined;
}

/** @param {Array<{ path: string, bytes: number, chars: number }>} list */
function files(list) {
  const total = list.reduce((s, f) => s + f.chars, 0);
  const names = list.map((f) => `${f.path.slice(f.path.lastIndexOf('/') + 1)} (${thousands(f.bytes)} B)`).join(', ');
  return `${names} — ${list.length} file${list.length === 1 ? '' : 's'}, ${thousands(total)} chars`;
}

/**
 * @param {number} a
 * @param {number} b
 * @param {number} digits
 */
function pair(a, b, digits) {
  return `${a.toFixed(digits)} / ${b.toFixed(digits)}`;
}

/** @param {number} n */
function thousands(n) {
  return n.toLocaleString('en-US');
}

/**
 * Aligns columns: the first left, the others right.
 * @param {string[][]} rows
 * @returns {string[]}
 */
function formatTable(rows) {
  /** @type {number[]} */
  const widths = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const line = (/** @type {string[]} */ row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(/** @type {string[]} */ (rows[0])), rule, ...rows.slice(1).map(line)];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const corpora = corpusArguments(args);
  const unknown = args.filter((a, i) => a !== '--quick' && a !== '--variants' && a !== '--corpus' && args[i - 1] !== '--corpus');
  if (unknown.length) {
    console.error(`usage: node run.mjs [--quick] [--variants] [--corpus NAME]… (unknown: ${unknown.join(' ')})`);
    process.exit(2);
  }
  await runKeystrokes({ quick: args.includes('--quick'), variants: args.includes('--variants'), corpora });
}
