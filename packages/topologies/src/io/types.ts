/**
 * The plain data that the file formats read and write. Nothing here refers to the kernel or to
 * autograd tensors, so the io layer runs unchanged in Node, a browser or the VS Code host.
 */

/** One named float32 tensor: `data` holds the values in row-major order, `shape` their layout. */
export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** A whole model as stored in the native format (see {@link encodeModel}). */
export interface ModelFile {
  /** What kind of model, e.g. 'char-lm'; free text chosen by the caller. */
  kind: string;
  /** JSON-safe configuration (cell, sizes, …). */
  config: Record<string, unknown>;
  /** Symbols of the vocabulary, in id order (optional). */
  vocabulary?: string[];
  /** Optional JSON-safe extras (e.g. optimizer state, training history). */
  extras?: Record<string, unknown>;
  tensors: NamedTensor[];
}

/** Bounds and leniencies for the decoders; files come from outside and are not trusted. */
export interface DecodeLimits {
  /**
   * The largest header accepted, in bytes: 64 MiB by default for native model files, 100 MB
   * (the reference implementation's limit) for safetensors.
   */
  maxHeaderBytes?: number;
  /** Accept NaN and ±Infinity in tensor data instead of rejecting the file (default false). */
  allowNonFinite?: boolean;
}

/**
 * Thrown for every malformed file or unencodable model. The message says what is wrong and where
 * (tensor name, index, byte counts), so it can be shown to a user as it is.
 */
export class ModelFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFileError';
  }
}
