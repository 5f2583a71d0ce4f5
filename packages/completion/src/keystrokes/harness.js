/**
 * The typing simulation that judges editor completions (/work/shared/notes/keystrokes.md).
 *
 * A user types a document left to right. At each position where the user is about to enter a
 * character, the engine is asked for a suggestion given the whole text before the cursor. The
 * suggestion is cut at its first line break and to at most `maxChars` (24) characters. Then:
 *
 * - `full` mode: if the whole suggestion equals the text ahead, one keystroke (Tab) accepts it and
 *   the cursor jumps past it; otherwise the user types the next character (one keystroke).
 * - `partial` mode: one keystroke accepts the longest correct prefix of the suggestion that ends
 *   at a word boundary (an idealised accept-word); if there is none, the user types the next
 *   character (one keystroke). The whole suggestion, when entirely correct, is always accepted.
 *
 * Definitions this harness settles on:
 *
 * - Characters are Unicode code points (a surrogate pair is one keystroke). Suggestions never
 *   contain a line break: the newline is always typed.
 * - Word boundary (partial mode): a cut after k characters of the suggestion s (0 < k < |s|) is
 *   a boundary iff `isWord(s[k-1]) ≠ isWord(s[k])` or (`s[k-1]` is whitespace and `s[k]` is not),
 *   where word characters are letters, digits, combining marks and `_`. The units this makes are
 *   those of VS Code's accept-next-word: a run of word characters (`foo`), a run of other
 *   characters ending at a word (`(`, `), `, ` `) and, inside such a run, a whitespace run
 *   ends a unit (`. ` then `, `). The cut at |s| (the whole suggestion) is always allowed. Only
 *   the suggestion's own characters decide a boundary (that is all an accept-word key sees): a
 *   correct `foo` inside the wrong suggestion `foobar` is not acceptable even if the text
 *   continues `foo(`.
 * - Auto-indent (for code): after a newline is entered, the leading spaces and tabs of the next
 *   line are inserted by the editor: they cost no keystroke with or without completions, the
 *   engine is not asked for a suggestion inside them, but it observes them and sees them in
 *   `before`. (The first line of a document has no preceding newline and is typed.) With
 *   `autoIndent: true` that is all. With an `AutoIndentRule` (what run.mjs uses for Python, per
 *   the notes' "only corrections cost keystrokes") the editor guesses the indentation — the
 *   previous non-blank line's, one level more if that line matches `indentAfter` — and when the
 *   line's real indentation differs, each started level of difference costs one keystroke (Tab or
 *   Backspace to the tab stop), with and without completions alike (`indentKeystrokes`).
 *   Whitespace-only lines cost nothing.
 * - Shown: the engine returned a non-empty suggestion (after clipping).
 * - Accepted: a shown suggestion of which at least one character was accepted (fully: all of
 *   it; partially: a proper prefix, partial mode only). Accepted share = accepted / shown.
 * - Wrong: a shown suggestion of which nothing was accepted — ghost text the user had to type
 *   through. In full mode that is every shown suggestion that is not entirely right (even if it
 *   starts right); in partial mode, those without a correct prefix ending at a word boundary.
 * - Rates "per 100 characters" divide by the characters the user enters (the document minus the
 *   indentation the editor inserts) — `typedChars`.
 * - Keystrokes without completions = typedChars + indentKeystrokes.
 * - Keystrokes saved = 1 − keystrokesWith / keystrokesWithout.
 * - Latency: `performance.now()` around each `suggest` call (empty answers included); the
 *   nearest-rank p50 / p95 over every call of the run, in milliseconds.
 *
 * Both modes see the same sequence of observed characters (every character of the document, in
 * order), so an online engine's state at a position does not depend on the mode. `simulateModes`
 * therefore runs all requested modes in one pass over the document, asking the engine once per
 * position at which any mode's cursor stands and sharing that answer between modes. Engines must
 * be deterministic (the same state and `before` give the same suggestion) for that to hold;
 * `suggest` must not change what later suggestions are.
 */

/** @typedef {'full' | 'partial'} Mode */

/**
 * What `prepare` is told about the run it prepares for.
 * @typedef {object} PrepareInfo
 * @property {string} corpus  the corpus name ('project', 'code' or 'prose')
 * @property {boolean} quick  a smoke run (rough figures): an engine may train less
 */

