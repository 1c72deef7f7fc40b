import type PgBoss from 'pg-boss';
import type { AppDatabase } from '../db/client.ts';

/**
 * Creates a queue, or brings an existing one to `options`: pg-boss's createQueue leaves an existing
 * queue as it was, so changed retry settings or a changed policy would never apply. Jobs still waiting
 * or running keep the policy they were sent with; they move to the new one too, so the unique indexes
 * of an old policy (e.g. `stately`'s) stop applying to them. (Moving to a stricter policy could break
 * its unique indexes; from `stately` to `short` it cannot: both keep at most one waiting job per key.)
 */
export async function ensureQueue(
  boss: PgBoss,
  database: AppDatabase,
  options: PgBoss.Queue & { policy: PgBoss.QueuePolicy },
): Promise<void> {
  await boss.createQueue(options.name, options);
  await boss.updateQueue(options.name, options);
  await database.query(
    `UPDATE pgboss.job SET policy = $2 WHERE name = $1 AND policy IS DISTINCT FROM $2 AND state < 'completed'`,
    [options.name, options.policy],
  );
}
