import { describe, expect, it } from 'vitest';
import { judgeDocument, looksBinary } from '../src/documents.js';
import { DEFAULT_SETTINGS } from '../src/settings.js';

const doc = (text: string, options: { scheme?: string; languageId?: string } = {}) => ({
  uri: { scheme: options.scheme ?? 'file', toString: () => 'file:///x' }, languageId: options.languageId ?? 'typescript', getText: () => text,
});
const never = () => false;

describe('which documents are learned from', () => {
  it('takes files and untitled buffers of text', () => {
    expect(judgeDocument(doc('const x = 1;'), DEFAULT_SETTINGS, never)).toEqual({ learn: true });
    expect(judgeDocument(doc('notes', { scheme: 'untitled' }), DEFAULT_SETTINGS, never)).toEqual({ learn: true });
  });

  it('skips other schemes, other languages, excluded paths, empty and oversized documents', () => {
    expect(judgeDocument(doc('x', { scheme: 'git' }), DEFAULT_SETTINGS, never)).toEqual({ learn: false, reason: 'scheme git' });
    expect(judgeDocument(doc('x', { languageId: 'python' }), { ...DEFAULT_SETTINGS, languages: ['typescript'] }, never).learn).toBe(false);
    expect(judgeDocument(doc('x'), DEFAULT_SETTINGS, () => true)).toEqual({ learn: false, reason: 'matches recurrent.exclude' });
    expect(judgeDocument(doc(''), DEFAULT_SETTINGS, never)).toEqual({ learn: false, reason: 'empty' });
    // 'é' is two bytes in UTF-8: 600 of them are 1200 bytes, over a 1024-byte limit.
    expect(judgeDocument(doc('é'.repeat(600)), { ...DEFAULT_SETTINGS, fileSizeLimit: 1024 }, never)).toEqual({ learn: false, reason: '1200 bytes is over recurrent.fileSizeLimit' });
  });

  it('recognises binary content shown as text', () => {
    expect(looksBinary('PK\u0003\u0004\u0000\u0000')).toBe(true);
    expect(looksBinary('\uFFFD\u0001\u0002'.repeat(50))).toBe(true);
    expect(looksBinary('function f() {\n\treturn "tabs and\\nnewlines";\n}\r\n')).toBe(false);
    expect(looksBinary('naïve café — 𝄞 ✓')).toBe(false);
    expect(judgeDocument(doc('\u0000abc'), DEFAULT_SETTINGS, never)).toEqual({ learn: false, reason: 'looks binary' });
  });
});
