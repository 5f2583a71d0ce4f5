import { defineTestConfig } from '@recurrent/test-utils/vitest';

// The n-gram tests count hundreds of thousands of characters: the shared 60 s limit, not vitest's 5 s.
export default defineTestConfig();
