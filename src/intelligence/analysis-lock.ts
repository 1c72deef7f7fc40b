import type { AppDatabase } from '../db/client.ts';

/**
 * Who is analysing a connection right now, told by the app database itself: a running analysis holds
 * a session-level advisory lock keyed by its connection on a session of its own. When its process
 * dies, PostgreSQL ends that session and the lock goes with it, at once, however long the job had
 * left. So a job pg-boss still calls active but whose lock nobody holds belongs to a dead process.
 * (Embedded PGlite has one session and one process: the lock is always granted there, and a restart
 * starts with none held.)
 */

/** The advisory lock space of analyses ("ASKD"); the second key is the connection id's hash. */
const LOCK_CLASS = 0x41534b44;
const lockArgs = `${LOCK_CLASS}, hashtext($1) & 2147483647`;

export type ReleaseLock = () => Promise<void>;

/** Takes the connection's analysis lock, or answers null when a live analysis of it holds the lock. */
export async function tryLockAnalysis(database: AppDatabase, connectionId: string): Promise<ReleaseLock | null> {
  const acquire = `SELECT pg_try_advisory_lock(${lockArgs}) AS locked`;
  const release = `SELECT pg_advisory_unlock(${lockArgs})`;
  if (database.driver.kind === 'embedded') {
    const { pglite } = database.driver;
    const { rows } = await pglite.query<{ locked: boolean }>(acquire, [connectionId]);
    if (!rows[0]?.locked) return null;
    return async () => void (await pglite.query(release, [connectionId]));
  }
  const client = await database.driver.pool.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>(acquire, [connectionId]);
    if (!rows[0]?.locked) {
      client.release();
      return null;
    }
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
  return async () => {
    try {
      await client.query(release, [connectionId]);
      client.release();
    } catch (error) {
      // The session is gone, and its lock with it: never hand it back to the pool.
      client.release(error as Error);
    }
  };
}

/** The connections among `connectionIds` whose analysis lock some live session holds. */
export async function lockedAnalyses(database: AppDatabase, connectionIds: string[]): Promise<Set<string>> {
  if (connectionIds.length === 0) return new Set();
  const rows = await database.query<{ id: string }>(
    `SELECT c.id FROM unnest($1::text[]) AS c(id)
     WHERE EXISTS (
       SELECT 1 FROM pg_locks l
       WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
         AND l.classid = ${LOCK_CLASS}::int::oid AND l.objid = (hashtext(c.id) & 2147483647)::oid)`,
    [connectionIds],
  );
  return new Set(rows.map((row) => row.id));
}
