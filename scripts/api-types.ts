/**
 * The web UI's API types, generated from the server's own OpenAPI document: builds the app on an
 * embedded in-memory database (no server, no port), reads `/openapi.json`'s document and writes
 * web/src/lib/api-types.ts with openapi-typescript. `--check` writes nothing and fails when the file
 * differs from what the server describes now (CI: `npm run check:api-types`).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/server.ts';

const target = path.resolve(import.meta.dirname, '../web/src/lib/api-types.ts');
const header = `/**
 * Generated from AskDB's OpenAPI document by \`npm run gen:api-types\` (scripts/api-types.ts).
 * Do not edit: change the server's route schemas and generate again. CI checks it is current.
 */

`;

async function openapiDocument(): Promise<unknown> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'askdb-openapi-'));
  try {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      JWT_SECRET: 'openapi-generation-secret-long-enough',
      WORKER: 'off',
      DEMO: 'off',
    });
    const { app } = await buildApp(config);
    try {
      await app.ready();
      return app.swagger();
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const document = await openapiDocument();
const generated = header + astToString(await openapiTS(document as Parameters<typeof openapiTS>[0]));

if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== generated) {
    console.error(
      'web/src/lib/api-types.ts is not what the server describes now: run `npm run gen:api-types` and commit it.',
    );
    process.exit(1);
  }
  console.log('web/src/lib/api-types.ts matches the OpenAPI document.');
} else {
  writeFileSync(target, generated);
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}
