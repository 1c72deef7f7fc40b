import type pg from 'pg';

export interface ColumnType {
  /** int4, timestamptz, text[], mood (an enum), ... */
  name: string;
  /** OID of the type itself, or of the element type for an array. */
  scalarOid: number;
  isArray: boolean;
  /** Element separator in the array's text form (`,` for all but a few geometric types). */
  delimiter: string;
}

// Type OIDs are per database and do not change meaning while the type exists, so each pool keeps
// what it learned. A WeakMap lets a closed, dropped pool take its cache with it.
const cacheByPool = new WeakMap<object, Map<number, ColumnType>>();

const TYPES_QUERY = `
SELECT t.oid::text AS oid,
       CASE WHEN e.oid IS NULL THEN t.typname ELSE e.typname || '[]' END AS name,
       coalesce(e.oid, t.oid)::text AS scalar_oid,
       e.oid IS NOT NULL AS is_array,
       coalesce(e.typdelim, t.typdelim) AS delimiter
FROM pg_catalog.pg_type t
LEFT JOIN pg_catalog.pg_type e
  ON e.oid = t.typelem AND t.typinput = 'pg_catalog.array_in'::pg_catalog.regproc
WHERE t.oid = ANY ($1::pg_catalog.oid[])`;

interface TypeRow {
  oid: string;
  name: string;
  scalar_oid: string;
  is_array: boolean;
  delimiter: string;
}

/** Names (and array shape) of result column types; looks up only OIDs this pool has not seen. */
export async function resolveColumnTypes(
  pool: object,
  client: pg.ClientBase,
  oids: readonly number[],
): Promise<Map<number, ColumnType>> {
  let cache = cacheByPool.get(pool);
  if (!cache) {
    cache = new Map();
    cacheByPool.set(pool, cache);
  }
  const unknown = [...new Set(oids)].filter((oid) => !cache.has(oid));
  if (unknown.length > 0) {
    const result = await client.query<TypeRow>(TYPES_QUERY, [unknown]);
    for (const row of result.rows) {
      cache.set(Number(row.oid), {
        name: row.name,
        scalarOid: Number(row.scalar_oid),
        isArray: row.is_array,
        delimiter: row.delimiter,
      });
    }
  }
  const resolved = new Map<number, ColumnType>();
  for (const oid of oids) {
    resolved.set(oid, cache.get(oid) ?? { name: 'unknown', scalarOid: oid, isArray: false, delimiter: ',' });
  }
  return resolved;
}
