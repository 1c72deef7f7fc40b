import type pg from 'pg';
import { GuardedClient } from './guarded-client.ts';

/**
 * Asks the server to cancel whatever backend `pid` is running, from a separate short-lived
 * connection opened with the pool's own settings (pg_cancel_backend is allowed for one's own role).
 */
export async function cancelBackend(pool: pg.Pool, pid: number): Promise<boolean> {
  // pg-pool keeps the password as a non-enumerable property, so it is copied by name.
  const client = new GuardedClient({
    ...pool.options,
    password: pool.options.password,
    connectionTimeoutMillis: pool.options.connectionTimeoutMillis || 5000,
    statement_timeout: 5000,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    const result = await client.query<{ cancelled: boolean }>('SELECT pg_catalog.pg_cancel_backend($1) AS cancelled', [
      pid,
    ]);
    return result.rows[0]?.cancelled === true;
  } finally {
    await client.end().catch(() => {});
  }
}
