import pg from 'pg';
import { testServerUrl } from './helpers/pg.ts';

/** Stops the run at once, with one line, when no PostgreSQL server answers. */
export default async function checkServer(): Promise<void> {
  const client = new pg.Client({ connectionString: testServerUrl(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `No PostgreSQL server at ${testServerUrl()} (${reason}). Start one with: pg_ctlcluster --skip-systemctl-redirect 15 main start`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}
