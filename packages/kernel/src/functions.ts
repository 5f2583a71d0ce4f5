import type { RawKernel } from './raw.js';

/**
 * What one parameter of a raw function is: a number passed by value (`i32` for sizes, flags and
 * indices, `f32`/`f64` for scalars, as the AssemblyScript source declares it), or a pointer to a
 * buffer the function only reads (`in`), only writes (`out`) or reads and writes (`inout`).
 */
export type ParameterKind = 'i32' | 'f32' | 'f64' | 'in' | 'out' | 'inout';

/**
 * How many elements a buffer argument spans, from the call's other arguments (by parameter name)
 * and, for tables addressed by indices, the int32 view of the memory the indices are in.
 */
export type Extent = (args: Readonly<Record<string, number>>, memory: Int32Array) => number;

/**
 * One parameter: its name (as the AssemblyScript source spells it) and its kind, and for a
 * buffer the elements it spans.
 */
export type Parameter =
  | readonly [name: string, kind: 'i32' | 'f32' | 'f64']
  | readonly [name: string, kind: 'in' | 'out' | 'inout', extent: Extent];

/** Elements of a rows×cols matrix stored with row length ld. */
const matrix = (rows: number, cols: number, ld: number): number => (rows === 0 || cols === 0 ? 0 : (rows - 1) * ld + cols);

/**
 * Elements of op(B) (K×N) packed by packB: K rows of N rounded up to a whole panel of 8 columns.
 * @example packedSize(128, 512) === 65536
 */
export const packedSize = (k: number, n: number): number => k * (Math.ceil(n / 8) * 8);

/** The most columns quantizeRows and gemvInt8 take (their int32 sums cannot overflow below this). */
export const MAX_QUANTIZED_COLUMNS = 8192;

/** Bytes of one int8 row of quantizeRows' q: cols rounded up to 16. */
export const quantizedRowBytes = (cols: number): number => Math.ceil(cols / 16) * 16;

/**
 * Float32 elements a rows×cols int8 matrix of quantizeRows occupies.
 * @example quantizedSize(2, 20) === 16 // two rows of 32 bytes
 */
export const quantizedSize = (rows: number, cols: number): number => (rows * quantizedRowBytes(cols)) / 4;

/** Rows of a table that `count` int32 indices at `indices` address: the largest index + 1. */
function indexedRows(memory: Int32Array, indices: number, count: number): number {
  let rows = 0;
  for (let i = 0; i < count; i++) {
    const row = memory[(indices >> 2) + i]!;
    if (row < 0) throw new RangeError(`index ${i} is ${row}, below 0`);
    rows = Math.max(rows, row + 1);
  }
  return rows;
}

// Extents shared by many functions.
const n: Extent = (p) => p['n']!;
const state: Extent = (p) => p['batch']! * p['hidden']!;
const lstmGates: Extent = (p) => p['batch']! * 4 * p['hidden']!;
const gruGates: Extent = (p) => p['batch']! * 3 * p['hidden']!;
const rowsByCols: Extent = (p) => p['rows']! * p['cols']!;
const cols: Extent = (p) => p['cols']!;
const count: Extent = (p) => p['count']!;
const countByCols: Extent = (p) => p['count']! * p['cols']!;
const table: Extent = (p, memory) => indexedRows(memory, p['indices']!, p['count']!) * p['cols']!;

/**
 * One entry of {@link KERNEL_FUNCTIONS}. `parameters` has exactly as many entries as the
 * {@link RawKernel} method has (the compiler checks this).
 */
export interface FunctionSpec<F> {
  readonly parameters: F extends (...args: infer A) => unknown ? { readonly [I in keyof A]: Parameter } : never;
  /** What the function returns, as the AssemblyScript source declares it. */
  readonly returns: 'void' | 'f64';
  /**
   * The aliasing rules: each pair [output, input] may be the very same buffer (same pointer, same
   * length), and the function then computes what it computes on separate buffers. No other
   * buffer written by the function may share any memory with another buffer argument; buffers
   * that are only read may overlap each other freely.
   */
  readonly inPlace: readonly (readonly [output: string, input: string])[];
}

