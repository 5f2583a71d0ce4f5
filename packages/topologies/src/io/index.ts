/**
 * Model file formats: pure functions from plain data to bytes and back, with no file system, so
 * they run in Node, browsers and editor hosts alike. Callers write the bytes atomically.
 */
export { crc32 } from './crc32.js';
export { MODEL_FORMAT_VERSION, MODEL_MAGIC, MODEL_MAX_HEADER_BYTES, decodeModel, encodeModel } from './native.js';
export { expectTensor, tensorMap } from './names.js';
export { type CharModelLayout, charModelLayout, renameTensors } from './state-dict.js';
export { ABSENT_SYMBOL_BIAS, addUnknownSymbol } from './unknown-symbol.js';
export { loadRecurrentStateDict } from './recurrent-state-dict.js';
export { SAFETENSORS_MAX_HEADER_BYTES, type SafetensorsFile, decodeSafetensors, encodeSafetensors } from './safetensors.js';
export { type DecodeLimits, type ModelFile, ModelFileError, type NamedTensor } from './types.js';
