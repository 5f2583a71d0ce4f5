/**
 * The aliasing rules of KERNEL_FUNCTIONS, one test per rule: calling a function with an output
 * that is the very buffer of an input gives, bit for bit, what the same call gives on separate
 * buffers (the output starting with the input's contents). On the reference twin first — the
 * oracle — and on both wasm builds. Aliasing that no rule allows is refused by the typed API.
 */
import { describe, expect, it } from 'vitest';
import { type Backend, type F32, type I32, KERNEL_FUNCTIONS, type Kernel, RAW_FUNCTIONS } from '../src/index.js';
import { Rng, SIZES, useKernel } from './helpers.js';

type Arrays = Record<string, Float32Array | Int32Array>;
type Buffers = Record<string, F32 | I32>;

/** How to call one function: random contents for every buffer argument, and the call itself. */
interface Case {
  make(rng: Rng, size: number): Arrays;
  call(k: Kernel, b: Buffers, size: number): number | void;
}

const f = (b: Buffers, name: string) => b[name] as F32;
/** Activations as a forward pass leaves them: σ-gates in (0, 1), tanh-gates in (−1, 1). */
const gatesOf = (rng: Rng, rows: number, blocks: number, hidden: number, tanhBlock: number) =>
  Float32Array.from({ length: rows * blocks * hidden }, (_, i) => (Math.floor(i / hidden) % blocks === tanhBlock ? rng.uniform(-1, 1) : rng.uniform(0, 1)));

const activation = (name: 'tanhForward' | 'sigmoidForward' | 'reluForward'): Case => ({
  make: (rng, n) => ({ x: rng.floats(n, -3, 3), y: rng.floats(n) }),
  call: (k, b, n) => k[name](n, f(b, 'x'), f(b, 'y')),
});
const activationBackward = (name: 'tanhBackward' | 'sigmoidBackward' | 'reluBackward'): Case => ({
  make: (rng, n) => ({ y: rng.floats(n, -1, 1), dy: rng.floats(n), dx: rng.floats(n) }),
  call: (k, b, n) => k[name](n, f(b, 'y'), f(b, 'dy'), f(b, 'dx')),
});
const binary = (name: 'add' | 'mul'): Case => ({
  make: (rng, n) => ({ a: rng.floats(n), b: rng.floats(n), out: rng.floats(n) }),
  call: (k, b, n) => k[name](n, f(b, 'a'), f(b, 'b'), f(b, 'out')),
});

/** Every function that has an aliasing rule; `size` is n, or the hidden size of a cell (batch 3). */
const CASES: Partial<Record<(typeof RAW_FUNCTIONS)[number], Case>> = {
  tanhForward: activation('tanhForward'),
  sigmoidForward: activation('sigmoidForward'),
  reluForward: activation('reluForward'),
  tanhBackward: activationBackward('tanhBackward'),
  sigmoidBackward: activationBackward('sigmoidBackward'),
  reluBackward: activationBackward('reluBackward'),
  add: binary('add'),
  mul: binary('mul'),
  axpy: {
    make: (rng, n) => ({ x: rng.floats(n), y: rng.floats(n) }),
    call: (k, b, n) => k.axpy(n, -0.75, f(b, 'x'), f(b, 'y')),
  },
  copy: {
    make: (rng, n) => ({ x: rng.floats(n), y: rng.floats(n) }),
    call: (k, b, n) => k.copy(n, f(b, 'x'), f(b, 'y')),
  },
  lstmCellForward: {
    make: (rng, H) => ({ gates: rng.floats(3 * 4 * H, -4, 4), cPrev: rng.floats(3 * H, -2, 2), c: rng.floats(3 * H), h: rng.floats(3 * H) }),
    call: (k, b, H) => k.lstmCellForward(3, H, f(b, 'gates'), f(b, 'cPrev'), f(b, 'c'), f(b, 'h')),
  },
  lstmCellBackward: {
    make: (rng, H) => ({
      gates: gatesOf(rng, 3, 4, H, 2), cPrev: rng.floats(3 * H, -2, 2), c: rng.floats(3 * H, -2, 2),
      dh: rng.floats(3 * H), dc: rng.floats(3 * H), dGates: rng.floats(3 * 4 * H), dcPrev: rng.floats(3 * H),
    }),
    call: (k, b, H) => k.lstmCellBackward(3, H, f(b, 'gates'), f(b, 'cPrev'), f(b, 'c'), f(b, 'dh'), f(b, 'dc'), f(b, 'dGates'), f(b, 'dcPrev')),
  },
  gruCellForward: {
    make: (rng, H) => ({ gi: rng.floats(3 * 3 * H, -3, 3), gh: rng.floats(3 * 3 * H, -3, 3), hPrev: rng.floats(3 * H), h: rng.floats(3 * H) }),
    call: (k, b, H) => k.gruCellForward(3, H, f(b, 'gi'), f(b, 'gh'), f(b, 'hPrev'), f(b, 'h')),
  },
  softmaxCrossEntropy: {
    // size rows of 7 classes; every third row's target is the ignore index.
    make: (rng, rows) => ({
      logits: rng.floats(rows * 7, -30, 30), dlogits: rng.floats(rows * 7),
      targets: Int32Array.from({ length: rows }, (_, r) => (r % 3 === 2 ? -100 : rng.int(0, 7))),
    }),
    call: (k, b, rows) => k.softmaxCrossEntropy(rows, 7, f(b, 'logits'), b['targets'] as I32, f(b, 'dlogits'), 0.5),
  },
};

