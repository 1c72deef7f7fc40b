/**
 * SQL quoting, the one place it is written: identifiers (quoted only when PostgreSQL would not read
 * them back unchanged) and string literals. Pure: SQL text in and out. Bind values as parameters
 * wherever a query takes them; quote a value only into SQL that is shown, stored as text, or run
 * where no parameter can stand (DDL, COMMENT ON).
 */

// PostgreSQL's reserved key words (and those reserved as column or function names): quoted when used as names.
const reserved = new Set(
  `all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation
  column concurrently constraint create cross current_catalog current_date current_role current_schema current_time
  current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign freeze
  from full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit
  localtime localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references
  returning right select session_user similar some symmetric system_user table tablesample then to trailing true union
  unique user using variadic verbose when where window with between bigint bit boolean char character coalesce dec
  decimal exists extract float greatest grouping inout int integer interval least national nchar none normalize nullif
  numeric out overlay position precision real row setof smallint substring time timestamp treat trim values varchar
  xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable`.split(
    /\s+/,
  ),
);

/** An identifier, double-quoted only when PostgreSQL would not read it back unchanged: `Order Items` → `"Order Items"`. */
export function ident(name: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(name) && !reserved.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/** A schema-qualified relation name, each part quoted as needed. */
export function qualified(schema: string, name: string): string {
  return `${ident(schema)}.${ident(name)}`;
}

/** A literal: text with quotes doubled (standard_conforming_strings is on in every supported version), numbers bare. */
export function literal(value: string | number | boolean | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NULL';
  return `'${value.replace(/'/g, "''")}'`;
}

const controlEscapes: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * A text literal that stays on one line: control characters (a stored trailing newline) and
 * backslashes are escaped in an E'' string; other text is a plain literal.
 */
export function oneLineLiteral(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this escapes
  if (!/[\u0000-\u001f\\]/.test(value)) return literal(value);
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this escapes
    .replace(/[\u0000-\u001f]/g, (c) => controlEscapes[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `E'${escaped}'`;
}