/**
 * A completion engine.
 * @typedef {object} Engine
 * @property {string} name
 * @property {(before: string) => string} suggest  the suggestion for the whole text before the cursor ('' = none)
 * @property {(typed: string) => void} [observe]   one character the user entered (typed, accepted or auto-indented), in document order
 * @property {() => void} [startDocument]  a new (empty) document is opened; called before its first suggestion
 * @property {(trainTexts: string[], info: PrepareInfo) => void | Promise<void>} [prepare]
 *   trains on a corpus before its simulations; must forget anything learned before (another
 *   corpus, earlier online adaptation)
 */

/**
 * Options of a simulation.
 * @typedef {object} SimulateOptions
 * @property {Mode} [mode]          `simulate` only: the mode to report (default 'full')
 * @property {Mode[]} [modes]       `simulateModes` only: the modes to run (default both)
 * @property {boolean | AutoIndentRule} [autoIndent] leading indentation after a newline is
 *   inserted by the editor (default false); a rule adds the cost of correcting its guess
 * @property {number} [maxChars]    suggestions are cut to this many characters (default 24)
 */

/**
 * How the editor guesses the indentation of a new line (see the module comment).
 * @typedef {object} AutoIndentRule
 * @property {number} [unit]        columns per indentation level (default 4); a tab is one level
 * @property {RegExp} [indentAfter] a line matching this (trailing whitespace included) makes the
 *   next line one level deeper
 */

/**
 * VS Code on Python: Enter keeps the indentation, and adds a level after a line ending in ':'.
 * @type {AutoIndentRule}
 */
export const PYTHON_AUTO_INDENT = { unit: 4, indentAfter: /:\s*$/ };

/**
 * The figures of one simulation (one mode, one or more documents).
 * @typedef {object} Report
 * @property {string} engine
 * @property {Mode} mode
 * @property {number} documents
 * @property {number} chars             code points in the documents
 * @property {number} freeChars         indentation inserted by the editor (auto-indent)
 * @property {number} typedChars        chars − freeChars: what the user enters
 * @property {number} indentKeystrokes  corrections of the editor's indentation (auto-indent rule)
 * @property {number} keystrokesWithout typedChars + indentKeystrokes
 * @property {number} keystrokesWith    typed characters + acceptances + indentKeystrokes
 * @property {number} saved             1 − keystrokesWith / keystrokesWithout
 * @property {number} suggestCalls      times the engine was asked at this mode's cursor
 * @property {number} shown             non-empty suggestions
 * @property {number} acceptedFully     shown and accepted whole
 * @property {number} acceptedPartially shown and accepted in part (partial mode)
 * @property {number} accepted          acceptedFully + acceptedPartially
 * @property {number} acceptedChars     characters entered by accepting
 * @property {number} wrong             shown and not accepted in any part
 * @property {number} acceptedShare     accepted / shown (0 when nothing shown)
 * @property {number} shownPer100       shown per 100 typed characters
 * @property {number} wrongPer100       wrong per 100 typed characters
 * @property {{ p50Ms: number, p95Ms: number, meanMs: number, maxMs: number }} latency  over this mode's suggest calls
 */

/** Default cap on suggestion length, in characters. */
export const MAX_CHARS = 24;

/** @type {Mode[]} */
export const MODES = ['full', 'partial'];

const WORD_CHAR = /^[\p{L}\p{N}\p{M}_]$/u;
const SPACE_CHAR = /^\s$/u;

/**
 * A word character: letter, digit, combining mark or underscore (ASCII fast path).
 * @param {string} ch one code point
 */
export function isWordChar(ch) {
  const c = ch.charCodeAt(0);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  return WORD_CHAR.test(ch);
}

/** @param {string} ch one code point */
function isSpaceChar(ch) {
  const c = ch.charCodeAt(0);
  if (c < 128) return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
  return SPACE_CHAR.test(ch);
}

/**
 * Whether a cut between the characters `a` and `b` of a suggestion is a word boundary.
 * @param {string} a the code point before the cut
 * @param {string} b the code point after it
 */
export function isWordBoundary(a, b) {
  return isWordChar(a) !== isWordChar(b) || (isSpaceChar(a) && !isSpaceChar(b));
}

/**
 * Cuts a suggestion at its first line break and to at most `maxChars` code points.
 * @param {string} suggestion
 * @param {number} [maxChars]
 */
