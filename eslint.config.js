// The one lint configuration of the workspace: each package's `lint` script runs `eslint .`
// from its own folder and ESLint finds this file by walking up. Rules are chosen for the bugs
// they catch, not for style (the code has a consistent hand-kept style and no formatter).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Rules that catch mistakes in any file, typed or not. */
const bugRules = {
  eqeqeq: ['error', 'always', { null: 'ignore' }],
  'no-var': 'error',
  'prefer-const': ['error', { destructuring: 'all' }],
  'no-throw-literal': 'error',
  'no-self-compare': 'error',
  'no-unmodified-loop-condition': 'error',
  'no-template-curly-in-string': 'error',
  'no-constructor-return': 'error',
  // A bare `catch {}` is how this code says "not there, fall back"; an empty block elsewhere is a slip.
  'no-empty': ['error', { allowEmptyCatch: true }],
};

/** `_`-prefixed names are unused on purpose (a parameter a signature requires). */
const unusedVars = ['error', {
  args: 'after-used', argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true,
}];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**', '**/dist/**', '**/build/**', '**/.turbo/**', '**/.cache/**', '**/.artifacts/**',
      '**/test-artifacts/**', '**/coverage/**',
      // AssemblyScript: TypeScript syntax with wasm types (i32, f32, v128) that no TS program knows.
      'packages/kernel/assembly/**', 'packages/kernel/bench/peak.ts',
      // A sample workspace the VS Code end-to-end test opens: text to predict, not project code.
      'apps/vscode/test/e2e/workspace/**',
      // Text the base model was trained on (unpacked npm packages, sources of other projects).
      'packages/base-model/corpus/**', 'packages/base-model/held-out/**', 'apps/cli/corpus/**',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },

  // Every JavaScript and TypeScript file: the core recommended set plus the rules above.
  {
    files: ['**/*.{js,mjs,cjs,ts,mts,cts}'],
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...globals.node } },
    rules: { ...bugRules, 'no-unused-vars': unusedVars },
  },

  // TypeScript in src/ and test/: type-aware rules through each package's tsconfig.json (the
  // project service finds it), so a promise nobody awaits or a `then` on a non-promise is an error.
  {
    files: ['**/src/**/*.{ts,mts,cts}', '**/test/**/*.{ts,mts,cts}'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': unusedVars,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'off', // an async function that does not await yet is an API choice, not a bug
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      // Numbers, booleans and shapes (`[${shape}]` reads "2,3") print as meant; objects and
      // unknowns print "[object Object]", which is the bug this rule is for (an in-bounds index
      // read is `number | undefined` under noUncheckedIndexedAccess, so nullish is allowed).
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowArray: true, allowNullish: true }],
      // The `unsafe-*` family flags every use of a value typed any (JSON.parse, untyped peers in
      // benchmarks): the explicit-any rule above keeps any out of our own code instead.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },

  // TypeScript outside src/ and test/ (configs, bench pages): syntax-level TypeScript rules only,
  // as these files belong to no tsconfig that type-aware rules could use.
  {
    files: ['**/*.{ts,mts,cts}'],
    ignores: ['**/src/**', '**/test/**'],
    extends: [tseslint.configs.recommended],
    rules: {
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': unusedVars,
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },

  // Code that runs in a browser or a worker (the playground, the bench page) sees those globals too.
  {
    files: ['apps/playground/src/**', 'apps/playground/bench/page/**', 'apps/playground/test/browser/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
  },
);
