import { describe, expect, it } from 'vitest';
import {
  PYTHON_AUTO_INDENT, acceptablePrefix, clip, isWordBoundary, simulate, simulateModes, type Engine,
} from '../src/keystrokes/harness.js';
import { createNgram } from '../src/keystrokes/ngram-baseline.js';
import { createOracle } from '../src/keystrokes/oracle.js';
import { createWordCompletion } from '../src/keystrokes/word-completion.js';

/** An engine that never suggests anything. */
const silent: Engine = { name: 'silent', suggest: () => '' };

/** An engine that always suggests `#`, which none of these texts contains. */
const alwaysWrong: Engine = { name: 'wrong', suggest: () => '#' };

/** An engine that suggests `s` for the empty document only. */
function once(s: string): Engine {
  return { name: `once ${s}`, suggest: (before) => (before === '' ? s : '') };
}

/** Wraps an engine to record what it was shown and told. */
function recording(engine: Engine) {
  const befores: string[] = [];
  let observed = '';
  let documents = 0;
  const wrapped: Engine = {
    name: engine.name,
    suggest(before) {
      befores.push(before);
      return engine.suggest(before);
    },
    observe(ch) {
      observed += ch;
      engine.observe?.(ch);
    },
    startDocument() {
      documents++;
      engine.startDocument?.();
    },
  };
  return { wrapped, befores, observed: () => observed, documents: () => documents };
}

describe('clip', () => {
  it('cuts at the first line break and to the character cap, counting code points', () => {
    expect(clip('abc\ndef')).toBe('abc');
    expect(clip('abc\r\ndef')).toBe('abc');
    expect(clip('x'.repeat(30))).toBe('x'.repeat(24));
    expect(clip('😀'.repeat(30), 3)).toBe('😀😀😀');
    expect(clip('\nabc')).toBe('');
  });
});

describe('oracle', () => {
  it('costs one Tab per line (or per 24 characters) plus one Enter per line', () => {
    // "hello world" Tab, Enter, "foo" Tab, Enter: 4 keystrokes for 16 characters.
    const text = 'hello world\nfoo\n';
    const r = simulate(createOracle([text]), text);
    expect(r.keystrokesWithout).toBe(16);
    expect(r.keystrokesWith).toBe(4);
    expect(r.saved).toBeCloseTo(1 - 4 / 16, 12);
    expect(r.suggestCalls).toBe(4);
    expect(r.shown).toBe(2);
    expect(r.accepted).toBe(2);
    expect(r.acceptedChars).toBe(14);
    expect(r.wrong).toBe(0);
    expect(r.acceptedShare).toBe(1);
  });

  it('splits long lines at the cap', () => {
    // 30 characters, no newline: 24 + 6 = two Tabs. With a cap of 4: "hell" "o wo" "rld", Enter, "foo", Enter = 6.
    expect(simulate(createOracle(['a'.repeat(30)]), 'a'.repeat(30)).keystrokesWith).toBe(2);
    expect(simulate(createOracle(['hello world\nfoo\n']), 'hello world\nfoo\n', { maxChars: 4 }).keystrokesWith).toBe(6);
  });

  it('moves on to the next document at each startDocument', () => {
    const docs = ['ab\n', 'cde\n'];
    const r = simulate(createOracle(docs), docs);
    expect(r.documents).toBe(2);
    expect(r.keystrokesWithout).toBe(7);
    expect(r.keystrokesWith).toBe(4);
  });
});

