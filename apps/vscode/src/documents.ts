import type { Settings } from './settings.js';

/** The parts of a TextDocument the filter looks at (a stand-in in tests). */
export interface DocumentLike {
  uri: { scheme: string; toString(): string };
  languageId: string;
  getText(): string;
}

export type Verdict = { learn: true } | { learn: false; reason: string };

/**
 * Whether a document is something to learn from: a file or an untitled buffer, in an allowed
 * language, not excluded by a glob, within the size limit, and text rather than binary.
 * `isExcluded` is injected (the extension uses vscode.languages.match with the glob patterns).
 */
export function judgeDocument(doc: DocumentLike, settings: Settings, isExcluded: (doc: DocumentLike) => boolean): Verdict {
  if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') return { learn: false, reason: `scheme ${doc.uri.scheme}` };
  if (settings.languages.length > 0 && !settings.languages.includes(doc.languageId)) return { learn: false, reason: `language ${doc.languageId} is not in recurrent.languages` };
  if (isExcluded(doc)) return { learn: false, reason: 'matches recurrent.exclude' };
  const text = doc.getText();
  const bytes = utf8Length(text);
  if (bytes > settings.fileSizeLimit) return { learn: false, reason: `${bytes} bytes is over recurrent.fileSizeLimit` };
  if (text.length === 0) return { learn: false, reason: 'empty' };
  if (looksBinary(text)) return { learn: false, reason: 'looks binary' };
  return { learn: true };
}

/**
 * Binary content decoded as text shows NUL characters, or many control characters and
 * U+FFFD replacement characters; real text (code included) has almost none.
 */
export function looksBinary(text: string): boolean {
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) odd++;
  }
  return odd > Math.max(8, sample.length * 0.01);
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00) { bytes += 4; i++; }
    else bytes += 3;
  }
  return bytes;
}
