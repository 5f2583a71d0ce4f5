/**
 * The raw kernel: one function per loop, over pointers into one linear memory.
 *
 * Both backends implement exactly this interface — the WebAssembly module exports these names,
 * and the reference twin implements them in plain TypeScript — so the typed, validating
 * {@link Kernel} API is written once on top of either.
 *
 * Conventions:
 * - Every pointer is a byte offset into the kernel's memory, 4-byte aligned. Buffers are
 *   float32 unless the name says `indices`/`targets` (int32).
 * - Matrices are row-major. `ld` is the leading dimension: the distance in elements between
 *   the starts of two consecutive rows as stored.
 * - Flags are passed as 0 or 1.
 * - Backward functions ACCUMULATE into their gradient outputs (`dx += …`) unless stated,
 *   because autograd sums the gradients that reach a tensor along every path.
 * - Aliasing: a buffer a function writes must not share memory with any other buffer argument,
 *   except where its TSDoc says "Aliasing: out may be input" — then out may be that very buffer
 *   (same pointer, same length) and the result is what separate buffers would give. Partial
 *   overlap is never allowed. Buffers that are only read may overlap freely. The rules are
 *   listed in KERNEL_FUNCTIONS (src/functions.ts, `inPlace`), by which calls are checked.
 *
 * The functions are declared as function-valued properties, not methods: they use no `this`,
 * so `const { sgemm } = k.raw` is sound.
 */
export interface RawKernel {
  /**
   * C = alpha · op(A) · op(B) + beta · C, with op(A) M×K, op(B) K×N, C M×N.
   * op(X) = Xᵀ when its flag is 1. When beta is 0, C is not read (NaN in C does not leak);
   * when alpha is 0 or K is 0, A and B are not read and C = beta · C (the BLAS rule).
   */
  readonly sgemm: (
    transA: number, transB: number, m: number, n: number, k: number,
    alpha: number, a: number, lda: number, b: number, ldb: number,
    beta: number, c: number, ldc: number,
  ) => void;

  /**
   * packed ← op(B), the K×N right-hand side of {@link sgemmPacked}, in sgemm's own panels
   * ({@link packedSize}(K, N) floats): a product by the same matrix many times (W_hh at every
   * time step) packs it once. Layout, for blocks of 512 rows of op(B) (k0 = 0, 512, …, kc =
   * min(512, K − k0)) and N8 = N rounded up to 8: op(B)[k0 + p, j0 + jj] is at
   * packed[k0·N8 + j0·kc + p·8 + jj], j0 a multiple of 8; zero where j0 + jj ≥ N.
   */
  readonly packB: (transB: number, k: number, n: number, b: number, ldb: number, packed: number) => void;
  /**
   * C = alpha · op(A) · B + beta · C with B (K×N) packed by {@link packB}: the products of
   * sgemm's blocked path without packing B again (so sgemm's very result wherever M and N exceed
   * 1; sgemm takes a matrix–vector path for M = 1 or N = 1). The BLAS rules of sgemm hold.
   */
  readonly sgemmPacked: (
    transA: number, m: number, n: number, k: number,
    alpha: number, a: number, lda: number, packed: number,
    beta: number, c: number, ldc: number,
  ) => void;

  /**
   * q, scales ← W (rows×cols, row length ldw) in int8 per row, for {@link gemvInt8}:
   * s_r = max_j |W[r, j]| / 127, q[r, j] = round(W[r, j] / s_r) (to the nearest, ties to even).
   * q is int8, row-major, {@link quantizedRowBytes}(cols) bytes a row (zero past cols), in
   * {@link quantizedSize}(rows, cols) float32 elements; scales is float32 [rows].
   */
  readonly quantizeRows: (rows: number, cols: number, w: number, ldw: number, q: number, scales: number) => void;
  /**
   * y = beta · y + diag(scales) · q · x, for q, scales from {@link quantizeRows}: x is quantized
   * to int16 (s_x = max|x| / 8191) and the sums are exact in int32, so the result is
   * y_r = beta · y_r + (s_r · s_x) · Σ_j q[r, j] · round(x_j / s_x). Inference only (a quarter of
   * the bytes of float32 weights read); cols ≤ 8192. NaN or ∞ in x gives NaN in y. When beta is 0,
   * y is not read.
   */
  readonly gemvInt8: (rows: number, cols: number, q: number, scales: number, x: number, beta: number, y: number) => void;