describe('engines that do not help', () => {
  const text = 'abc def\nxy\n';

  it('a never-suggesting engine saves 0 % and shows nothing', () => {
    for (const mode of ['full', 'partial'] as const) {
      const r = simulate(silent, text, { mode });
      expect(r.saved).toBe(0);
      expect(r.keystrokesWith).toBe(text.length);
      expect(r.shown).toBe(0);
      expect(r.wrong).toBe(0);
      expect(r.acceptedShare).toBe(0);
    }
  });

  it('an always-wrong engine saves 0 % and is wrong at every character', () => {
    const modes = simulateModes(alwaysWrong, text);
    for (const r of [modes.full, modes.partial]) {
      expect(r.saved).toBe(0);
      expect(r.shown).toBe(11);
      expect(r.wrong).toBe(11);
      expect(r.wrongPer100).toBe(100);
      expect(r.shownPer100).toBe(100);
      expect(r.accepted).toBe(0);
    }
  });

  it('a suggestion right only in its first character is wrong in full mode, accepted in part in partial mode', () => {
    // At each position: the right character, then '#'. Full mode: never wholly right, so wrong, and
    // the user types the character. Partial mode: 'a|#', 'b|#', 'c|#' (word → non-word) and ' |#'
    // (whitespace → non-whitespace) are boundaries, so one keystroke accepts the one right
    // character: no saving, but not wrong either. At '\n' the suggestion '\n#' clips to nothing.
    const text = 'ab c\n';
    const engine: Engine = { name: 'first', suggest: (before) => `${text[before.length] ?? ''}#` };
    const { full, partial } = simulateModes(engine, text);
    expect([full.keystrokesWith, full.shown, full.wrong, full.accepted]).toEqual([5, 4, 4, 0]);
    expect([partial.keystrokesWith, partial.shown, partial.wrong, partial.acceptedPartially]).toEqual([5, 4, 0, 4]);
    expect(full.saved).toBe(0);
    expect(partial.saved).toBe(0);
  });
});

describe('partial acceptance', () => {
  it('accepts the longest right prefix ending at a word boundary', () => {
    // 'print(foo.baz)' against 'print(foo.bar)': right up to 'print(foo.ba'; boundaries after
    // 'print', 'print(', 'print(foo', 'print(foo.': one keystroke accepts 'print(foo.', then
    // 'bar)\n' is typed (5): 6 keystrokes for 15 characters. Full mode gains nothing.
    const text = 'print(foo.bar)\n';
    const { full, partial } = simulateModes(once('print(foo.baz)'), text);
    expect(full.keystrokesWith).toBe(15);
    expect(full.wrong).toBe(1);
    expect(partial.keystrokesWith).toBe(6);
    expect(partial.acceptedPartially).toBe(1);
    expect(partial.acceptedChars).toBe(10);
    expect(partial.wrong).toBe(0);
    expect(partial.saved).toBeCloseTo(1 - 6 / 15, 12);
  });

  it('finds word boundaries like accept-word does', () => {
    expect(acceptablePrefix('foo bar', 'foo baz', 0)).toBe(4); // 'foo' | ' ' | 'bar'
    expect(acceptablePrefix('foo bar', 'foo', 0)).toBe(3);
    expect(acceptablePrefix('), b', '), c', 0)).toBe(3); // '), ' is one unit
    expect(acceptablePrefix('. , x', '. , y', 0)).toBe(4); // '. ' ', ' 'x': whitespace ends a unit
    expect(acceptablePrefix(')]x', ')}x', 0)).toBe(0); // ')]' is one unit
    expect(acceptablePrefix('foobar', 'foo(', 0)).toBe(0); // only the suggestion decides boundaries
    expect(acceptablePrefix('foobar', 'x = foobar', 4)).toBe(6); // wholly right
    expect(acceptablePrefix('#', 'a', 0)).toBe(0);
    expect(isWordBoundary('a', '(')).toBe(true);
    expect(isWordBoundary('(', 'a')).toBe(true);
    expect(isWordBoundary('_', '1')).toBe(false);
    expect(isWordBoundary('é', 'x')).toBe(false);
  });
});

