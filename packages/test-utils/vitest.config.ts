import { defineTestConfig } from '@recurrent/test-utils/vitest';

export default defineTestConfig();
