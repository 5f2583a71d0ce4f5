import { Arena, type F32, type I32 } from './arena.js';
import type { RawKernel } from './raw.js';
import { MAX_QUANTIZED_COLUMNS, packedSize, quantizedSize } from './functions.js';
import { checkAliasing, checkCount, checkFinite, checkMatrix, checkTargets } from './validate.js';

/** Which implementation runs the loops. */
export type Backend = 'wasm-relaxed-simd' | 'wasm-simd' | 'reference';

/**
 * The typed kernel: an arena over one memory and every loop of the raw kernel, with its
 * arguments checked so that a wrong size or a stray buffer gives a clear error instead of
 * silently corrupting memory. Each method is one call into the backend for a whole loop.
 *
 * The checked methods are for code that calls the kernel directly and for tests; autograd and
 * the topologies check shapes once at the tensor level and call {@link Kernel.raw}, whose own
 * checks are the debug mode (`checked`).
 *
 * @example
 * ```ts
 * const k = await loadKernel();
 * const a = k.fromArray([1, 2, 3, 4]), b = k.fromArray([5, 6, 7, 8]), c = k.alloc(4);
 * k.sgemm(false, false, 2, 2, 2, 1, a, 2, b, 2, 0, c, 2);
 * k.toArray(c); // Float32Array [19, 22, 43, 50]
 * ```
 */
export class Kernel {
  constructor(
    /** Which implementation this kernel runs on. */
    readonly backend: Backend,
    /** The allocator over this kernel's memory. */
    readonly arena: Arena,
    /**
     * The functions over pointers, for code that has checked its shapes already: unchecked, or
     * in the debug mode ({@link Kernel.checked}) each call checked against KERNEL_FUNCTIONS.
     */
    readonly raw: RawKernel,
    /** Whether `raw` checks every call (`checked: true` when loading, or RECURRENT_KERNEL_CHECKS=1). */
    readonly checked = false,
  ) {}

  // ---- memory -------------------------------------------------------------------------------

  /** A zero-filled float32 buffer. */
  alloc(length: number): F32 {
    return this.arena.alloc(length);
  }

  /** A zero-filled int32 buffer. */
  allocInt32(length: number): I32 {
    return this.arena.allocInt32(length);
  }

  /** A float32 buffer left as the memory was, for one written whole before it is read (see Arena.allocUnfilled). */
  allocUnfilled(length: number): F32 {
    return this.arena.allocUnfilled(length);
  }

  /** A float32 buffer holding `values` (rounded to float32). */
  fromArray(values: ArrayLike<number>): F32 {
    const buffer = this.arena.alloc(values.length);
    this.arena.f32(buffer).set(values);
    return buffer;
  }

  /** An int32 buffer holding `values`, which must be integers. */
  fromInt32Array(values: ArrayLike<number>): I32 {
    for (let i = 0; i < values.length; i++) {
      if (!Number.isInteger(values[i])) throw new TypeError(`fromInt32Array: element ${i} is ${values[i]}, not an integer`);
    }
    const buffer = this.arena.allocInt32(values.length);
    this.arena.i32(buffer).set(values);
    return buffer;
  }

  /** A copy of the buffer's values, safe to keep across memory growth. */
  toArray(buffer: F32): Float32Array {
    return this.arena.f32(buffer).slice();
  }

  /** A live view of the buffer — valid until the next allocation that grows memory. */
  f32(buffer: F32): Float32Array {
    return this.arena.f32(buffer);
  }

  /** A live view of an int32 buffer — valid until the next allocation that grows memory. */
  i32(buffer: I32): Int32Array {
    return this.arena.i32(buffer);
  }

  // ---- matrix products and rows -------------------------------------------------------------

