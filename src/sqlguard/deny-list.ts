/*
 * What the guard refuses by name, and why.
 *
 * A read-only transaction already stops every write to tables, sequences and the schema, so these
 * lists exist for what a read-only transaction does NOT stop, or stops too late:
 *   - sleeping, signalling other sessions, reloading or rotating server state;
 *   - reading server files, large objects, other sessions' query text, password hashes;
 *   - functions that run SQL given as text (query_to_xml, ts_stat, dblink...), which would hide the
 *     relations and functions inside that text from this check;
 *   - reaching other servers (dblink), whose writes no local transaction can roll back;
 *   - the few functions that write or take session-level resources even in a read-only
 *     transaction (advisory locks, transaction ids, WAL, index maintenance).
 *
 * Decisions:
 *   - Names match case-insensitively, with or without a `pg_catalog.` qualifier.
 *   - A call qualified with any schema other than pg_catalog (or one the caller allows) is rejected
 *     whatever its name: from the SQL text alone we cannot see whether `some_schema.f()` is a
 *     harmless helper or a volatile function that writes, sleeps or calls out. Unqualified calls of
 *     names not on this list are allowed; they resolve through the connection's search_path, where
 *     pg_catalog comes first, and the read-only transaction plus statement timeout bound the rest.
 *   - currval, lastval, xpath and the `*_if_assigned` transaction-id functions are allowed: they
 *     neither write nor assign anything.
 *   - pg_stat_activity is refused: it shows other sessions' query text, which can hold literals
 *     (passwords, personal data) the asker has no business seeing.
 *   - Secret catalogs are refused under any qualifier, and even as CTE names, so that
 *     `WITH pg_authid AS (SELECT * FROM pg_authid) ...` cannot launder a read.
 */

const DENIED_FUNCTIONS: ReadonlySet<string> = new Set([
  // settings and server state
  'set_config',
  'pg_reload_conf',
  'pg_rotate_logfile',
  'pg_rotate_logfile_old',
  'pg_switch_wal',
  'pg_switch_xlog',
  'pg_promote',
  'pg_import_system_collations',
  'pg_log_backend_memory_contexts',
  'pg_log_standby_snapshot',
  'pg_backup_start',
  'pg_backup_stop',
  'pg_start_backup',
  'pg_stop_backup',
  'pg_drop_replication_slot',
  'pg_sync_replication_slots',
  // signalling other sessions
  'pg_terminate_backend',
  'pg_cancel_backend',
  'pg_notify',
  // server files
  'pg_stat_file',
  'pg_logdir_ls',
  'get_raw_page',
  'autoprewarm_dump_now',
  'autoprewarm_start_worker',
  // large objects
  'loread',
  'lowrite',
  // sequences and transaction ids (they write or assign even in a read-only transaction)
  'nextval',
  'setval',
  'txid_current',
  'pg_current_xact_id',
  // run SQL given as text
  'ts_stat',
  'ts_rewrite',
  // other sessions' query text and server configuration files
  'pg_stat_get_activity',
  'pg_stat_get_backend_activity',
  'pg_show_all_file_settings',
  'pg_hba_file_rules',
  'pg_ident_file_mappings',
  'pg_stat_statements',
  // index maintenance that writes
  'brin_summarize_new_values',
  'brin_summarize_range',
  'brin_desummarize_range',
  'gin_clean_pending_list',
  'pg_truncate_visibility_map',
]);

const DENIED_PREFIXES: readonly string[] = [
  'pg_sleep', // pg_sleep, pg_sleep_for, pg_sleep_until
  'pg_read_', // pg_read_file, pg_read_binary_file
  'pg_ls_', // pg_ls_dir, pg_ls_logdir, pg_ls_waldir, pg_ls_tmpdir, ...
  'pg_file_', // adminpack: pg_file_write, pg_file_rename, pg_file_unlink, ...
  'lo_', // lo_import, lo_export, lo_get, lo_put, lo_create, lo_unlink, ...
  'dblink', // dblink, dblink_exec, dblink_connect, dblink_send_query, ...
  'pg_advisory',
  'pg_try_advisory',
  'pg_replication_',
  'pg_logical_', // pg_logical_emit_message, pg_logical_slot_get_changes, ...
  'pg_create_', // pg_create_restore_point, pg_create_*_replication_slot
  'pg_copy_', // pg_copy_*_replication_slot
  'pg_wal_replay_',
  'pg_xlog_replay_',
  'pg_get_wal_', // pg_walinspect: raw WAL contents
  'pg_stat_reset',
  'pg_stat_statements_reset',
  'query_to_xml',
  'table_to_xml',
  'cursor_to_xml',
  'schema_to_xml',
  'database_to_xml',
];

const SECRET_RELATIONS: ReadonlySet<string> = new Set([
  'pg_authid', // password hashes
  'pg_shadow', // password hashes
  'pg_user_mapping', // foreign-server credentials
  'pg_user_mappings',
  'user_mapping_options', // information_schema view of the same
  'pg_subscription', // replication connection strings, with passwords
  'pg_largeobject', // large object contents bypass table privileges
  'pg_largeobject_metadata',
  'pg_statistic', // raw statistics hold values of columns the role may not read
  'pg_statistic_ext_data',
  'pg_hba_file_rules',
  'pg_ident_file_mappings',
  'pg_file_settings',
  'pg_db_role_setting', // per-role settings can carry secrets
  'pg_stat_activity', // other sessions' query text
  'pg_stat_statements',
  'pg_stat_statements_info',
]);

export function isDeniedFunction(name: string): boolean {
  const lower = name.toLowerCase();
  return DENIED_FUNCTIONS.has(lower) || DENIED_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

/**
 * For `t.name` field references, which PostgreSQL may read as a call `name(t)`: the denied names
 * that could plausibly be meant that way, without refusing ordinary columns such as `t.lo_limit`.
 */
export function isDeniedFieldName(name: string): boolean {
  const lower = name.toLowerCase();
  return DENIED_FUNCTIONS.has(lower) || (lower.startsWith('pg_') && isDeniedFunction(lower));
}

export function isSecretRelation(name: string): boolean {
  return SECRET_RELATIONS.has(name.toLowerCase());
}

/** Schemas a qualified function call or operator may always name. */
export const ALWAYS_ALLOWED_SCHEMAS: readonly string[] = ['pg_catalog'];
