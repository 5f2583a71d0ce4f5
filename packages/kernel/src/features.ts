/**
 * What the host's WebAssembly engine can run, found by validating tiny modules rather than by
 * reading version numbers: a newer host may have relaxed SIMD on by default, an older one only
 * behind a flag.
 */

const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
/** A module with one function type () -> v128 and a function whose body is `body`. */
function moduleReturningV128(body: number[]): Uint8Array<ArrayBuffer> {
  const code = [0x00, ...body, 0x0b];
  return new Uint8Array([
    ...header,
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
    0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
    0x0a, code.length + 2, 0x01, code.length, ...code, // code section
  ]);
}

const zeroV128 = [0xfd, 0x0c, ...new Array<number>(16).fill(0)]; // v128.const 0
/** v128.const 0 ×3; f32x4.relaxed_madd (0xfd 0x85 0x02). */
const relaxedMaddModule = moduleReturningV128([...zeroV128, ...zeroV128, ...zeroV128, 0xfd, 0x85, 0x02]);
/** v128.const 0; v128.const 0; f32x4.add (0xfd 0xe4 0x01). */
const simdModule = moduleReturningV128([...zeroV128, ...zeroV128, 0xfd, 0xe4, 0x01]);

export function hasSimd(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(simdModule);
}

export function hasRelaxedSimd(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(relaxedMaddModule);
}

/**
 * Node 20 compiles relaxed SIMD only behind `--experimental-wasm-relaxed-simd`. V8 reads the
 * flag when it compiles a module, so setting it before the first compile is enough. Returns
 * whether relaxed SIMD validates afterwards. Outside Node (no `process.versions.node`) this
 * does nothing.
 */
export async function tryEnableRelaxedSimd(): Promise<boolean> {
  if (hasRelaxedSimd()) return true;
  const v8 = await importNodeV8();
  v8?.setFlagsFromString('--experimental-wasm-relaxed-simd');
  return hasRelaxedSimd();
}

/** The synchronous twin of {@link tryEnableRelaxedSimd}, for Node's CommonJS and ESM alike. */
export function tryEnableRelaxedSimdSync(): boolean {
  if (hasRelaxedSimd()) return true;
  const v8 = nodeV8Sync();
  v8?.setFlagsFromString('--experimental-wasm-relaxed-simd');
  return hasRelaxedSimd();
}

interface V8Flags {
  setFlagsFromString(flags: string): void;
}

function isNode(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof proc?.versions?.node === 'string';
}

async function importNodeV8(): Promise<V8Flags | undefined> {
  if (!isNode()) return undefined;
  try {
    return await import('node:v8');
  } catch {
    return undefined;
  }
}

function nodeV8Sync(): V8Flags | undefined {
  if (!isNode()) return undefined;
  // process.getBuiltinModule exists from Node 20.16 / 22.3; it needs no require in ESM.
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const v8 = proc?.getBuiltinModule?.('node:v8');
  return v8 as V8Flags | undefined;
}