  /**
   * C = alpha · op(A) · op(B) + beta · C (row-major; op(X) = Xᵀ when its flag is true).
   * op(A) is M×K, op(B) is K×N, C is M×N; lda/ldb/ldc are the stored row lengths.
   */
  sgemm(
    transA: boolean, transB: boolean, m: number, n: number, k: number,
    alpha: number, a: F32, lda: number, b: F32, ldb: number,
    beta: number, c: F32, ldc: number,
  ): void {
    const op = 'sgemm';
    this.checkProduct(op, transA, m, n, k, alpha, a, lda, beta, c, ldc);
    const [bRows, bCols] = transB ? [n, k] : [k, n];
    checkMatrix(this.arena, op, 'B', b, bRows, bCols, ldb);
    checkAliasing(op, { a, b, c }, { a: 'A', b: 'B', c: 'C' });
    this.raw.sgemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, a.ptr, lda, b.ptr, ldb, beta, c.ptr, ldc);
  }

  /** The checks sgemm and sgemmPacked share: sizes, scalars, op(A) (M×K) and C (M×N). */
  private checkProduct(
    op: string, transA: boolean, m: number, n: number, k: number,
    alpha: number, a: F32, lda: number, beta: number, c: F32, ldc: number,
  ): void {
    checkCount(op, 'M', m, 0);
    checkCount(op, 'N', n, 0);
    checkCount(op, 'K', k, 0);
    checkFinite(op, 'alpha', alpha);
    checkFinite(op, 'beta', beta);
    const [aRows, aCols] = transA ? [k, m] : [m, k];
    checkMatrix(this.arena, op, 'A', a, aRows, aCols, lda);
    checkMatrix(this.arena, op, 'C', c, m, n, ldc);
  }

  /**
   * packed ← op(B) (K×N) in sgemm's panels, for {@link sgemmPacked}: a product by the same
   * matrix many times packs it once. `packed` holds {@link packedSize}(K, N) floats.
   */
  packB(transB: boolean, k: number, n: number, b: F32, ldb: number, packed: F32): void {
    const op = 'packB';
    checkCount(op, 'K', k, 0);
    checkCount(op, 'N', n, 0);
    const [bRows, bCols] = transB ? [n, k] : [k, n];
    checkMatrix(this.arena, op, 'B', b, bRows, bCols, ldb);
    checkMatrix(this.arena, op, 'packed', packed, 1, packedSize(k, n), Math.max(packedSize(k, n), 1));
    checkAliasing(op, { b, packed }, { b: 'B' });
    this.raw.packB(transB ? 1 : 0, k, n, b.ptr, ldb, packed.ptr);
  }

  /** C = alpha · op(A) · B + beta · C with B packed by {@link packB}: sgemm's result. */
  sgemmPacked(
    transA: boolean, m: number, n: number, k: number,
    alpha: number, a: F32, lda: number, packed: F32,
    beta: number, c: F32, ldc: number,
  ): void {
    const op = 'sgemmPacked';
    this.checkProduct(op, transA, m, n, k, alpha, a, lda, beta, c, ldc);
    checkMatrix(this.arena, op, 'packed', packed, 1, packedSize(k, n), Math.max(packedSize(k, n), 1));
    checkAliasing(op, { a, packed, c }, { a: 'A', c: 'C' });
    this.raw.sgemmPacked(transA ? 1 : 0, m, n, k, alpha, a.ptr, lda, packed.ptr, beta, c.ptr, ldc);
  }

  /**
   * q, scales ← W (rows×cols, row length ldw) in int8 with a scale per row, for {@link gemvInt8}:
   * q holds {@link quantizedSize}(rows, cols) floats' worth of bytes, scales `rows` floats.
   */
  quantizeRows(rows: number, cols: number, w: F32, ldw: number, q: F32, scales: F32): void {
    const op = 'quantizeRows';
    this.checkQuantized(op, rows, cols, q, scales);
    checkMatrix(this.arena, op, 'W', w, rows, cols, ldw);
    checkAliasing(op, { w, q, scales }, { w: 'W' });
    this.raw.quantizeRows(rows, cols, w.ptr, ldw, q.ptr, scales.ptr);
  }

  /** y = beta · y + diag(scales) · q · x with int8 rows from {@link quantizeRows} (x quantized to int16). */
  gemvInt8(rows: number, cols: number, q: F32, scales: F32, x: F32, beta: number, y: F32): void {
    const op = 'gemvInt8';
    checkFinite(op, 'beta', beta);
    this.checkQuantized(op, rows, cols, q, scales);
    checkMatrix(this.arena, op, 'x', x, 1, cols, Math.max(cols, 1));
    checkMatrix(this.arena, op, 'y', y, 1, rows, Math.max(rows, 1));
    checkAliasing(op, { q, scales, x, y });
    this.raw.gemvInt8(rows, cols, q.ptr, scales.ptr, x.ptr, beta, y.ptr);
  }

  /** The checks quantizeRows and gemvInt8 share: sizes, and q and scales big enough. */
  private checkQuantized(op: string, rows: number, cols: number, q: F32, scales: F32): void {
    checkCount(op, 'rows', rows, 0);
    checkCount(op, 'columns', cols, 0);
    if (cols > MAX_QUANTIZED_COLUMNS) throw new RangeError(`${op}: at most ${MAX_QUANTIZED_COLUMNS} columns (the int32 sums would overflow), got ${cols}`);
    checkMatrix(this.arena, op, 'q', q, 1, quantizedSize(rows, cols), Math.max(quantizedSize(rows, cols), 1));
    checkMatrix(this.arena, op, 'scales', scales, 1, rows, Math.max(rows, 1));
  }

  /** x[r, c] += bias[c] over a rows×cols matrix. */
  addRowBias(rows: number, cols: number, bias: F32, x: F32): void {
    const op = 'addRowBias';
    checkMatrix(this.arena, op, 'x', x, rows, cols, cols);
    checkMatrix(this.arena, op, 'bias', bias, 1, cols, cols);
    checkAliasing(op, { bias, x });
    this.raw.addRowBias(rows, cols, bias.ptr, x.ptr);
  }

  /** out[c] = beta · out[c] + Σ_r x[r, c]. */
  columnSum(rows: number, cols: number, x: F32, beta: number, out: F32): void {
    const op = 'columnSum';
    checkFinite(op, 'beta', beta);
    checkMatrix(this.arena, op, 'x', x, rows, cols, cols);
    checkMatrix(this.arena, op, 'out', out, 1, cols, cols);
    checkAliasing(op, { x, out });
    this.raw.columnSum(rows, cols, x.ptr, beta, out.ptr);
  }

  /** out[i, :] = table[indices[i], :] (an embedding lookup); every index must be a row of table. */
  gatherRows(count: number, cols: number, table: F32, tableRows: number, indices: I32, out: F32): void {
    const op = 'gatherRows';
    checkMatrix(this.arena, op, 'table', table, tableRows, cols, cols);
    checkMatrix(this.arena, op, 'out', out, count, cols, cols);
    checkTargets(this.arena, op, 'indices', indices, count, tableRows, undefined);
    checkAliasing(op, { table, indices, out });
    this.raw.gatherRows(count, cols, table.ptr, indices.ptr, out.ptr);
  }

  /** table[indices[i], :] += source[i, :] (the gradient of an embedding lookup). */
  scatterAddRows(count: number, cols: number, source: F32, indices: I32, table: F32, tableRows: number): void {
    const op = 'scatterAddRows';
    checkMatrix(this.arena, op, 'table', table, tableRows, cols, cols);
    checkMatrix(this.arena, op, 'source', source, count, cols, cols);
    checkTargets(this.arena, op, 'indices', indices, count, tableRows, undefined);
    checkAliasing(op, { source, indices, table });
    this.raw.scatterAddRows(count, cols, source.ptr, indices.ptr, table.ptr);
  }

  /** out [cols, rows] = aᵀ for a [rows, cols]. */
  transpose(rows: number, cols: number, a: F32, out: F32): void {
    const op = 'transpose';
    checkMatrix(this.arena, op, 'a', a, rows, cols, cols);
    checkMatrix(this.arena, op, 'out', out, cols, rows, rows);
    checkAliasing(op, { a, out });
    this.raw.transpose(rows, cols, a.ptr, out.ptr);
  }

  // ---- elementwise --------------------------------------------------------------------------

  /** y = tanh(x) over n elements. */
  tanhForward(n: number, x: F32, y: F32): void {
    this.elementwise('tanhForward', n, { x, y });
    this.raw.tanhForward(n, x.ptr, y.ptr);
  }

  /** y = sigmoid(x). */
  sigmoidForward(n: number, x: F32, y: F32): void {
    this.elementwise('sigmoidForward', n, { x, y });
    this.raw.sigmoidForward(n, x.ptr, y.ptr);
  }

  /** y = relu(x). */
  reluForward(n: number, x: F32, y: F32): void {
    this.elementwise('reluForward', n, { x, y });
    this.raw.reluForward(n, x.ptr, y.ptr);
  }

  /** dx += dy · (1 − y²) where y = tanh(x). */
  tanhBackward(n: number, y: F32, dy: F32, dx: F32): void {
    this.elementwise('tanhBackward', n, { y, dy, dx });
    this.raw.tanhBackward(n, y.ptr, dy.ptr, dx.ptr);
  }

  /** dx += dy · y · (1 − y) where y = sigmoid(x). */
  sigmoidBackward(n: number, y: F32, dy: F32, dx: F32): void {
    this.elementwise('sigmoidBackward', n, { y, dy, dx });
    this.raw.sigmoidBackward(n, y.ptr, dy.ptr, dx.ptr);
  }

  /** dx += dy where y = relu(x) > 0. */
  reluBackward(n: number, y: F32, dy: F32, dx: F32): void {
    this.elementwise('reluBackward', n, { y, dy, dx });
    this.raw.reluBackward(n, y.ptr, dy.ptr, dx.ptr);
  }

  /** out = a + b. */
  add(n: number, a: F32, b: F32, out: F32): void {
    this.elementwise('add', n, { a, b, out });
    this.raw.add(n, a.ptr, b.ptr, out.ptr);
  }

  /** out = a ⊙ b. */
  mul(n: number, a: F32, b: F32, out: F32): void {
    this.elementwise('mul', n, { a, b, out });
    this.raw.mul(n, a.ptr, b.ptr, out.ptr);
  }

  /** y += alpha · x. */
  axpy(n: number, alpha: number, x: F32, y: F32): void {
    checkFinite('axpy', 'alpha', alpha);
    this.elementwise('axpy', n, { x, y });
    this.raw.axpy(n, alpha, x.ptr, y.ptr);
  }

  /** x = alpha · x. */
  scale(n: number, alpha: number, x: F32): void {
    checkFinite('scale', 'alpha', alpha);
    this.vector('scale', 'x', n, x);
    this.raw.scale(n, alpha, x.ptr);
  }

  /** x = value (any float, NaN included, is allowed: fill is how a buffer is poisoned on purpose). */
  fill(n: number, value: number, x: F32): void {
    this.vector('fill', 'x', n, x);
    this.raw.fill(n, value, x.ptr);
  }

  /** y = x. */
  copy(n: number, x: F32, y: F32): void {
    this.elementwise('copy', n, { x, y });
    this.raw.copy(n, x.ptr, y.ptr);
  }

  // ---- fused recurrent cells ----------------------------------------------------------------

  /** One LSTM step over a batch (gate order i, f, g, o); see {@link RawKernel.lstmCellForward}. */
  lstmCellForward(batch: number, hidden: number, gates: F32, cPrev: F32, c: F32, h: F32): void {
    const op = 'lstmCellForward';
    this.cellShapes(op, batch, hidden, { gates: [gates, 4] }, { cPrev, c, h });
    checkAliasing(op, { gates, cPrev, c, h });
    this.raw.lstmCellForward(batch, hidden, gates.ptr, cPrev.ptr, c.ptr, h.ptr);
  }

  /** Backward of one LSTM step; see {@link RawKernel.lstmCellBackward}. */
  lstmCellBackward(
    batch: number, hidden: number, gates: F32, cPrev: F32, c: F32,
    dh: F32, dc: F32, dGates: F32, dcPrev: F32,
  ): void {
    const op = 'lstmCellBackward';
    this.cellShapes(op, batch, hidden, { gates: [gates, 4], dGates: [dGates, 4] }, { cPrev, c, dh, dc, dcPrev });
    checkAliasing(op, { gates, cPrev, c, dh, dc, dGates, dcPrev });
    this.raw.lstmCellBackward(batch, hidden, gates.ptr, cPrev.ptr, c.ptr, dh.ptr, dc.ptr, dGates.ptr, dcPrev.ptr);
  }

  /** One GRU step (PyTorch's r, z, n variant); see {@link RawKernel.gruCellForward}. */
  gruCellForward(batch: number, hidden: number, gi: F32, gh: F32, hPrev: F32, h: F32): void {
    const op = 'gruCellForward';
    this.cellShapes(op, batch, hidden, { gi: [gi, 3], gh: [gh, 3] }, { hPrev, h });
    checkAliasing(op, { gi, gh, hPrev, h });
    this.raw.gruCellForward(batch, hidden, gi.ptr, gh.ptr, hPrev.ptr, h.ptr);
  }

  /** Backward of one GRU step; see {@link RawKernel.gruCellBackward}. */
  gruCellBackward(
    batch: number, hidden: number, gi: F32, gh: F32, hPrev: F32,
    dh: F32, dgi: F32, dgh: F32, dhPrev: F32,
  ): void {
    const op = 'gruCellBackward';
    this.cellShapes(op, batch, hidden, { gi: [gi, 3], gh: [gh, 3], dgi: [dgi, 3], dgh: [dgh, 3] }, { hPrev, dh, dhPrev });
    checkAliasing(op, { gi, gh, hPrev, dh, dgi, dgh, dhPrev });
    this.raw.gruCellBackward(batch, hidden, gi.ptr, gh.ptr, hPrev.ptr, dh.ptr, dgi.ptr, dgh.ptr, dhPrev.ptr);
  }

  // ---- loss, norms, clipping ----------------------------------------------------------------

  /**
   * Softmax cross-entropy over rows with int32 targets (targets equal to `ignoreIndex` are
   * skipped). Returns the summed loss in nats and writes dlogits = gradScale · (softmax − onehot).
   */
  softmaxCrossEntropy(
    rows: number, cols: number, logits: F32, targets: I32,
    dlogits: F32, gradScale = 1, ignoreIndex = -100,
  ): number {
    const op = 'softmaxCrossEntropy';
    if (!Number.isInteger(cols) || cols < 1) throw new RangeError(`${op}: needs at least one class, got cols = ${cols}`);
    checkMatrix(this.arena, op, 'logits', logits, rows, cols, cols);
    checkMatrix(this.arena, op, 'dlogits', dlogits, rows, cols, cols);
    checkFinite(op, 'gradScale', gradScale);
    if (!Number.isInteger(ignoreIndex)) throw new TypeError(`${op}: ignoreIndex must be an integer, got ${ignoreIndex}`);
    checkTargets(this.arena, op, 'targets', targets, rows, cols, ignoreIndex);
    checkAliasing(op, { logits, targets, dlogits });
    return this.raw.softmaxCrossEntropy(rows, cols, logits.ptr, targets.ptr, ignoreIndex, gradScale, dlogits.ptr);
  }

  /** Σ x² in float64: the squared L2 norm. */
  sumSquares(n: number, x: F32): number {
    this.vector('sumSquares', 'x', n, x);
    return this.raw.sumSquares(n, x.ptr);
  }

  /** x = min(max(x, lo), hi). */
  clamp(n: number, lo: number, hi: number, x: F32): void {
    const op = 'clamp';
    if (Number.isNaN(lo) || Number.isNaN(hi) || lo > hi) throw new RangeError(`${op}: needs lo <= hi, got [${lo}, ${hi}]`);
    this.vector(op, 'x', n, x);
    this.raw.clamp(n, lo, hi, x.ptr);
  }

  // ---- optimizer updates --------------------------------------------------------------------

  /** One SGD update in place (momentum, dampening, Nesterov, L2 weight decay as in PyTorch). */
  sgdStep(
    n: number, param: F32, grad: F32, velocity: F32,
    options: { lr: number; momentum?: number; dampening?: number; weightDecay?: number; nesterov?: boolean; firstStep: boolean },
  ): void {
    const op = 'sgdStep';
    const { lr, momentum = 0, dampening = 0, weightDecay = 0, nesterov = false, firstStep } = options;
    checkHyper(op, { lr, momentum, dampening, weightDecay });
    if (dampening > 1) throw new RangeError(`${op}: dampening must lie in [0, 1], got ${dampening}`);
    if (nesterov && (momentum <= 0 || dampening !== 0)) {
      throw new RangeError(`${op}: Nesterov momentum needs momentum > 0 and dampening 0`);
    }
    this.optimizerBuffers(op, n, { param, grad, velocity });
    this.raw.sgdStep(n, param.ptr, grad.ptr, velocity.ptr, lr, momentum, dampening, weightDecay, nesterov ? 1 : 0, firstStep ? 1 : 0);
  }

  /** One Adagrad update in place; `lr` is the already-decayed rate. */
  adagradStep(n: number, param: F32, grad: F32, sum: F32, options: { lr: number; eps?: number; weightDecay?: number }): void {
    const op = 'adagradStep';
    const { lr, eps = 1e-10, weightDecay = 0 } = options;
    checkHyper(op, { lr, eps, weightDecay });
    this.optimizerBuffers(op, n, { param, grad, sum });
    this.raw.adagradStep(n, param.ptr, grad.ptr, sum.ptr, lr, eps, weightDecay);
  }

  /** One RMSProp update in place (not centred). */
  rmspropStep(
    n: number, param: F32, grad: F32, squareAvg: F32, momentumBuffer: F32,
    options: { lr: number; alpha?: number; eps?: number; weightDecay?: number; momentum?: number },
  ): void {
    const op = 'rmspropStep';
    const { lr, alpha = 0.99, eps = 1e-8, weightDecay = 0, momentum = 0 } = options;
    checkHyper(op, { lr, alpha, eps, weightDecay, momentum });
    if (alpha > 1) throw new RangeError(`${op}: alpha must lie in [0, 1], got ${alpha}`);
    this.optimizerBuffers(op, n, { param, grad, squareAvg, momentumBuffer });
    this.raw.rmspropStep(n, param.ptr, grad.ptr, squareAvg.ptr, momentumBuffer.ptr, lr, alpha, eps, weightDecay, momentum);
  }

  /** One Adam (or AdamW, `decoupled: true`) update in place; `step` counts from 1. */
  adamStep(
    n: number, param: F32, grad: F32, m: F32, v: F32,
    options: { lr: number; beta1?: number; beta2?: number; eps?: number; weightDecay?: number; decoupled?: boolean; step: number },
  ): void {
    const op = 'adamStep';
    const { lr, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0, decoupled = false, step } = options;
    checkHyper(op, { lr, eps, weightDecay });
    if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
      throw new RangeError(`${op}: betas must lie in [0, 1), got (${beta1}, ${beta2})`);
    }
    checkCount(op, 'step', step, 1);
    this.optimizerBuffers(op, n, { param, grad, m, v });
    this.raw.adamStep(n, param.ptr, grad.ptr, m.ptr, v.ptr, lr, beta1, beta2, eps, weightDecay, decoupled ? 1 : 0, step);
  }

  // ---- shared argument checks ---------------------------------------------------------------

  private vector(op: string, name: string, n: number, x: F32): void {
    checkCount(op, 'n', n, 0);
    checkMatrix(this.arena, op, name, x, 1, n, n);
  }

  /** n-element buffers under their parameter names, aliased only as the function allows. */
  private elementwise(op: keyof RawKernel, n: number, buffers: Record<string, F32>): void {
    for (const [name, buffer] of Object.entries(buffers)) this.vector(op, name, n, buffer);
    checkAliasing(op, buffers);
  }

  private cellShapes(
    op: string, batch: number, hidden: number,
    wide: Record<string, [F32, number]>, narrow: Record<string, F32>,
  ): void {
    checkCount(op, 'batch', batch, 1);
    checkCount(op, 'hidden', hidden, 1);
    for (const [name, [buffer, gates]] of Object.entries(wide)) {
      checkMatrix(this.arena, op, name, buffer, batch, gates * hidden, gates * hidden);
    }
    for (const [name, buffer] of Object.entries(narrow)) {
      checkMatrix(this.arena, op, name, buffer, batch, hidden, hidden);
    }
  }

  private optimizerBuffers(op: keyof RawKernel, n: number, buffers: Record<string, F32>): void {
    checkCount(op, 'n', n, 0);
    for (const [name, buffer] of Object.entries(buffers)) checkMatrix(this.arena, op, name, buffer, 1, n, n);
    checkAliasing(op, buffers);
  }
}

function checkHyper(op: string, values: Record<string, number>): void {
  for (const [name, value] of Object.entries(values)) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`${op}: ${name} must be a finite number >= 0, got ${value}`);
  }
}