const RULES = RAW_FUNCTIONS.flatMap((name) => KERNEL_FUNCTIONS[name].inPlace.map(([output, input]) => ({ name, output, input })));

/** Copies `arrays` into the kernel — `alias` names a buffer that is not made but is another one — calls, reads back. */
function run(k: Kernel, c: Case, arrays: Arrays, size: number, alias?: { output: string; input: string }) {
  k.arena.reset();
  const buffers: Buffers = {};
  for (const [name, values] of Object.entries(arrays)) {
    if (name === alias?.output) continue;
    buffers[name] = values instanceof Int32Array ? k.fromInt32Array(values) : k.fromArray(values);
  }
  if (alias) buffers[alias.output] = buffers[alias.input]!;
  const result = c.call(k, buffers, size);
  const out: Record<string, number[]> = {};
  // Bit patterns, so that −0 and NaN payloads count too.
  for (const [name, b] of Object.entries(buffers)) out[name] = Array.from(new Uint32Array(k.arena.i32(b as I32).slice().buffer));
  return { out, result };
}

describe('every aliasing rule has a test case', () => {
  it('the cases are exactly the functions with rules', () => {
    expect(Object.keys(CASES).sort()).toEqual([...new Set(RULES.map((r) => r.name))].sort());
  });
});

describe.each(['reference', 'wasm-relaxed-simd', 'wasm-simd'] as const satisfies readonly Backend[])('aliasing rules (%s)', (backend) => {
  const k = useKernel(backend);

  it.each(RULES.map((r) => [`${r.name}: ${r.output} may be ${r.input}`, r] as const))('%s', (_, rule) => {
    const c = CASES[rule.name]!;
    for (const size of SIZES) {
      const arrays = c.make(new Rng(size * 31 + rule.output.length), size);
      // Separate buffers, the output starting as a copy of the input (accumulating outputs read it).
      const separate = run(k, c, { ...arrays, [rule.output]: arrays[rule.input]!.slice() }, size);
      const aliased = run(k, c, arrays, size, rule);
      const label = `${rule.name} size ${size}`;
      expect(aliased.out[rule.input], `${label}: ${rule.output}`).toEqual(separate.out[rule.output]);
      for (const name of Object.keys(arrays)) {
        if (name !== rule.input && name !== rule.output) expect(aliased.out[name], `${label}: ${name}`).toEqual(separate.out[name]);
      }
      expect(aliased.result, `${label}: returned value`).toBe(separate.result);
    }
  });

  it('refuses aliasing that no rule allows, naming the written buffer', () => {
    const gates = k.alloc(4 * 4), gi = k.alloc(3 * 4), gh = k.alloc(3 * 4), state = k.alloc(4), other = k.alloc(4);
    expect(() => k.lstmCellForward(1, 4, gates, state, other, state)).toThrow(/^lstmCellForward: h overlaps cPrev; they must be separate buffers$/);
    expect(() => k.lstmCellForward(1, 4, gates, other, state, state)).toThrow(/^lstmCellForward: c overlaps h; they must be separate buffers$/);
    expect(() => k.gruCellForward(1, 4, gi, gh, state, { dtype: 'f32', ptr: gh.ptr, length: 4 })).toThrow(/^gruCellForward: h overlaps gh; they must be separate buffers$/);
    const dGates = k.alloc(16), dc = k.alloc(4);
    expect(() => k.lstmCellBackward(1, 4, gates, state, other, other, dc, dGates, other)).toThrow(/^lstmCellBackward: dcPrev overlaps c/);
    expect(() => k.softmaxCrossEntropy(1, 4, state, k.fromInt32Array([0]), state)).not.toThrow();
    expect(() => k.scale(4, 2, state)).not.toThrow();
  });
});
