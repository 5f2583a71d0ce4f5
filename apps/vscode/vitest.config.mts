import { fileURLToPath } from 'node:url';
import { defineTestConfig } from '@recurrent/test-utils/vitest';

export default defineTestConfig({
  resolve: {
    // Unit tests run outside VS Code: `vscode` is a small stand-in (the end-to-end test uses the real one).
    alias: { vscode: fileURLToPath(new URL('./test/vscode-stub.ts', import.meta.url)) },
  },
});
