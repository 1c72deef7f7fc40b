import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** tsx's ESM registration API, found through its package manifest (vitest has no import.meta.resolve). */
function tsxRegisterUrl(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  return pathToFileURL(path.join(path.dirname(manifestPath), manifest.exports['./esm/api']!.import.default)).href;
}

/**
 * Starts a worker thread on a module of this code base, whether it runs as compiled JavaScript or
 * as TypeScript source. A worker thread does not inherit the tsx loader of the thread that starts
 * it, so for a .ts module it first registers tsx itself.
 */
export function startModuleWorker(moduleUrl: URL, options: WorkerOptions): Worker {
  if (!moduleUrl.pathname.endsWith('.ts')) return new Worker(moduleUrl, options);
  const bootstrap = `import(${JSON.stringify(tsxRegisterUrl())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(moduleUrl.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/** A sibling module's URL, with the extension this module itself was loaded with (.ts from source, .js when built). */
export function siblingModule(name: string, of: string): URL {
  return new URL(`./${name}${path.extname(new URL(of).pathname)}`, of);
}
