import { type CharLM, exportCharLMSafetensors, loadCharLM, loadCharLMSafetensors, saveCharLM } from '@recurrent/topologies';
import type { FileFormat } from './lm-api.js';

/** The native format's first eight bytes ("RECURRNT"); a safetensors file starts with its header's length. */
const NATIVE_MAGIC = [0x52, 0x45, 0x43, 0x55, 0x52, 0x52, 0x4e, 0x54];

/** Which of the two formats these bytes are in, by their first bytes (not by the file's name). */
export function formatOf(bytes: Uint8Array): FileFormat {
  return NATIVE_MAGIC.every((b, i) => bytes[i] === b) ? 'native' : 'safetensors';
}

/**
 * The model as the same file the CLI and the editor write: native (with the steps trained as an
 * extra, as `recurrent train` records it) or safetensors in PyTorch's names, float32 so a
 * round trip gives back identical logits.
 */
export function encodeCharLM(lm: CharLM, format: FileFormat, steps: number): Uint8Array {
  return format === 'native'
    ? saveCharLM(lm, { steps })
    : exportCharLMSafetensors(lm, { dtype: 'F32', metadata: { steps: String(steps) } });
}

/** Reads either format; a damaged or foreign file is the library's ModelFileError, saying what is wrong. */
export function decodeCharLM(bytes: Uint8Array): { model: CharLM; steps: number } {
  if (formatOf(bytes) === 'native') {
    const { model, extras } = loadCharLM(bytes);
    return { model, steps: typeof extras['steps'] === 'number' ? extras['steps'] : 0 };
  }
  const { model, metadata } = loadCharLMSafetensors(bytes);
  const steps = Number(metadata['steps'] ?? 0);
  return { model, steps: Number.isFinite(steps) ? steps : 0 };
}
