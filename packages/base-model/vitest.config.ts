import { defineTestConfig } from '@recurrent/test-utils/vitest';

// The shared config reads test/ only, which matters here: corpus/.cache holds unpacked
// packages with test files of their own.
export default defineTestConfig();
