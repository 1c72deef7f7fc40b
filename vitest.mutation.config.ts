import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

// The test files of one mutation group (stryker.config.mjs sets MUTATION_TESTS).
const tests = (process.env.MUTATION_TESTS ?? '').split(',').filter(Boolean);

export default defineConfig({ ...base, test: { ...base.test, include: tests } });
