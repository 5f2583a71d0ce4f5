import { defineTestConfig } from '@recurrent/test-utils/vitest';

// Some tests train small models for seconds: the shared 60 s limit catches hangs, it does not time speed.
export default defineTestConfig();
