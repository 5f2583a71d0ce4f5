import { readFileSync, statSync } from 'node:fs';
import { CliError, EXIT } from './errors.js';

/** Files larger than this are refused unless --max-bytes says otherwise (training reads them whole). */
export const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Reads a text file for training or evaluation, refusing what would make a bad model or a
 * crash: a missing file, a directory, an empty file, binary content (NUL bytes), bytes that
 * are not UTF-8, or a file over the size limit. Each refusal says what to do instead.
 */
export function readText(path: string, maxBytes = DEFAULT_MAX_BYTES): string {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new CliError(`${path} is a directory; pass the text files inside it`, EXIT.input);
    size = stat.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, EXIT.input);
  }
  if (size > maxBytes) {
    throw new CliError(`${path} is ${(size / 1048576).toFixed(1)} MiB, over the ${(maxBytes / 1048576).toFixed(0)} MiB limit; pass a smaller file or raise --max-bytes`, EXIT.input);
  }
  const bytes = readFileSync(path);
  if (bytes.length === 0) throw new CliError(`${path} is empty; there is nothing to learn from it`, EXIT.input);
  if (bytes.includes(0)) throw new CliError(`${path} looks binary (it contains NUL bytes); pass text files only`, EXIT.input);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CliError(`${path} is not valid UTF-8 text; convert it to UTF-8 first (e.g. iconv -t UTF-8)`, EXIT.input);
  }
}
