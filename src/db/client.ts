import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { vector } from '@electric-sql/pglite-pgvector';
import { type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/**
 * The rows of raw SQL run through Drizzle, typed by the caller: node-postgres and PGlite both answer
 * `{ rows }`, which Drizzle's shared type does not say. The one place that cast is written.
 */
export async function selectRows<T>(db: Pick<Db, 'execute'>, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export interface AppDatabase {
  db: Db;
  mode: 'server' | 'embedded';
  /** Raw SQL with positional parameters, for the few places Drizzle's builder does not fit. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** The node-postgres pool in server mode, the PGlite instance in embedded mode. */
  driver: { kind: 'server'; pool: pg.Pool } | { kind: 'embedded'; pglite: PGlite };
}

export interface DatabaseOptions {
  databaseUrl?: string;
  /** Folder of the embedded PGlite database; `memory://` keeps it in memory. */
  embeddedPath: string;
}

export async function openDatabase(options: DatabaseOptions): Promise<AppDatabase> {
  return options.databaseUrl ? openServer(options.databaseUrl) : openEmbedded(options.embeddedPath);
}

function openServer(url: string): AppDatabase {
  const pool = new pg.Pool({ connectionString: url, max: 10, application_name: 'askdb-app' });
  // An idle client that loses its server must not take the process down.
  pool.on('error', () => {});
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    mode: 'server',
    driver: { kind: 'server', pool },
    query: async (text, params) => (await pool.query(text, params)).rows,
    migrate: () => migratePg(db as never, { migrationsFolder }),
    close: () => pool.end(),
  };
}

async function openEmbedded(dataPath: string): Promise<AppDatabase> {
  if (!dataPath.startsWith('memory://')) mkdirSync(path.dirname(path.resolve(dataPath)), { recursive: true });
  const pglite = await PGlite.create(dataPath, { extensions: { vector, pg_trgm } });
  await pglite.exec('CREATE EXTENSION IF NOT EXISTS vector');
  const db = drizzlePglite(pglite, { schema }) as unknown as Db;
  return {
    db,
    mode: 'embedded',
    driver: { kind: 'embedded', pglite },
    query: async <T>(text: string, params?: unknown[]) => (await pglite.query<T>(text, params)).rows,
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    close: () => pglite.close(),
  };
}

export interface MigrationState {
  applied: number;
  expected: number;
}

/** How many of the shipped migrations the database has applied. */
export async function migrationState(database: AppDatabase): Promise<MigrationState> {
  const { readFile } = await import('node:fs/promises');
  const journal = JSON.parse(await readFile(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  const rows = await selectRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
  ).catch(() => [{ n: 0 }]);
  return { applied: Number(rows[0]?.n ?? 0), expected: journal.entries.length };
}
