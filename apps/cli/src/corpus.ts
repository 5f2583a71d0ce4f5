import { fileURLToPath } from 'node:url';

/**
 * The corpus shipped in the package: this project's own TypeScript sources and READMEs (MIT,
 * like the rest of it), collected at build time by scripts/collect-corpus.mjs. Trained on
 * when `recurrent train` is given no files.
 */
export const SHIPPED_CORPUS = fileURLToPath(new URL('../corpus/corpus.txt', import.meta.url));

/** The same files one by one ([{ path, text }], JSON): what the main job learns and types. */
export const SHIPPED_FILES = fileURLToPath(new URL('../corpus/files.json', import.meta.url));
