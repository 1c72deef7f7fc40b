/**
 * The module graph AskDB keeps (docs/architecture.md explains it). `npm run check:deps` fails on a
 * rule broken here; `npm run lint` runs it.
 */
const io = [
  '^node_modules/(pg|pg-boss|pg-protocol|pg-pool|@electric-sql/.+|fastify|@fastify/.+|drizzle-orm)/',
  '^src/db/',
];
const ioBuiltins = ['^(node:)?(fs|fs/promises|net|http|https|child_process|worker_threads|dgram|tls)$'];

/**
 * Modules by layer, lowest first: a module's services import only modules of lower layers (type-only
 * imports, such as `AppContext` or a model's shape, are free). Routes sit above every service.
 */
const layers = [
  [
    'errors',
    'text',
    'sql',
    'logger',
    'version',
    'secrets',
    'config',
    'db',
    'jobs',
    'http',
    'llm',
    'targets',
    'sqlguard',
    'engine',
    'demo',
  ],
  ['auth', 'system'],
  ['users', 'connections'],
  ['retrieval'],
  ['query'],
  ['intelligence'],
  ['agent'],
  ['chat'],
  ['runtime'],
  ['mcp', 'eval', 'cli'],
  ['server', 'main', 'context'],
];
const routes = '(^src/.+/routes\\.ts$|^src/.+/.+-routes\\.ts$)';
const modulePath = (names) => `^src/(${names.join('|')})(/|\\.ts$)`;
const layerRules = layers.slice(0, -1).map((names, i) => ({
  name: `layer-${names.join('-')}`,
  severity: 'error',
  comment: `${names.join(', ')} must not import a module of a higher layer (see docs/architecture.md).`,
  from: { path: modulePath(names), pathNot: routes },
  to: {
    path: modulePath(layers.slice(i + 1).flat()),
    pathNot: '^src/context\\.ts$',
    dependencyTypesNot: ['type-only'],
  },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'only-server-mounts-routes',
      severity: 'error',
      comment: 'Routes are the top of their module: only server.ts and other routes register them.',
      from: { pathNot: [routes, '^src/server\\.ts$'] },
      to: { path: routes },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules import one way: move the shared piece to the module that owns it.',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'pure-engine-and-guard',
      severity: 'error',
      comment:
        'src/engine, src/sqlguard and src/sql are pure (question + schema in, SQL out; SQL in, verdict out): no database, HTTP or file I/O.',
      from: { path: '^src/(engine|sqlguard|sql)/' },
      to: { path: io },
    },
    {
      name: 'pure-engine-and-guard-builtins',
      severity: 'error',
      comment: 'src/engine, src/sqlguard and src/sql touch no file system, network or process.',
      from: { path: '^src/(engine|sqlguard|sql)/' },
      to: { dependencyTypes: ['core'], path: ioBuiltins },
    },
    {
      name: 'routes-call-services',
      severity: 'error',
      comment: 'Routes parse, authorise and call a service; they never query the app database themselves.',
      from: { path: routes },
      to: { path: '^src/db/' },
    },
    {
      name: 'schema-imports-no-module',
      severity: 'error',
      comment: 'src/db/schema.ts is the tables only.',
      from: { path: '^src/db/schema\\.ts$' },
      to: { path: '^src/', pathNot: '^src/db/schema\\.ts$' },
    },
    {
      name: 'web-speaks-http-only',
      severity: 'error',
      comment: 'The SPA reaches the server over HTTP, never by importing it.',
      from: { path: '^web/' },
      to: { path: '^src/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
