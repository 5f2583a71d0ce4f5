import { readFileSync } from 'node:fs';
import { loadBaseModel } from '@recurrent/base-model';
import { DEFAULT_MIN_CONFIDENCE, DEFAULT_WRONG_PER_100, keystrokes } from '@recurrent/completion';
import { SHIPPED_FILES } from '../corpus.js';

/** The file the demo types: never learned from (this command's own big sibling). */
export const TYPED_FILE = 'apps/cli/src/commands/train.ts';
/** Training steps on the project before typing: "briefly", ~10 s on one core. */
const LEARN_STEPS = 40;
/** Suggestions printed as examples. */
const EXAMPLES = 10;

interface Figures { saved: number; wrongPer100: number; shown: number; accepted: number }

export interface QuickstartResult {
  /** The base model's shape and its bits per byte on the held-out packages (the figure its README heads with). */
  baseModel: { shape: string; heldOutBitsPerByte: number };
  typed: { file: string; chars: number; keystrokesWithout: number };
  recurrent: Figures;
  wordCompletion: Figures;
  /** Suggestions shown, with how many of their characters the user accepted (partial accept). */
  examples: { before: string; suggestion: string; accepted: number }[];
}

/**
 * `recurrent` with no command — the product in one run: the pretrained base model learns this
 * project's own files for a few seconds, then types a file of it that it never saw, as an
 * editor user would (partial accept a word at a time, auto-indent), and prints the suggestions it
 * would show and the keystrokes they save beside VS Code's word completion on the same typing.
 */
export async function quickstart(json: boolean): Promise<QuickstartResult> {
  const log = (line: string) => { if (!json) process.stderr.write(`${line}\n`); };
  const { model: base, info } = loadBaseModel();
  const files = JSON.parse(readFileSync(SHIPPED_FILES, 'utf8')) as { path: string; text: string }[];
  const typed = files.find((f) => f.path === TYPED_FILE);
  if (!typed) throw new Error(`the shipped corpus has no ${TYPED_FILE}; rebuild the CLI`);
  const project = files.filter((f) => f !== typed).map((f) => f.text);
  const shape = `${info.cell.toUpperCase()} ${info.numLayers}×${info.hiddenSize}`;
  log(`recurrent: the base model (${shape}, byte-level, ${info.validBitsPerByte.toFixed(2)} bits/byte on held-out code) learns this project's ${project.length} files for ${LEARN_STEPS} steps,`);
  log(`then types ${TYPED_FILE}, which it never saw, completing as the editor would.`);

  const examples: QuickstartResult['examples'] = [];
  const engine = keystrokes.createCompleterEngine({
    base, startFrom: base, hiddenSize: info.hiddenSize, steps: LEARN_STEPS, minConfidence: DEFAULT_MIN_CONFIDENCE, wrongPer100: DEFAULT_WRONG_PER_100, adaptEvery: 256, useNgram: true,
  });
  const recorded = {
    name: 'recurrent (base model + adapted + n-gram)',
    startDocument: () => engine.startDocument(),
    observe: (ch: string) => engine.observe(ch),
    suggest(before: string) {
      const suggestion = engine.suggest(before);
      if (suggestion && !before.endsWith('\n')) {
        const clipped = keystrokes.clip(suggestion);
        examples.push({ before: before.slice(before.lastIndexOf('\n') + 1), suggestion: clipped, accepted: keystrokes.acceptablePrefix(clipped, typed.text, before.length) });
      }
      return suggestion;
    },
  };
  const started = performance.now();
  await engine.prepare(project);
  log(`learned for ${((performance.now() - started) / 1000).toFixed(1)} s; typing ${typed.text.length.toLocaleString('en-US')} characters…`);
  const word = keystrokes.createWordCompletion();
  await word.prepare(project, { corpus: 'project', quick: false });
  const ours = keystrokes.simulateModes(recorded, [typed.text], { autoIndent: true, modes: ['partial'] }).partial;
  const theirs = keystrokes.simulateModes(word, [typed.text], { autoIndent: true, modes: ['partial'] }).partial;
  const figures = (r: typeof ours): Figures => ({ saved: r.saved, wrongPer100: r.wrongPer100, shown: r.shown, accepted: r.accepted });
  const chosen = spread(examples, EXAMPLES);
  const result: QuickstartResult = {
    baseModel: { shape, heldOutBitsPerByte: info.validBitsPerByte },
    typed: { file: TYPED_FILE, chars: typed.text.length, keystrokesWithout: ours.keystrokesWithout },
    recurrent: figures(ours), wordCompletion: figures(theirs), examples: chosen,
  };
  if (!json) print(result);
  return result;
}

function print(r: QuickstartResult): void {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out('\nsome of the suggestions it showed (the line so far, then ⟨ghost text⟩: ✓ accepted, ◐ accepted up to |, ✗ typed through):');
  for (const e of r.examples) {
    const mark = e.accepted === e.suggestion.length ? '✓' : e.accepted > 0 ? '◐' : '✗';
    const ghost = e.accepted > 0 && e.accepted < e.suggestion.length ? `${e.suggestion.slice(0, e.accepted)}|${e.suggestion.slice(e.accepted)}` : e.suggestion;
    out(`  ${mark} ${JSON.stringify(e.before.trimStart()).slice(1, -1).slice(-48)}⟨${JSON.stringify(ghost).slice(1, -1)}⟩`);
  }
  out(`\nkeystrokes saved typing ${r.typed.file} (${r.typed.keystrokesWithout.toLocaleString('en-US')} keystrokes without completions):`);
  const row = (name: string, f: Figures) => out(`  ${name.padEnd(34)} ${(100 * f.saved).toFixed(1).padStart(5)} % saved   ${f.wrongPer100.toFixed(1).padStart(4)} wrong suggestions / 100 chars`);
  row('recurrent', r.recurrent);
  row('word completion (VS Code default)', r.wordCompletion);
  out('\nnext: recurrent train --help   ·   recurrent demo   ·   the VS Code extension in apps/vscode');
}

/** `count` items spread evenly over `items` (the start of a file is not the whole story). */
function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}
