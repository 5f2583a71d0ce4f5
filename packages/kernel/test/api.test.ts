/**
 * The kernel's API is one list, KERNEL_FUNCTIONS; everything else that names the functions is
 * checked against it here, so that none of them can drift: the WebAssembly exports of both
 * builds, the AssemblyScript sources (names, parameter names and types, results), the reference
 * twins, the typed Kernel, and the aliasing rules stated in the TSDoc of src/raw.ts.
 * (The RawKernel interface is checked by the compiler: see the type of KERNEL_FUNCTIONS.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { relaxedSimdWasmBase64, simdWasmBase64 } from '../build/kernel-wasm.js';
import { tryEnableRelaxedSimdSync } from '../src/features.js';
import { KERNEL_FUNCTIONS, Kernel, type ParameterKind, RAW_FUNCTIONS } from '../src/index.js';
import { twins } from '../src/reference/index.js';

const source = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const sorted = (names: Iterable<string>) => [...names].sort();

/** The AssemblyScript type that declares a parameter of each kind (pointers are usize). */
const AS_TYPE: Record<ParameterKind, string> = { i32: 'i32', f32: 'f32', f64: 'f64', in: 'usize', out: 'usize', inout: 'usize' };

/** `export function name(a: T, …): R` of every file in assembly/, as [name, [[param, type]…], result]. */
function assemblyExports(): Map<string, { parameters: [string, string][]; returns: string }> {
  const found = new Map<string, { parameters: [string, string][]; returns: string }>();
  for (const file of readdirSync(new URL('../assembly/', import.meta.url))) {
    const text = source(`assembly/${file}`);
    for (const m of text.matchAll(/^export function (\w+)\(([^)]*)\)\s*:\s*(\w+)/gm)) {
      const parameters = m[2]!.split(',').map((p) => p.trim()).filter((p) => p !== '').map((p) => {
        const [name, type] = p.split(':').map((s) => s.trim());
        return [name!, type!] as [string, string];
      });
      found.set(m[1]!, { parameters, returns: m[3]! });
    }
  }
  return found;
}

describe('the one list of kernel functions', () => {
  it('names each function once, and RAW_FUNCTIONS is its list of names', () => {
    expect(RAW_FUNCTIONS).toEqual(Object.keys(KERNEL_FUNCTIONS));
    expect(new Set(RAW_FUNCTIONS).size).toBe(RAW_FUNCTIONS.length);
  });

  it('states aliasing rules only between an output and an input of the same function', () => {
    for (const name of RAW_FUNCTIONS) {
      const kinds = new Map<string, ParameterKind>(KERNEL_FUNCTIONS[name].parameters as readonly (readonly [string, ParameterKind])[]);
      for (const [output, input] of KERNEL_FUNCTIONS[name].inPlace) {
        expect(['out', 'inout'], `${name}: ${output} is written`).toContain(kinds.get(output));
        expect(['in', 'inout'], `${name}: ${input} is read`).toContain(kinds.get(input));
      }
    }
  });

  it.each([['simd', simdWasmBase64], ['relaxed', relaxedSimdWasmBase64]])('is what the %s build exports, with the same arities', (build, base64) => {
    if (build === 'relaxed') expect(tryEnableRelaxedSimdSync(), 'this host compiles relaxed SIMD').toBe(true);
    const module = new WebAssembly.Module(Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0)));
    const exports = WebAssembly.Module.exports(module);
    expect(sorted(exports.filter((e) => e.kind === 'function').map((e) => e.name))).toEqual(sorted([...RAW_FUNCTIONS, 'heapBase']));
    expect(exports.filter((e) => e.kind === 'memory').map((e) => e.name)).toEqual(['memory']);
    const instance = new WebAssembly.Instance(module, {}).exports as Record<string, (...args: number[]) => unknown>;
    for (const name of RAW_FUNCTIONS) expect(instance[name]!.length, name).toBe(KERNEL_FUNCTIONS[name].parameters.length);
  });

  it('matches the AssemblyScript sources: parameter names, their types and the result', () => {
    const found = assemblyExports();
    for (const name of RAW_FUNCTIONS) {
      const spec = KERNEL_FUNCTIONS[name];
      const expected = (spec.parameters as readonly (readonly [string, ParameterKind])[]).map(([p, kind]) => [p, AS_TYPE[kind]]);
      expect(found.get(name)?.parameters, `assembly: ${name}`).toEqual(expected);
      expect(found.get(name)?.returns, `assembly: ${name} result`).toBe(spec.returns);
    }
    // assembly/index.ts re-exports each by name (the wasm exports above prove it compiles so).
    const index = source('assembly/index.ts');
    for (const name of RAW_FUNCTIONS) expect(index, `assembly/index.ts exports ${name}`).toMatch(new RegExp(`\\b${name}\\b`));
  });

  it('has a reference twin for every function, taking the views and then the same parameters', () => {
    expect(sorted(Object.keys(twins))).toEqual(sorted(RAW_FUNCTIONS));
    for (const name of RAW_FUNCTIONS) {
      expect((twins[name] as (...args: unknown[]) => unknown).length, name).toBe(KERNEL_FUNCTIONS[name].parameters.length + 1);
    }
  });

  it('has a checked method on the typed Kernel for every function', () => {
    for (const name of RAW_FUNCTIONS) expect(typeof Kernel.prototype[name], name).toBe('function');
  });

  it('states every aliasing rule, and no other, in the TSDoc of src/raw.ts', () => {
    const raw = source('src/raw.ts');
    const documented = new Map<string, string[]>();
    for (const m of raw.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*readonly (\w+): \(/g)) {
      const aliasing = /Aliasing:([^.]*)\./.exec(m[1]!.replace(/\s*\*\s*/g, ' '));
      const rules = aliasing ? [...aliasing[1]!.matchAll(/(\w+) may be (\w+)/g)].map((r) => `${r[1]} may be ${r[2]}`) : [];
      documented.set(m[2]!, rules);
    }
    expect(sorted(documented.keys())).toEqual(sorted(RAW_FUNCTIONS));
    for (const name of RAW_FUNCTIONS) {
      expect(sorted(documented.get(name)!), name).toEqual(sorted(KERNEL_FUNCTIONS[name].inPlace.map(([o, i]) => `${o} may be ${i}`)));
    }
  });
});