export function clip(suggestion, maxChars = MAX_CHARS) {
  let s = suggestion;
  const lf = s.indexOf('\n');
  if (lf >= 0) s = s.slice(0, lf);
  const cr = s.indexOf('\r');
  if (cr >= 0) s = s.slice(0, cr);
  if (s.length <= maxChars) return s;
  let units = 0;
  let n = 0;
  for (const ch of s) {
    if (n === maxChars) break;
    units += ch.length;
    n++;
  }
  return s.slice(0, units);
}

/**
 * How many UTF-16 units of `suggestion` partial mode accepts at `at` in `text`: the longest
 * correct prefix that is the whole suggestion or ends at a word boundary (0 = none).
 * @param {string} suggestion a clipped, non-empty suggestion
 * @param {string} text
 * @param {number} at the cursor (UTF-16 index)
 */
export function acceptablePrefix(suggestion, text, at) {
  if (text.startsWith(suggestion, at)) return suggestion.length;
  let best = 0;
  let prev = '';
  let i = 0;
  for (const ch of suggestion) {
    // A cut before `ch` (after i units) is acceptable if the first i units are correct.
    if (i > 0 && isWordBoundary(prev, ch)) best = i;
    if (!text.startsWith(ch, at + i)) break;
    prev = ch;
    i += ch.length;
  }
  return best;
}

/**
 * Nearest-rank quantile of sorted values.
 * @param {Float64Array | number[]} sorted
 * @param {number} q
 */
function nearestRank(sorted, q) {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return /** @type {number} */ (sorted[Math.min(sorted.length, rank) - 1]);
}

/**
 * @param {number[]} samples
 * @returns {Report['latency']}
 */
function latencyOf(samples) {
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const x of sorted) sum += x;
  return {
    p50Ms: nearestRank(sorted, 0.5),
    p95Ms: nearestRank(sorted, 0.95),
    meanMs: sorted.length ? sum / sorted.length : 0,
    maxMs: sorted.length ? /** @type {number} */ (sorted[sorted.length - 1]) : 0,
  };
}

/**
 * Simulates typing `texts` (one document or several, each opened in turn) with `engine`, in
 * every mode of `options.modes` at once (see the module comment), and reports each mode.
 * @param {Engine} engine
 * @param {string | string[]} texts
 * @param {SimulateOptions} [options]
 * @returns {Record<Mode, Report>} only the requested modes are present
 */
