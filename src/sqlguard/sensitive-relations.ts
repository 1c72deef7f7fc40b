/*
 * Relations no query may read, under any schema name, quoted or not, in any subquery or CTE, and
 * not even as a CTE's name (so `WITH pg_authid AS (SELECT * FROM pg_authid) ...` cannot launder a
 * read). Each holds something the asker has no business seeing and that table privileges do not
 * always hide: password hashes, foreign-server credentials, other sessions' query text, the server's
 * configuration and files, large object contents, or raw statistics of columns the role cannot read.
 * pg_roles and pg_user stay readable: they mask the password.
 */

export const SENSITIVE_RELATIONS: Readonly<Record<string, string>> = {
  pg_authid: 'password hashes',
  pg_shadow: 'password hashes',
  pg_user_mapping: 'foreign-server credentials',
  pg_user_mappings: 'foreign-server credentials',
  _pg_user_mappings: 'foreign-server credentials',
  user_mappings: 'foreign-server credentials',
  user_mapping_options: 'foreign-server credentials',
  _pg_foreign_servers: 'foreign-server options',
  foreign_server_options: 'foreign-server options',
  pg_foreign_server: 'foreign-server options',
  pg_subscription: 'replication connection strings with passwords',
  pg_stat_subscription: 'replication connection state',
  pg_stat_wal_receiver: 'the replication connection string',
  pg_stat_replication: 'replication clients',
  pg_largeobject: 'large object contents',
  pg_largeobject_metadata: 'large object metadata',
  pg_statistic: 'raw values of columns the role may not read',
  pg_statistic_ext_data: 'raw values of columns the role may not read',
  pg_stat_activity: "other sessions' query text",
  pg_stat_statements: "other sessions' query text",
  pg_stat_statements_info: "other sessions' query statistics",
  pg_stat_ssl: "other sessions' connection details",
  pg_stat_gssapi: "other sessions' connection details",
  pg_locks: "other sessions' locks",
  pg_settings: "the server's configuration",
  pg_file_settings: "the server's configuration files",
  pg_hba_file_rules: 'the authentication configuration',
  pg_ident_file_mappings: 'the authentication configuration',
  pg_config: "the server's build and paths",
  pg_db_role_setting: 'per-role settings, which can carry secrets',
  pg_backend_memory_contexts: "the server's memory state",
  pg_shmem_allocations: "the server's memory state",
};

/** What a sensitive relation holds, or undefined when the name is not sensitive. */
export function sensitiveRelation(name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.hasOwn(SENSITIVE_RELATIONS, lower) ? SENSITIVE_RELATIONS[lower] : undefined;
}