  /** x[r, c] += bias[c] for a rows×cols matrix x (contiguous). */
  readonly addRowBias: (rows: number, cols: number, bias: number, x: number) => void;
  /** out[c] = beta · out[c] + Σ_r x[r, c] (bias gradients; beta 0 does not read out). */
  readonly columnSum: (rows: number, cols: number, x: number, beta: number, out: number) => void;
  /** out[i, :] = table[indices[i], :] for i < count (embedding lookup). */
  readonly gatherRows: (count: number, cols: number, table: number, indices: number, out: number) => void;
  /** table[indices[i], :] += source[i, :] for i < count, in order (embedding gradient). */
  readonly scatterAddRows: (count: number, cols: number, source: number, indices: number, table: number) => void;
  /** out [cols, rows] = aᵀ for a contiguous a [rows, cols]. Aliasing: none. */
  readonly transpose: (rows: number, cols: number, a: number, out: number) => void;

  /** y = tanh(x). Aliasing: y may be x. */
  readonly tanhForward: (n: number, x: number, y: number) => void;
  /** y = 1 / (1 + e^(−x)). Aliasing: y may be x. */
  readonly sigmoidForward: (n: number, x: number, y: number) => void;
  /** y = max(x, 0). Aliasing: y may be x. */
  readonly reluForward: (n: number, x: number, y: number) => void;
  /** dx += dy · (1 − y²), from the forward output y = tanh(x). Aliasing: dx may be y; dx may be dy. */
  readonly tanhBackward: (n: number, y: number, dy: number, dx: number) => void;
  /** dx += dy · y · (1 − y), from the forward output y = sigmoid(x). Aliasing: dx may be y; dx may be dy. */
  readonly sigmoidBackward: (n: number, y: number, dy: number, dx: number) => void;
  /** dx += dy where y > 0, from the forward output y = relu(x). Aliasing: dx may be y; dx may be dy. */
  readonly reluBackward: (n: number, y: number, dy: number, dx: number) => void;

  /** out = a + b. Aliasing: out may be a; out may be b. */
  readonly add: (n: number, a: number, b: number, out: number) => void;
  /** out = a ⊙ b. Aliasing: out may be a; out may be b. */
  readonly mul: (n: number, a: number, b: number, out: number) => void;
  /** y += alpha · x. Aliasing: y may be x. */
  readonly axpy: (n: number, alpha: number, x: number, y: number) => void;
  /** x = alpha · x. */
  readonly scale: (n: number, alpha: number, x: number) => void;
  /** x = value. */
  readonly fill: (n: number, value: number, x: number) => void;
  /** y = x. Aliasing: y may be x. */
  readonly copy: (n: number, x: number, y: number) => void;

