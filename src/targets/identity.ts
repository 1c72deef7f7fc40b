/**
 * Which database a session is in, precisely enough to tell AskDB's own app database from any other,
 * however it was reached (another host name, an address, a Unix socket, a replica).
 */
export interface DatabaseIdentity {
  /** pg_control_system().system_identifier: the same for a cluster and its physical replicas; null when unreadable. */
  systemIdentifier: string | null;
  database: string;
  databaseOid: string;
  port: string;
  /** pg_postmaster_start_time(), to tell clusters apart when the system identifier is unreadable. */
  startedAt: string;
}

export type RunQuery = (sql: string) => Promise<Record<string, unknown>[]>;

const sessionSql = `select current_database() as database,
  (select oid::text from pg_catalog.pg_database where datname = current_database()) as database_oid,
  current_setting('port') as port,
  pg_catalog.pg_postmaster_start_time()::text as started_at`;

// Executable by PUBLIC on PostgreSQL 15 and later; older servers or locked-down ones may refuse it.
const systemSql = 'select system_identifier::text as system_identifier from pg_catalog.pg_control_system()';

export async function readIdentity(run: RunQuery): Promise<DatabaseIdentity> {
  const [session] = await run(sessionSql);
  const system = await run(systemSql).then(
    (rows) => rows[0]?.system_identifier,
    () => null,
  );
  return {
    systemIdentifier: typeof system === 'string' ? system : null,
    database: String(session?.database ?? ''),
    databaseOid: String(session?.database_oid ?? ''),
    port: String(session?.port ?? ''),
    startedAt: String(session?.started_at ?? ''),
  };
}

/**
 * Proven the same database: same name and OID in the same cluster (same system identifier when both
 * sides could read it, otherwise the same port and postmaster start time).
 */
export function sameDatabase(a: DatabaseIdentity, b: DatabaseIdentity): boolean {
  if (a.database !== b.database || a.databaseOid !== b.databaseOid) return false;
  if (a.systemIdentifier !== null && b.systemIdentifier !== null) return a.systemIdentifier === b.systemIdentifier;
  return a.port === b.port && a.startedAt !== '' && a.startedAt === b.startedAt;
}