/** The table of every raw function: keyed by name, in the order of the exports. */
export type KernelFunctions = { readonly [K in keyof RawKernel]: FunctionSpec<RawKernel[K]> };

/**
 * The kernel's API in one list: every raw function, its parameters in order and the aliasing it
 * allows. Everything else is derived from it or checked against it:
 * - {@link RawKernel} (the TypeScript interface with the contract of each function) must have the
 *   same names and arities — the type of this constant makes the compiler check that;
 * - {@link RAW_FUNCTIONS} (what the loader requires of a module) is its list of names;
 * - the AssemblyScript exports (assembly/index.ts, and each function's parameter names and types)
 *   and the reference twins are checked against it by test/api.test.ts;
 * - the typed {@link Kernel} checks aliasing by its `inPlace` rules, and each rule is stated in
 *   the TSDoc of src/raw.ts and tested on the reference twin (test/aliasing.test.ts).
 */
export const KERNEL_FUNCTIONS: KernelFunctions = {
  sgemm: {
    parameters: [
      ['transA', 'i32'], ['transB', 'i32'], ['m', 'i32'], ['n', 'i32'], ['k', 'i32'],
      ['alpha', 'f32'], ['a', 'in', (p) => (p['transA'] ? matrix(p['k']!, p['m']!, p['lda']!) : matrix(p['m']!, p['k']!, p['lda']!))], ['lda', 'i32'],
      ['b', 'in', (p) => (p['transB'] ? matrix(p['n']!, p['k']!, p['ldb']!) : matrix(p['k']!, p['n']!, p['ldb']!))], ['ldb', 'i32'],
      ['beta', 'f32'], ['c', 'inout', (p) => matrix(p['m']!, p['n']!, p['ldc']!)], ['ldc', 'i32'],
    ],
    returns: 'void',
    inPlace: [],
  },
  packB: {
    parameters: [
      ['transB', 'i32'], ['k', 'i32'], ['n', 'i32'],
      ['b', 'in', (p) => (p['transB'] ? matrix(p['n']!, p['k']!, p['ldb']!) : matrix(p['k']!, p['n']!, p['ldb']!))], ['ldb', 'i32'],
      ['packed', 'out', (p) => packedSize(p['k']!, p['n']!)],
    ],
    returns: 'void',
    inPlace: [],
  },
  sgemmPacked: {
    parameters: [
      ['transA', 'i32'], ['m', 'i32'], ['n', 'i32'], ['k', 'i32'],
      ['alpha', 'f32'], ['a', 'in', (p) => (p['transA'] ? matrix(p['k']!, p['m']!, p['lda']!) : matrix(p['m']!, p['k']!, p['lda']!))], ['lda', 'i32'],
      ['packed', 'in', (p) => packedSize(p['k']!, p['n']!)],
      ['beta', 'f32'], ['c', 'inout', (p) => matrix(p['m']!, p['n']!, p['ldc']!)], ['ldc', 'i32'],
    ],
    returns: 'void',
    inPlace: [],
  },
  quantizeRows: {
    parameters: [
      ['rows', 'i32'], ['cols', 'i32'], ['w', 'in', (p) => matrix(p['rows']!, p['cols']!, p['ldw']!)], ['ldw', 'i32'],
      ['q', 'out', (p) => quantizedSize(p['rows']!, p['cols']!)], ['scales', 'out', (p) => p['rows']!],
    ],
    returns: 'void',
    inPlace: [],
  },
  gemvInt8: {
    parameters: [
      ['rows', 'i32'], ['cols', 'i32'], ['q', 'in', (p) => quantizedSize(p['rows']!, p['cols']!)], ['scales', 'in', (p) => p['rows']!],
      ['x', 'in', cols], ['beta', 'f32'], ['y', 'inout', (p) => p['rows']!],
    ],
    returns: 'void',
    inPlace: [],
  },
  addRowBias: { parameters: [['rows', 'i32'], ['cols', 'i32'], ['bias', 'in', cols], ['x', 'inout', rowsByCols]], returns: 'void', inPlace: [] },
  columnSum: { parameters: [['rows', 'i32'], ['cols', 'i32'], ['x', 'in', rowsByCols], ['beta', 'f32'], ['out', 'inout', cols]], returns: 'void', inPlace: [] },
  gatherRows: {
    parameters: [['count', 'i32'], ['cols', 'i32'], ['table', 'in', table], ['indices', 'in', count], ['out', 'out', countByCols]],
    returns: 'void',
    inPlace: [],
  },
  scatterAddRows: {
    parameters: [['count', 'i32'], ['cols', 'i32'], ['source', 'in', countByCols], ['indices', 'in', count], ['table', 'inout', table]],
    returns: 'void',
    inPlace: [],
  },
  transpose: { parameters: [['rows', 'i32'], ['cols', 'i32'], ['a', 'in', rowsByCols], ['out', 'out', rowsByCols]], returns: 'void', inPlace: [] },

  tanhForward: { parameters: [['n', 'i32'], ['x', 'in', n], ['y', 'out', n]], returns: 'void', inPlace: [['y', 'x']] },
  sigmoidForward: { parameters: [['n', 'i32'], ['x', 'in', n], ['y', 'out', n]], returns: 'void', inPlace: [['y', 'x']] },
  reluForward: { parameters: [['n', 'i32'], ['x', 'in', n], ['y', 'out', n]], returns: 'void', inPlace: [['y', 'x']] },
  tanhBackward: {
    parameters: [['n', 'i32'], ['y', 'in', n], ['dy', 'in', n], ['dx', 'inout', n]],
    returns: 'void',
    inPlace: [['dx', 'y'], ['dx', 'dy']],
  },
  sigmoidBackward: {
    parameters: [['n', 'i32'], ['y', 'in', n], ['dy', 'in', n], ['dx', 'inout', n]],
    returns: 'void',
    inPlace: [['dx', 'y'], ['dx', 'dy']],
  },
  reluBackward: {
    parameters: [['n', 'i32'], ['y', 'in', n], ['dy', 'in', n], ['dx', 'inout', n]],
    returns: 'void',
    inPlace: [['dx', 'y'], ['dx', 'dy']],
  },
  add: { parameters: [['n', 'i32'], ['a', 'in', n], ['b', 'in', n], ['out', 'out', n]], returns: 'void', inPlace: [['out', 'a'], ['out', 'b']] },
  mul: { parameters: [['n', 'i32'], ['a', 'in', n], ['b', 'in', n], ['out', 'out', n]], returns: 'void', inPlace: [['out', 'a'], ['out', 'b']] },
  axpy: { parameters: [['n', 'i32'], ['alpha', 'f32'], ['x', 'in', n], ['y', 'inout', n]], returns: 'void', inPlace: [['y', 'x']] },
  scale: { parameters: [['n', 'i32'], ['alpha', 'f32'], ['x', 'inout', n]], returns: 'void', inPlace: [] },
  fill: { parameters: [['n', 'i32'], ['value', 'f32'], ['x', 'out', n]], returns: 'void', inPlace: [] },
  copy: { parameters: [['n', 'i32'], ['x', 'in', n], ['y', 'out', n]], returns: 'void', inPlace: [['y', 'x']] },

  lstmCellForward: {
    parameters: [['batch', 'i32'], ['hidden', 'i32'], ['gates', 'inout', lstmGates], ['cPrev', 'in', state], ['c', 'out', state], ['h', 'out', state]],
    returns: 'void',
    // Each unit reads its own c_{t−1} before it writes its c_t: the stepper updates c in place.
    inPlace: [['c', 'cPrev']],
  },
  lstmCellBackward: {
    parameters: [
      ['batch', 'i32'], ['hidden', 'i32'], ['gates', 'in', lstmGates], ['cPrev', 'in', state], ['c', 'in', state],
      ['dh', 'in', state], ['dc', 'in', state], ['dGates', 'out', lstmGates], ['dcPrev', 'out', state],
    ],
    returns: 'void',
    // BPTT carries one dc buffer back through time: dc_t in, dc_{t−1} out.
    inPlace: [['dcPrev', 'dc']],
  },
  gruCellForward: {
    parameters: [['batch', 'i32'], ['hidden', 'i32'], ['gi', 'inout', gruGates], ['gh', 'in', gruGates], ['hPrev', 'in', state], ['h', 'out', state]],
    returns: 'void',
    // Each unit reads its own h_{t−1} before it writes its h_t.
    inPlace: [['h', 'hPrev']],
  },
  gruCellBackward: {
    parameters: [
      ['batch', 'i32'], ['hidden', 'i32'], ['gi', 'in', gruGates], ['gh', 'in', gruGates], ['hPrev', 'in', state],
      ['dh', 'in', state], ['dgi', 'out', gruGates], ['dgh', 'out', gruGates], ['dhPrev', 'out', state],
    ],
    returns: 'void',
    inPlace: [],
  },

  softmaxCrossEntropy: {
    parameters: [
      ['rows', 'i32'], ['cols', 'i32'], ['logits', 'in', rowsByCols], ['targets', 'in', (p) => p['rows']!],
      ['ignoreIndex', 'i32'], ['gradScale', 'f32'], ['dlogits', 'out', rowsByCols],
    ],
    returns: 'f64',
    // A row's logits are all read (max, then the sum) before its gradient is written.
    inPlace: [['dlogits', 'logits']],
  },
  sumSquares: { parameters: [['n', 'i32'], ['x', 'in', n]], returns: 'f64', inPlace: [] },
  clamp: { parameters: [['n', 'i32'], ['lo', 'f32'], ['hi', 'f32'], ['x', 'inout', n]], returns: 'void', inPlace: [] },

  sgdStep: {
    parameters: [
      ['n', 'i32'], ['param', 'inout', n], ['grad', 'in', n], ['velocity', 'inout', n],
      ['lr', 'f32'], ['momentum', 'f32'], ['dampening', 'f64'], ['weightDecay', 'f32'], ['nesterov', 'i32'], ['firstStep', 'i32'],
    ],
    returns: 'void',
    inPlace: [],
  },
  adagradStep: {
    parameters: [['n', 'i32'], ['param', 'inout', n], ['grad', 'in', n], ['sum', 'inout', n], ['lr', 'f32'], ['eps', 'f32'], ['weightDecay', 'f32']],
    returns: 'void',
    inPlace: [],
  },
  rmspropStep: {
    parameters: [
      ['n', 'i32'], ['param', 'inout', n], ['grad', 'in', n], ['squareAvg', 'inout', n], ['momentumBuffer', 'inout', n],
      ['lr', 'f32'], ['alpha', 'f64'], ['eps', 'f32'], ['weightDecay', 'f32'], ['momentum', 'f32'],
    ],
    returns: 'void',
    inPlace: [],
  },
  adamStep: {
    parameters: [
      ['n', 'i32'], ['param', 'inout', n], ['grad', 'in', n], ['m', 'inout', n], ['v', 'inout', n],
      ['lr', 'f64'], ['beta1', 'f64'], ['beta2', 'f64'], ['eps', 'f32'], ['weightDecay', 'f32'], ['decoupled', 'i32'], ['step', 'i32'],
    ],
    returns: 'void',
    inPlace: [],
  },
};

/** The names of every raw function, in the order of {@link KERNEL_FUNCTIONS}. */
export const RAW_FUNCTIONS = Object.keys(KERNEL_FUNCTIONS) as readonly (keyof RawKernel)[];
