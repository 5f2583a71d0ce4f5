import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { recurrent, TINY, workspace } from './helpers.js';

describe('recurrent sample and eval', () => {
  const { dir, text } = workspace();
  beforeAll(() => {
    expect(recurrent(['train', text, ...TINY, '--steps', '60', '--out', 'm.rnn', '--no-report'], dir).status).toBe(0);
  });

  it('samples the requested length after the prefix, the same text for the same seed', () => {
    const args = ['sample', 'm.rnn', '--prefix', 'the lazy', '--length', '40', '--seed', '7', '--json'];
    const a = JSON.parse(recurrent(args, dir).stdout), b = JSON.parse(recurrent(args, dir).stdout);
    expect(a.prefix).toBe('the lazy');
    expect([...a.text]).toHaveLength(40);
    expect(b.text).toBe(a.text);
    const plain = recurrent(['sample', 'm.rnn', '--prefix', 'the lazy', '--length', '40', '--seed', '7'], dir);
    expect(plain.stdout.trim()).toBe(`the lazy${a.text}`.trim());
  });

  it('temperature 0 and top-k 1 are both greedy', () => {
    const greedy = JSON.parse(recurrent(['sample', 'm.rnn', '--prefix', 'the ', '--temperature', '0', '--json'], dir).stdout).text;
    const topK = JSON.parse(recurrent(['sample', 'm.rnn', '--prefix', 'the ', '--top-k', '1', '--seed', '3', '--json'], dir).stdout).text;
    expect(topK).toBe(greedy);
  });

  it('evaluates bits per char and top-1 accuracy per file and overall', () => {
    const other = join(dir, 'other.txt');
    writeFileSync(other, 'zebras quietly graze\n'.repeat(5));
    const out = JSON.parse(recurrent(['eval', 'm.rnn', text, other, '--json'], dir).stdout);
    expect(out.files).toHaveLength(2);
    const [seen, unseen] = out.files;
    // Text like the training text is predicted far better than text it never saw.
    expect(seen.bitsPerChar).toBeLessThan(unseen.bitsPerChar);
    expect(seen.accuracy).toBeGreaterThan(unseen.accuracy);
    expect(seen.accuracy).toBeGreaterThan(0.3);
    expect(out.overall.characters).toBe(seen.characters + unseen.characters);
    const plain = recurrent(['eval', 'm.rnn', text], dir);
    expect(plain.stdout).toMatch(/poem\.txt: \d\.\d{3} bits\/char, \d+\.\d% top-1 over \d+ characters/);
  });
});
