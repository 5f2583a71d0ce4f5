import { CharLM } from '@recurrent/topologies';
import { beforeAll, describe, expect, it } from 'vitest';
import { Predictor } from '../src/completion/predictor.js';
import { vocabularyFor } from '../src/vocabulary.js';

const TEXT = 'function greet(name) {\n  return `hello, ${name}`;\n}\n'.repeat(30);
const OPTIONS = { maxLength: 24, minConfidence: 0.3, temperature: 0 };

describe('Predictor', () => {
  let lm: CharLM;
  beforeAll(async () => {
    lm = new CharLM(vocabularyFor([TEXT]), { cell: 'gru', hiddenSize: 48, seed: 2 });
    await lm.fit([TEXT], { steps: 250, seqLength: 32, batchSize: 16, lr: 0.01, seed: 1 });
  });

  it('continues a recurring word of the text it learned', () => {
    const p = new Predictor(lm);
    const { text, confidence } = p.predict('doc', 0, 'function gre', OPTIONS);
    expect(text.startsWith('et(name)')).toBe(true);
    expect(confidence).toBeGreaterThanOrEqual(OPTIONS.minConfidence);
  });

  it('gives the same answer whether it continues a remembered state or starts afresh', () => {
    const incremental = new Predictor(lm);
    const prefix = 'function greet(name) {\n  return `hel';
    for (let i = 1; i <= prefix.length; i++) incremental.predict('doc', 0, prefix.slice(0, i), OPTIONS);
    const fresh = new Predictor(lm);
    expect(incremental.predict('doc', 0, prefix, OPTIONS)).toEqual(fresh.predict('doc', 0, prefix, OPTIONS));
    // A text that does not extend the remembered one (the user deleted a character) starts over correctly.
    expect(incremental.predict('doc', 0, prefix.slice(0, -2), OPTIONS)).toEqual(fresh.predict('other', 0, prefix.slice(0, -2), OPTIONS));
  });

  it('stops at the end of the line, at the length limit, below the confidence threshold, and when cancelled', () => {
    const p = new Predictor(lm);
    const line = p.predict('doc', 0, 'function greet(name', OPTIONS).text;
    expect(line).not.toContain('\n');
    expect([...p.predict('doc', 0, 'function greet(', { ...OPTIONS, maxLength: 3 }).text].length).toBeLessThanOrEqual(3);
    expect(p.predict('doc', 0, 'function gre', { ...OPTIONS, minConfidence: 1 })).toEqual({ text: '', confidence: 0 });
    expect(p.predict('doc', 0, 'function gre', OPTIONS, () => true).text).toBe('');
    expect(p.predict('doc', 0, '', OPTIONS).text).toBe('');
  });
});
