import type { RunQuery } from './identity.ts';

// One catalog query: is the login a superuser, and can it change anything in this database?
const privilegesSql = `select r.rolsuper as superuser,
  (select count(*)::int from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p', 'v', 'f')
      and n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
      and (has_table_privilege(c.oid, 'INSERT') or has_table_privilege(c.oid, 'UPDATE')
        or has_table_privilege(c.oid, 'DELETE') or has_table_privilege(c.oid, 'TRUNCATE'))) as writable_tables,
  (select coalesce(array_agg(n.nspname::text order by n.nspname), '{}') from pg_catalog.pg_namespace n
    where n.nspname <> 'information_schema' and n.nspname !~ '^pg_' and has_schema_privilege(n.oid, 'CREATE')) as creatable_schemas
from pg_catalog.pg_roles r where r.rolname = current_user`;

const readOnlyAdvice =
  'AskDB only reads, but a read-only role limits what any mistake could do: connect as a role granted only SELECT (or pg_read_all_data)';

function schemasText(schemas: string[]): string {
  const shown = schemas
    .slice(0, 3)
    .map((s) => `"${s}"`)
    .join(', ');
  return schemas.length > 3 ? `${shown} and ${schemas.length - 3} more` : shown;
}

/** Warnings for the person adding a connection whose login is a superuser or can write. */
export async function loginWarnings(run: RunQuery, username: string): Promise<string[]> {
  const [row] = await run(privilegesSql);
  if (!row) return [];
  const user = `"${username}"`;
  if (row.superuser === true) return [`User ${user} is a superuser. ${readOnlyAdvice}.`];
  const tables = Number(row.writable_tables ?? 0);
  const schemas = Array.isArray(row.creatable_schemas) ? (row.creatable_schemas as string[]) : [];
  const can = [
    ...(tables > 0
      ? [`change data in ${tables} table${tables === 1 ? '' : 's'} (INSERT, UPDATE, DELETE or TRUNCATE)`]
      : []),
    ...(schemas.length > 0 ? [`create objects in schema ${schemasText(schemas)}`] : []),
  ];
  if (can.length === 0) return [];
  return [`User ${user} can ${can.join(' and ')}. ${readOnlyAdvice}.`];
}
