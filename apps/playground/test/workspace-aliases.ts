import { fileURLToPath } from 'node:url';

/**
 * Packages the tests use that the site does not, by the path of their built entry:
 * @recurrent/completion is not a declared dependency of the playground (declaring one changes
 * the workspace lockfile), so neither Node nor Vite would resolve its name from here. Used by
 * vitest.config.ts (the Node side) and bundle.ts (the browser side); tsconfig.json's `paths`
 * gives the types.
 */
export const WORKSPACE_ALIASES: Record<string, string> = {
  '@recurrent/completion': fileURLToPath(new URL('../../../packages/completion/dist/index.js', import.meta.url)),
};