export function simulateModes(engine, texts, options = {}) {
  const modes = options.modes ?? MODES;
  const autoIndent = options.autoIndent ?? false;
  const rule = typeof autoIndent === 'object' ? { unit: autoIndent.unit ?? 4, indentAfter: autoIndent.indentAfter } : undefined;
  if (rule && !(rule.unit >= 1)) throw new Error(`simulateModes: autoIndent.unit must be ≥ 1, got ${rule.unit}`);
  const maxChars = options.maxChars ?? MAX_CHARS;
  const docs = typeof texts === 'string' ? [texts] : texts;
  if (modes.length === 0) throw new Error('simulateModes: no mode');
  for (const m of modes) if (!MODES.includes(m)) throw new Error(`simulateModes: unknown mode '${m}'`);
  if (!(maxChars >= 1)) throw new Error(`simulateModes: maxChars must be ≥ 1, got ${maxChars}`);

  const observe = engine.observe ? engine.observe.bind(engine) : undefined;
  let chars = 0;
  let freeChars = 0;
  let indentKeystrokes = 0;
  const tally = modes.map((mode) => ({
    mode,
    keystrokesWith: 0, suggestCalls: 0, shown: 0, acceptedFully: 0, acceptedPartially: 0, acceptedChars: 0, wrong: 0,
    /** @type {number[]} */ latencies: [],
  }));

  for (const text of docs) {
    engine.startDocument?.();
    const cursors = modes.map(() => 0);
    let lineStart = false; // just after a newline, still inside the leading indentation
    let lineBegin = 0; // where the current line starts
    let guess = 0; // the editor's indentation for the next line, in columns (rule only)
    let i = 0;
    while (i < text.length) {
      const cp = /** @type {number} */ (text.codePointAt(i));
      const ch = String.fromCodePoint(cp);
      const len = ch.length;
      chars++;
      if (lineStart && (cp === 32 || cp === 9)) {
        // Indentation inserted by the editor: free, no suggestion inside it.
        freeChars++;
        for (let m = 0; m < modes.length; m++) if (cursors[m] === i) cursors[m] = i + len;
      } else {
        lineStart = false;
        /** @type {string | undefined} */
        let suggestion;
        let ms = 0;
        for (let m = 0; m < modes.length; m++) {
          if (cursors[m] !== i) continue;
          const t = /** @type {typeof tally[number]} */ (tally[m]);
          if (suggestion === undefined) {
            const before = text.slice(0, i);
            const start = performance.now();
            const raw = engine.suggest(before);
            ms = performance.now() - start;
            if (typeof raw !== 'string') throw new Error(`${engine.name}: suggest returned ${typeof raw}, not a string`);
            suggestion = clip(raw, maxChars);
          }
          t.suggestCalls++;
          t.latencies.push(ms);
          t.keystrokesWith++;
          if (suggestion === '') {
            cursors[m] = i + len;
            continue;
          }
          t.shown++;
          const take = t.mode === 'full'
            ? (text.startsWith(suggestion, i) ? suggestion.length : 0)
            : acceptablePrefix(suggestion, text, i);
          if (take === 0) {
            t.wrong++;
            cursors[m] = i + len;
          } else {
            if (take === suggestion.length) t.acceptedFully++;
            else t.acceptedPartially++;
            t.acceptedChars += countCodePoints(suggestion, take);
            cursors[m] = i + take;
          }
        }
      }
      if (cp === 10) {
        if (rule) {
          const line = lineIndent(text, lineBegin, rule.unit);
          if (!line.blank) guess = line.width + (rule.indentAfter?.test(text.slice(lineBegin, i)) ? rule.unit : 0);
          const next = lineIndent(text, i + 1, rule.unit);
          if (!next.blank) indentKeystrokes += Math.ceil(Math.abs(next.width - guess) / rule.unit);
        }
        lineStart = autoIndent !== false;
        lineBegin = i + 1;
      }
      observe?.(ch);
      i += len;
    }
  }

  /** @type {Partial<Record<Mode, Report>>} */
  const out = {};
  const typedChars = chars - freeChars;
  const keystrokesWithout = typedChars + indentKeystrokes;
  const per100 = (/** @type {number} */ n) => (typedChars ? (100 * n) / typedChars : 0);
  for (const t of tally) {
    const accepted = t.acceptedFully + t.acceptedPartially;
    out[t.mode] = {
      engine: engine.name,
      mode: t.mode,
      documents: docs.length,
      chars,
      freeChars,
      typedChars,
      indentKeystrokes,
      keystrokesWithout,
      keystrokesWith: t.keystrokesWith + indentKeystrokes,
      saved: keystrokesWithout ? 1 - (t.keystrokesWith + indentKeystrokes) / keystrokesWithout : 0,
      suggestCalls: t.suggestCalls,
      shown: t.shown,
      acceptedFully: t.acceptedFully,
      acceptedPartially: t.acceptedPartially,
      accepted,
      acceptedChars: t.acceptedChars,
      wrong: t.wrong,
      acceptedShare: t.shown ? accepted / t.shown : 0,
      shownPer100: per100(t.shown),
      wrongPer100: per100(t.wrong),
      latency: latencyOf(t.latencies),
    };
  }
  return /** @type {Record<Mode, Report>} */ (out);
}

/**
 * Simulates typing `texts` with `engine` in one mode (`options.mode`, default 'full').
 * @param {Engine} engine
 * @param {string | string[]} texts
 * @param {SimulateOptions} [options]
 * @returns {Report}
 */
export function simulate(engine, texts, options = {}) {
  const mode = options.mode ?? 'full';
  return simulateModes(engine, texts, { ...options, modes: [mode] })[mode];
}

/**
 * Code points in the first `units` UTF-16 units of `s`.
 * @param {string} s
 * @param {number} units
 */
function countCodePoints(s, units) {
  let n = 0;
  for (const _ of s.slice(0, units)) n++;
  return n;
}

/**
 * The leading spaces and tabs of the line starting at `from`, in columns (a tab is one level of
 * `unit` columns), and whether the line holds nothing else.
 * @param {string} text
 * @param {number} from
 * @param {number} unit
 */
function lineIndent(text, from, unit) {
  let width = 0;
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) width++;
    else if (c === 9) width += unit;
    else break;
  }
  const c = text.charCodeAt(i);
  return { width, blank: i === text.length || c === 10 || c === 13 };
}
