import type { PGlite, Transaction } from '@electric-sql/pglite';

/** Kept apart from the company's tables, in a schema of its own. */
export const metaSchema = 'askdb_demo';

export const metaTableSql = /* sql */ `
CREATE SCHEMA ${metaSchema};
COMMENT ON SCHEMA ${metaSchema} IS 'Bookkeeping of the AskDB demo generator, not company data.';
CREATE TABLE ${metaSchema}.meta (
  key text PRIMARY KEY,
  value text NOT NULL
);
COMMENT ON TABLE ${metaSchema}.meta IS 'Which version of the AskDB demo generator built this database, and when.';
`;

export async function writeMeta(db: Transaction, entries: Record<string, string>): Promise<void> {
  for (const [key, value] of Object.entries(entries))
    await db.query(`INSERT INTO ${metaSchema}.meta (key, value) VALUES ($1, $2)`, [key, value]);
}

/** The DEMO_VERSION the database was built with; null when it was never (completely) built. */
export async function storedDemoVersion(db: PGlite): Promise<string | null> {
  const exists = await db.query<{ present: boolean }>(
    `SELECT to_regclass('${metaSchema}.meta') IS NOT NULL AS present`,
  );
  if (!exists.rows[0]?.present) return null;
  const version = await db.query<{ value: string }>(`SELECT value FROM ${metaSchema}.meta WHERE key = 'version'`);
  return version.rows[0]?.value ?? null;
}
