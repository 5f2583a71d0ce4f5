import { CharLM } from '@recurrent/topologies';
import { beforeAll, describe, expect, it } from 'vitest';
import { NgramTable } from '../src/completion/ngram.js';
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
    const { text, confidence, expectedSaving } = p.predict('doc', 0, 'function gre', OPTIONS);
    expect(text.startsWith('et(name)')).toBe(true);
    expect(confidence).toBeGreaterThan(0.5);
    expect(expectedSaving).toBeGreaterThan(1);
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

  it('counts the text it reads as it grows, the same as counting it afresh', () => {
    const documents = new NgramTable();
    documents.addText('const total = computeTotal(items);\n');
    const withTables = { ...OPTIONS, tables: [documents] };
    const incremental = new Predictor(lm);
    const prefix = 'let a = computeTotal(x);\nlet b = comp';
    for (let i = 1; i <= prefix.length; i++) incremental.predict('doc', 0, prefix.slice(0, i), withTables);
    const fresh = new Predictor(lm);
    fresh.mixture.weights = incremental.mixture.weights;
    expect(incremental.predict('doc', 0, prefix, withTables)).toEqual(fresh.predict('doc', 0, prefix, withTables));
  });

  it('learns the mixture weight from what is typed: towards the expert that predicted it', () => {
    // Untrained, the model is near uniform; the n-gram has seen this line many times and predicts it.
    const untrained = new CharLM(vocabularyFor(['']), { cell: 'gru', hiddenSize: 8, seed: 1 });
    const documents = new NgramTable();
    documents.addText('value = compute(first, second)\n'.repeat(20));
    const predictor = new Predictor(untrained);
    const before = predictor.mixture.weights;
    const line = 'value = compute(first, second)';
    for (let i = 1; i <= line.length; i++) predictor.predict('doc', 0, line.slice(0, i), { ...OPTIONS, tables: [documents] });
    // Inside words (most of the line) and after spaces the n-gram predicted better.
    expect(predictor.mixture.inWord.weight).toBeLessThan(before[1] / 3);
    expect(predictor.mixture.afterSpace.weight).toBeLessThan(before[0]);
  });

  it('stops at the end of the line, at the length limit, below the confidence threshold, and when cancelled', () => {
    const p = new Predictor(lm);
    const line = p.predict('doc', 0, 'function greet(name', OPTIONS).text;
    expect(line).not.toContain('\n');
    expect([...p.predict('doc', 0, 'function greet(', { ...OPTIONS, maxLength: 3 }).text].length).toBeLessThanOrEqual(3);
    expect(p.predict('doc', 0, 'function gre', { ...OPTIONS, minConfidence: 1 }).text).toBe('');
    expect(p.predict('doc', 0, 'function gre', OPTIONS, () => true).text).toBe('');
    expect(p.predict('doc', 0, '', OPTIONS).text).toBe('');
  });

  it('completes a word the model never learned but the documents contain, once the n-gram has proved right', () => {
    const untrained = new CharLM(vocabularyFor(['']), { cell: 'gru', hiddenSize: 8, seed: 1 });
    const documents = new NgramTable();
    documents.addText('frobnicateWidget(); frobnicateWidget(); frobnicateWidget();\n'.repeat(5));
    const predictor = new Predictor(untrained);
    const withTables = { ...OPTIONS, tables: [documents] };
    expect(predictor.predict('d', 0, 'x = frobnic', OPTIONS).text).toBe('');
    // Typing a line the documents predict moves the weight to the n-gram.
    const line = 'frobnicateWidget(); frobnicateWidget();';
    for (let i = 1; i <= line.length; i++) predictor.predict('typed', 0, line.slice(0, i), withTables);
    expect(predictor.predict('d', 0, 'x = frobnic', withTables).text.startsWith('ateWidget()')).toBe(true);
    // Text seen nowhere gives the n-gram nothing to go on: still nothing worth showing.
    expect(predictor.predict('e', 0, 'unique context here', withTables).text).toBe('');
  });
});