describe('auto-indent', () => {
  const text = 'if x:\n    y\n';

  it('makes leading indentation free, and the engine still sees it', () => {
    const rec = recording(createOracle([text]));
    const r = simulate(rec.wrapped, text, { autoIndent: true });
    // 'if x:' Tab, Enter, (4 spaces free), 'y' Tab, Enter: 4 keystrokes for 12 − 4 = 8.
    expect(r.chars).toBe(12);
    expect(r.freeChars).toBe(4);
    expect(r.keystrokesWithout).toBe(8);
    expect(r.keystrokesWith).toBe(4);
    expect(r.saved).toBeCloseTo(0.5, 12);
    expect(rec.befores).toEqual(['', 'if x:', 'if x:\n    ', 'if x:\n    y']);
    expect(rec.observed()).toBe(text);
    expect(rec.documents()).toBe(1);
    // Without auto-indent every space is typed and asked about.
    expect(simulate(silent, text).keystrokesWithout).toBe(12);
  });

  it('with an editor rule, charges the corrections of its guess alike with and without completions', () => {
    // Guesses: line 2 → 4 (after ':'), right; line 4 (after a blank line) → 4, right; line 5 → 8
    // (after ':'), right; line 6 → 8, actual 0: two levels, 2 keystrokes.
    const code = 'if a:\n    b\n\n    if c:\n        d\ne\n';
    const r = simulate(silent, code, { autoIndent: PYTHON_AUTO_INDENT });
    expect(r.freeChars).toBe(4 + 4 + 8);
    expect(r.indentKeystrokes).toBe(2);
    expect(r.typedChars).toBe(code.length - 16);
    expect(r.keystrokesWithout).toBe(code.length - 16 + 2);
    expect(r.keystrokesWith).toBe(r.keystrokesWithout);
    expect(r.saved).toBe(0);
    const o = simulate(createOracle([code]), code, { autoIndent: PYTHON_AUTO_INDENT });
    // 'if a:' 'b' '' 'if c:' 'd' 'e': 5 Tabs, 6 Enters, 2 corrections.
    expect(o.keystrokesWith).toBe(5 + 6 + 2);
  });
});

describe('baseline engines', () => {
  it('a tiny n-gram trained on "abcabcabc" continues the pattern', () => {
    const ngram = createNgram();
    ngram.prepare(['abcabcabc']);
    expect(ngram.suggest('abcabc')).toMatch(/^abcabc/);
    expect(ngram.suggest('ab')).toMatch(/^cabc/);
    expect(ngram.suggest('x')).toBe(''); // never seen: nothing is likely enough
    // A distribution: the known characters plus the unknown one sum to 1.
    const total = ['a', 'b', 'c', '?'].reduce((s, c) => s + ngram.probability('ab', c), 0);
    expect(total).toBeCloseTo(1, 12);
  });

  it('the n-gram learns online from what the user enters', () => {
    const ngram = createNgram({ order: 4 });
    ngram.prepare(['hello there']);
    expect(ngram.suggest('xyz')).toBe('');
    ngram.startDocument();
    for (const ch of 'xyzw xyzw ') ngram.observe(ch);
    expect(ngram.suggest('xyzw xyzw xy')).toMatch(/^zw/);
  });

  it('word completion suggests the rest of the most frequent, then most recent, longer word', () => {
    const words = createWordCompletion();
    void words.prepare(['foobar foobar fooqux; food'], { corpus: 'test', quick: true }); // synchronous for word completion
    expect(words.suggest('x = fo')).toBe('obar'); // foobar ×2
    expect(words.suggest('x = fooq')).toBe('ux');
    expect(words.suggest('x = foobar')).toBe(''); // nothing longer
    expect(words.suggest('x = ')).toBe(''); // not inside a word
    expect(words.suggest('x = 1')).toBe('');
    words.startDocument();
    for (const ch of 'food food ') words.observe(ch);
    expect(words.suggest('fo')).toBe('od'); // food ×3 now
    expect(words.countOf('food')).toBe(3);
    for (const ch of 'foobar ') words.observe(ch);
    expect(words.suggest('fo')).toBe('obar'); // foobar ×3 ties food ×3 and is more recent
  });
});
