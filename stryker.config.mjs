// Mutation testing (npm run test:mutation): scripts/mutation.mjs runs Stryker once per group below,
// each group mutating its files and running only the test files that test them.
// MUTATION_GROUP picks the group; the default is the first.

/** @type {Record<string, { mutate: string[]; tests: string[] }>} */
export const groups = {
  csv: { mutate: ['src/chat/csv.ts'], tests: ['test/chat/csv.test.ts'] },
  render: { mutate: ['src/engine/render.ts'], tests: ['test/engine/render.test.ts'] },
  // matrix.test.ts covers access.ts through every route, but takes minutes per run: the unit test is the fast one.
  access: { mutate: ['src/connections/access.ts'], tests: ['test/connections/access.test.ts'] },
  // The lists are static (their mutants rerun every test of the group), so they get the quick list test alone.
  'sqlguard-lists': {
    mutate: [
      'src/sqlguard/function-allowlist.ts',
      'src/sqlguard/operators.ts',
      'src/sqlguard/sensitive-relations.ts',
      'src/sqlguard/statement-kind.ts',
    ],
    tests: ['test/sqlguard/lists.test.ts'],
  },
  sqlguard: {
    mutate: [
      'src/sqlguard/**/*.ts',
      '!src/sqlguard/function-allowlist.ts',
      '!src/sqlguard/operators.ts',
      '!src/sqlguard/sensitive-relations.ts',
      '!src/sqlguard/statement-kind.ts',
    ],
    tests: [
      'test/sqlguard/guard-edges.test.ts',
      'test/sqlguard/guard.test.ts',
      'test/sqlguard/lists.test.ts',
      'test/sqlguard/list-entries.test.ts',
      'test/sqlguard/walk.test.ts',
    ],
  },
  'auth-tokens': { mutate: ['src/auth/tokens.ts', 'src/auth/passwords.ts'], tests: ['test/auth/tokens.test.ts'] },
  // Each test file starts an app on a fresh database. A static mutant (one evaluated while the app is
  // built, like the route declarations) reruns every test of its group, so routes.ts and present.ts get
  // a group of their own with the tests that read the routes' declared behaviour; the other auth files'
  // mutants run only the tests that reach them. embedded.test.ts (the same flow on PGlite) is left out.
  auth: {
    mutate: [
      'src/auth/**/*.ts',
      '!src/auth/tokens.ts',
      '!src/auth/passwords.ts',
      '!src/auth/routes.ts',
      '!src/auth/present.ts',
    ],
    tests: [
      'test/auth/refresh.test.ts',
      'test/auth/sessions.test.ts',
      'test/auth/access-tokens.test.ts',
      'test/auth/auth.test.ts',
      // Profile edits check the same identity rules (assertIdentityFree) for an existing user.
      'test/users/users.test.ts',
    ],
  },
  'auth-routes': {
    mutate: ['src/auth/routes.ts', 'src/auth/present.ts'],
    tests: ['test/auth/routes.test.ts'],
  },
};

const name = process.env.MUTATION_GROUP ?? Object.keys(groups)[0];
const group = groups[name];
if (!group) throw new Error(`Unknown MUTATION_GROUP ${name}; groups: ${Object.keys(groups).join(', ')}`);
process.env.MUTATION_TESTS = group.tests.join(',');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  mutate: group.mutate,
  coverageAnalysis: 'perTest',
  // Two cores, but each test run waits on PostgreSQL part of the time: a third runner keeps them busy.
  concurrency: 3,
  // Generous: a slow run on a loaded machine must not be mistaken for a mutant that hangs.
  timeoutMS: 60_000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  tempDirName: `.stryker-tmp/${name}`,
  cleanTempDir: true,
  thresholds: { high: 90, low: 80, break: null },
  ignorePatterns: ['data', 'dist', 'reports', 'bench', '.stryker-tmp'],
};
