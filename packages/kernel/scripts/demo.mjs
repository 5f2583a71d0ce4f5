// A first look at the kernel until the `recurrent` command exists (it becomes `recurrent demo`):
// a character bigram model — logits = W[previous char] — trained with Adam on this
// repository's own README text, every step made of kernel calls (gather rows, softmax
// cross-entropy, scatter-add, Adam). Prints the loss falling and greedy continuations.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKernel } from '../dist/index.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const text = ['README.md', 'packages/kernel/README.md'].map((f) => readFileSync(join(repo, f), 'utf8')).join('\n');
const symbols = [...new Set(text)].sort();
const V = symbols.length;
const ids = Int32Array.from(text, (ch) => symbols.indexOf(ch));

const k = await loadKernel();
const started = performance.now();
const W = k.alloc(V * V), gradW = k.alloc(V * V), m = k.alloc(V * V), v = k.alloc(V * V);
const B = 256;
const inputs = k.allocInt32(B), targets = k.allocInt32(B), logits = k.alloc(B * V);
console.log(`kernel: ${k.backend}; corpus: ${text.length} characters of this repository's READMEs, ${V} symbols`);

let seed = 1234;
const random = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 1 | seed) + 0x6d2b79f5) >>> 0) / 2 ** 32);
const steps = 300;
for (let step = 1; step <= steps; step++) {
  const x = k.i32(inputs), y = k.i32(targets);
  for (let b = 0; b < B; b++) {
    const at = Math.floor(random() * (ids.length - 1));
    x[b] = ids[at];
    y[b] = ids[at + 1];
  }
  k.gatherRows(B, V, W, V, inputs, logits);
  const loss = k.softmaxCrossEntropy(B, V, logits, targets, logits, 1 / B) / B;
  k.fill(V * V, 0, gradW);
  k.scatterAddRows(B, V, logits, inputs, gradW, V);
  k.adamStep(V * V, W, gradW, m, v, { lr: 0.05, step });
  if (step === 1 || step % 50 === 0) {
    console.log(`step ${String(step).padStart(3)}  loss ${loss.toFixed(3)} nats  (${(loss / Math.LN2).toFixed(2)} bits/char)`);
  }
}

/** Greedy decoding: the most likely next character after the last one, again and again. */
function continueText(prefix, length) {
  let out = prefix;
  for (let i = 0; i < length; i++) {
    const row = k.f32(W).subarray(symbols.indexOf(out.at(-1)) * V, (symbols.indexOf(out.at(-1)) + 1) * V);
    out += symbols[row.indexOf(Math.max(...row))];
  }
  return out;
}
for (const prefix of ['The ', 'ker', 'a']) console.log(`  ${JSON.stringify(prefix)} -> ${JSON.stringify(continueText(prefix, 12))}`);
console.log(`done in ${((performance.now() - started) / 1000).toFixed(2)} s. A bigram model only sees one character back;`);
console.log('the recurrent models built on this kernel see the whole prefix.');
