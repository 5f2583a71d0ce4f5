import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCharLM, saveCharLM } from '@recurrent/topologies';
import { describe, expect, it } from 'vitest';
import { recurrent, TINY, workspace } from './helpers.js';

// The documented exit codes: 2 usage, 3 unusable text, 4 unusable model.
describe('bad input gets a clear error and a meaningful exit code', () => {
  const { dir, text } = workspace();
  const file = (name: string, content: string | Buffer) => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };

  it.each([
    ['a missing file', () => join(dir, 'nope.txt'), /nope\.txt: no such file/],
    ['an empty file', () => file('empty.txt', ''), /empty\.txt is empty/],
    ['a binary file', () => file('blob.bin', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01])), /blob\.bin looks binary/],
    ['text that is not UTF-8', () => file('latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x61])), /latin1\.txt is not valid UTF-8/],
    ['a directory', () => dir, /is a directory/],
  ])('train refuses %s (exit 3)', (_what, path, message) => {
    const run = recurrent(['train', path(), ...TINY, '--steps', '2'], dir);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(message);
  });

  it('refuses a text shorter than a training sequence in the command\'s own terms, without a stack trace', () => {
    const run = recurrent(['train', file('short.txt', 'just a few words here'), '--seq-length', '64', '--steps', '2', '--validation', '0'], dir);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/21 characters to train on .*too few for --seq-length 64/);
    expect(run.stderr).not.toMatch(/seqLength|\n\s+at /);
  });

  it('a model whose finite weights overflow its scores: eval says so (exit 4), --resume stops with "diverged" (exit 1), no stack trace', () => {
    expect(recurrent(['train', text, ...TINY, '--steps', '4', '--out', 'ok.rnn', '--no-report'], dir).status).toBe(0);
    const { model, extras, extraTensors } = loadCharLM(readFileSync(join(dir, 'ok.rnn')));
    model.head.weight.set(model.head.weight.toArray().map((w) => w * 3e37));
    writeFileSync(join(dir, 'huge.rnn'), saveCharLM(model, extras, extraTensors));
    const evaluated = recurrent(['eval', 'huge.rnn', text], dir);
    expect(evaluated.status).toBe(4);
    expect(evaluated.stderr).toMatch(/huge\.rnn predicts .* with (Infinity|NaN) bits\/char: its weights overflow/);
    const resumed = recurrent(['train', '--resume', 'huge.rnn', '--steps', '2', '--out', 'huge.rnn', '--no-report'], dir);
    expect(resumed.status).toBe(1);
    expect(resumed.stderr).toMatch(/training diverged: the (validation )?loss became (Infinity|NaN) at step \d+; lower the learning rate/);
    expect(resumed.stderr).not.toMatch(/\n\s+at |ModelFileError/);
    // The file on disk is the one it resumed from, whole.
    expect(() => loadCharLM(readFileSync(join(dir, 'huge.rnn')))).not.toThrow();
  });

  it('refuses a file over --max-bytes', () => {
    const run = recurrent(['train', text, '--max-bytes', '100'], dir);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/over the 0 MiB limit; pass a smaller file or raise --max-bytes/);
  });

  it('reports a missing, damaged or foreign model file (exit 4)', () => {
    const missing = recurrent(['sample', 'none.rnn'], dir);
    expect(missing.status).toBe(4);
    expect(missing.stderr).toMatch(/no such file \(train one with `recurrent train`\)/);
    const garbage = recurrent(['eval', file('junk.rnn', 'hello, I am not a model'), text], dir);
    expect(garbage.status).toBe(4);
    expect(garbage.stderr).toMatch(/junk\.rnn is not a usable model: .*not a recurrent model file/);
    expect(recurrent(['train', text, ...TINY, '--steps', '2', '--out', 'ok.rnn', '--no-report'], dir).status).toBe(0);
    const bytes = readFileSync(join(dir, 'ok.rnn'));
    bytes[bytes.length - 50]! ^= 0xff;
    const tampered = recurrent(['sample', file('tampered.rnn', bytes)], dir);
    expect(tampered.status).toBe(4);
    expect(tampered.stderr).toMatch(/tampered\.rnn is not a usable model/);
  });

  it('rejects bad options (exit 2) and explains every command with --help (exit 0)', () => {
    expect(recurrent(['train', '--hidden', 'lots'], dir).status).toBe(2);
    expect(recurrent(['train', '--cell', 'transformer'], dir).stderr).toMatch(/Allowed choices are rnn_tanh, rnn_relu, lstm, gru/);
    expect(recurrent(['train', '--steps', '3', '--epochs', '1', text], dir).status).toBe(2);
    expect(recurrent(['fly'], dir).status).toBe(2);
    for (const command of ['train', 'sample', 'eval', 'demo', 'bench']) {
      const help = recurrent([command, '--help'], dir);
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`Usage: recurrent ${command}`));
    }
  });
});