  /**
   * One LSTM step for a batch, PyTorch gate order i, f, g, o.
   * `gates` [B, 4H] holds the pre-activations a = W_ih x + b_ih + W_hh h + b_hh and is
   * overwritten with the activations (σ(a_i), σ(a_f), tanh(a_g), σ(a_o)) that the backward needs.
   * c = f ⊙ cPrev + i ⊙ g;  h = o ⊙ tanh(c).  cPrev, c, h are [B, H].
   * Aliasing: c may be cPrev (the cell state updated in place: each unit reads its own cPrev
   * before it writes its c).
   */
  readonly lstmCellForward: (batch: number, hidden: number, gates: number, cPrev: number, c: number, h: number) => void;
  /**
   * Backward of {@link lstmCellForward}. dh [B, H] is the whole gradient reaching h_t, dc [B, H]
   * the gradient reaching c_t from step t + 1. Writes (does not accumulate) dGates [B, 4H],
   * the gradient of the pre-activations, and dcPrev [B, H].
   *   dc_t = dc + dh ⊙ o ⊙ (1 − tanh²c);  di = dc_t ⊙ g ⊙ i(1 − i);  df = dc_t ⊙ cPrev ⊙ f(1 − f);
   *   dg = dc_t ⊙ i ⊙ (1 − g²);  do = dh ⊙ tanh c ⊙ o(1 − o);  dcPrev = dc_t ⊙ f.
   * Aliasing: dcPrev may be dc (one buffer carried back through time).
   */
  readonly lstmCellBackward: (
    batch: number, hidden: number, gates: number, cPrev: number, c: number,
    dh: number, dc: number, dGates: number, dcPrev: number,
  ) => void;
  /**
   * One GRU step, PyTorch's variant with gate order r, z, n.
   * gi [B, 3H] = W_ih x + b_ih and gh [B, 3H] = W_hh hPrev + b_hh are the two products;
   * r = σ(gi_r + gh_r), z = σ(gi_z + gh_z), n = tanh(gi_n + r ⊙ gh_n), h = (1 − z) ⊙ n + z ⊙ hPrev.
   * gi is overwritten with (r, z, n) for the backward; gh is left as it is (the backward reads gh_n).
   * Aliasing: h may be hPrev (each unit reads its own hPrev before it writes its h).
   */
  readonly gruCellForward: (batch: number, hidden: number, gi: number, gh: number, hPrev: number, h: number) => void;
  /**
   * Backward of {@link gruCellForward}, given the activations left in gi and the untouched gh.
   * Writes dgi [B, 3H] (gradient of W_ih x + b_ih), dgh [B, 3H] (gradient of W_hh h + b_hh) and
   * dhPrev = dh ⊙ z (the direct path; the caller adds dgh · W_hh).
   *   dn = dh ⊙ (1 − z) ⊙ (1 − n²);  dz = dh ⊙ (hPrev − n) ⊙ z(1 − z);  dr = dn ⊙ gh_n ⊙ r(1 − r);
   *   dgi = (dr, dz, dn);  dgh = (dr, dz, dn ⊙ r).
   */
  readonly gruCellBackward: (
    batch: number, hidden: number, gi: number, gh: number, hPrev: number,
    dh: number, dgi: number, dgh: number, dhPrev: number,
  ) => void;

  /**
   * Softmax cross-entropy over the rows of logits [rows, cols] with int32 targets, in one pass:
   * returns Σ over rows of (logsumexp(logits[r]) − logits[r, targets[r]]) and writes
   * dlogits[r] = gradScale · (softmax(logits[r]) − onehot(targets[r])).
   * Rows whose target equals ignoreIndex add nothing and get a zero gradient.
   * Aliasing: dlogits may be logits.
   */
  readonly softmaxCrossEntropy: (
    rows: number, cols: number, logits: number, targets: number,
    ignoreIndex: number, gradScale: number, dlogits: number,
  ) => number;

  /** Σ x², accumulated in float64 (the square of the L2 norm). */
  readonly sumSquares: (n: number, x: number) => number;
  /** x = min(max(x, lo), hi). */
  readonly clamp: (n: number, lo: number, hi: number, x: number) => void;

  /**
   * SGD as in PyTorch: d = g + weightDecay·p; with momentum μ: buf = d on the first step, else
   * buf = μ·buf + (1 − dampening)·d; d = nesterov ? d + μ·buf : buf. Then p −= lr·d.
   */
  readonly sgdStep: (
    n: number, param: number, grad: number, velocity: number,
    lr: number, momentum: number, dampening: number, weightDecay: number,
    nesterov: number, firstStep: number,
  ) => void;
  /** Adagrad: g' = g + weightDecay·p; sum += g'²; p −= lr · g' / (√sum + eps). */
  readonly adagradStep: (n: number, param: number, grad: number, sum: number, lr: number, eps: number, weightDecay: number) => void;
  /**
   * RMSProp: g' = g + weightDecay·p; sq = alpha·sq + (1 − alpha)·g'²; a = √sq + eps;
   * with momentum μ > 0: buf = μ·buf + g'/a, p −= lr·buf; else p −= lr·g'/a.
   */
  readonly rmspropStep: (
    n: number, param: number, grad: number, squareAvg: number, momentumBuffer: number,
    lr: number, alpha: number, eps: number, weightDecay: number, momentum: number,
  ) => void;
  /**
   * Adam with bias correction, step t ≥ 1. decoupled = 1 is AdamW (p ·= 1 − lr·weightDecay),
   * otherwise weightDecay is L2 (g' = g + weightDecay·p).
   * m = β1·m + (1 − β1)·g'; v = β2·v + (1 − β2)·g'²;
   * p −= (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + eps).
   */
  readonly adamStep: (
    n: number, param: number, grad: number, m: number, v: number,
    lr: number, beta1: number, beta2: number, eps: number,
    weightDecay: number, decoupled: number, step: number,
  ) => void;
}
