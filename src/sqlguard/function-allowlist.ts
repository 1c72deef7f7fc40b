/*
 * The functions a query may call: built-ins from pg_catalog that compute a value from their
 * arguments and nothing else. Everything not listed here is refused, unless the connection's owner
 * allows it by name (connections.allowed_functions).
 *
 * Reviewed rule for adding a name: the function (every overload of that name in pg_catalog) must
 * neither read files, the network, large objects, other sessions or server settings; nor sleep,
 * signal, lock, write, assign ids or advance sequences; nor run SQL given as text (query_to_xml,
 * ts_stat, crosstab, dblink...). Extension functions (tablefunc, dblink, xml2, pageinspect,
 * pgstattuple, adminpack...) are never listed: they live outside pg_catalog, and a connection's
 * owner who trusts one can allow it by name.
 *
 * Not listed on purpose, although some look harmless: current_setting (shows server settings such
 * as data_directory), set_config and setseed (change session state), nextval / setval, txid_* and
 * pg_current_* (assign transaction ids), every pg_* admin, size, file, lock and statistics function
 * (pg_typeof aside), query_to_xml / table_to_xml / cursor_to_xml / schema_to_xml / database_to_xml,
 * ts_stat and ts_rewrite, lo_*, dblink*, crosstab*, connectby, xpath_table.
 *
 * Not calls at all, so never checked here: operators, CASE, COALESCE, NULLIF, GREATEST, LEAST,
 * CAST / ::, CURRENT_DATE / CURRENT_TIMESTAMP / CURRENT_USER and the other SQL value keywords,
 * GROUPING, ROW(...), ARRAY[...], IS JSON, JSON_VALUE / JSON_QUERY / JSON_TABLE, XMLELEMENT and
 * friends. SQL syntax that the parser turns into calls (EXTRACT, TRIM, SUBSTRING ... FROM,
 * POSITION, OVERLAY, AT TIME ZONE, SIMILAR TO, IS NORMALIZED, COLLATION FOR) arrives as calls of
 * the pg_catalog functions listed below.
 */

const AGGREGATES = [
  'count', 'sum', 'avg', 'min', 'max', 'array_agg', 'string_agg', 'json_agg', 'jsonb_agg', 'json_agg_strict',
  'jsonb_agg_strict', 'json_object_agg', 'jsonb_object_agg', 'json_object_agg_strict', 'jsonb_object_agg_strict',
  'json_object_agg_unique', 'jsonb_object_agg_unique', 'json_object_agg_unique_strict', 'jsonb_object_agg_unique_strict',
  'bool_and', 'bool_or', 'every', 'bit_and', 'bit_or', 'bit_xor', 'stddev', 'stddev_pop', 'stddev_samp', 'variance',
  'var_pop', 'var_samp', 'corr', 'covar_pop', 'covar_samp', 'regr_avgx', 'regr_avgy', 'regr_count', 'regr_intercept',
  'regr_r2', 'regr_slope', 'regr_sxx', 'regr_sxy', 'regr_syy', 'percentile_cont', 'percentile_disc', 'mode',
  'range_agg', 'range_intersect_agg', 'any_value', 'xmlagg',
];

const WINDOW = [
  'row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile', 'lag', 'lead', 'first_value', 'last_value',
  'nth_value',
];

const MATH = [
  'abs', 'ceil', 'ceiling', 'floor', 'round', 'trunc', 'sign', 'sqrt', 'cbrt', 'exp', 'ln', 'log', 'log10', 'power',
  'pow', 'mod', 'div', 'degrees', 'radians', 'pi', 'random', 'random_normal', 'width_bucket', 'gcd', 'lcm', 'factorial',
  'scale', 'min_scale', 'trim_scale', 'sin', 'cos', 'tan', 'cot', 'asin', 'acos', 'atan', 'atan2', 'sind', 'cosd',
  'tand', 'cotd', 'asind', 'acosd', 'atand', 'atan2d', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'erf', 'erfc',
];

const STRINGS = [
  'lower', 'upper', 'initcap', 'length', 'char_length', 'character_length', 'octet_length', 'bit_length', 'ascii', 'chr',
  'concat', 'concat_ws', 'format', 'left', 'right', 'lpad', 'rpad', 'ltrim', 'rtrim', 'btrim', 'substr', 'substring',
  'position', 'strpos', 'overlay', 'replace', 'repeat', 'reverse', 'split_part', 'string_to_array', 'string_to_table',
  'array_to_string', 'regexp_replace', 'regexp_match', 'regexp_matches', 'regexp_split_to_array',
  'regexp_split_to_table', 'regexp_count', 'regexp_instr', 'regexp_like', 'regexp_substr', 'starts_with', 'translate',
  'md5', 'sha224', 'sha256', 'sha384', 'sha512', 'encode', 'decode', 'quote_ident', 'quote_literal', 'quote_nullable',
  'to_hex', 'unistr', 'normalize', 'is_normalized', 'similar_to_escape', 'similar_escape', 'casefold', 'get_bit',
  'get_byte', 'bit_count', 'convert_from', 'convert_to',
];

const FORMATTING = ['to_char', 'to_date', 'to_timestamp', 'to_number'];

const DATE_TIME = [
  'now', 'clock_timestamp', 'statement_timestamp', 'transaction_timestamp', 'timeofday', 'date_trunc', 'date_part',
  'extract', 'date_bin', 'age', 'make_date', 'make_time', 'make_timestamp', 'make_timestamptz', 'make_interval',
  'justify_days', 'justify_hours', 'justify_interval', 'isfinite', 'timezone', 'overlaps', 'date_add', 'date_subtract',
];

const CONDITIONAL = ['num_nulls', 'num_nonnulls'];

const JSON_FUNCTIONS = [
  'to_json', 'to_jsonb', 'row_to_json', 'array_to_json', 'json_build_object', 'jsonb_build_object', 'json_build_array',
  'jsonb_build_array', 'json_object', 'jsonb_object', 'json_array_length', 'jsonb_array_length', 'json_each',
  'jsonb_each', 'json_each_text', 'jsonb_each_text', 'json_extract_path', 'jsonb_extract_path', 'json_extract_path_text',
  'jsonb_extract_path_text', 'json_object_keys', 'jsonb_object_keys', 'json_array_elements', 'jsonb_array_elements',
  'json_array_elements_text', 'jsonb_array_elements_text', 'json_typeof', 'jsonb_typeof', 'json_strip_nulls',
  'jsonb_strip_nulls', 'jsonb_set', 'jsonb_set_lax', 'jsonb_insert', 'jsonb_pretty', 'jsonb_path_exists',
  'jsonb_path_match', 'jsonb_path_query', 'jsonb_path_query_array', 'jsonb_path_query_first', 'jsonb_path_exists_tz',
  'jsonb_path_match_tz', 'jsonb_path_query_tz', 'jsonb_path_query_array_tz', 'jsonb_path_query_first_tz',
  'json_populate_record', 'jsonb_populate_record', 'json_populate_recordset', 'jsonb_populate_recordset',
  'json_to_record', 'jsonb_to_record', 'json_to_recordset', 'jsonb_to_recordset',
];

const ARRAYS = [
  'array_append', 'array_prepend', 'array_cat', 'array_dims', 'array_fill', 'array_length', 'array_lower',
  'array_upper', 'array_ndims', 'array_position', 'array_positions', 'array_remove', 'array_replace', 'array_reverse',
  'array_sort', 'array_sample', 'array_shuffle', 'cardinality', 'unnest', 'trim_array', 'generate_subscripts',
];

const SETS = ['generate_series'];

/** Type names used as functions: `date(ts)`, `numeric(x)`, `text(x)`. */
const TYPE_CONVERSIONS = [
  'bool', 'int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'varchar', 'bpchar', 'char', 'name', 'date',
  'time', 'timetz', 'timestamp', 'timestamptz', 'interval', 'cidr', 'macaddr', 'money',
];

const RANGES = [
  'isempty', 'lower_inc', 'upper_inc', 'lower_inf', 'upper_inf', 'range_merge', 'int4range', 'int8range', 'numrange',
  'tsrange', 'tstzrange', 'daterange', 'int4multirange', 'int8multirange', 'nummultirange', 'tsmultirange',
  'tstzmultirange', 'datemultirange', 'multirange',
];

const TEXT_SEARCH = [
  'to_tsvector', 'to_tsquery', 'plainto_tsquery', 'phraseto_tsquery', 'websearch_to_tsquery', 'ts_rank', 'ts_rank_cd',
  'ts_headline', 'setweight', 'strip', 'numnode', 'querytree', 'tsvector_to_array', 'array_to_tsvector', 'ts_delete',
  'ts_filter', 'json_to_tsvector', 'jsonb_to_tsvector',
];

const NETWORK_AND_IDS = [
  'host', 'hostmask', 'network', 'netmask', 'broadcast', 'family', 'masklen', 'set_masklen', 'abbrev', 'inet_merge',
  'inet_same_family', 'gen_random_uuid', 'uuidv4', 'uuidv7', 'uuid_extract_timestamp', 'uuid_extract_version',
];

const XML = ['xpath', 'xpath_exists', 'xml_is_well_formed', 'xml_is_well_formed_document', 'xml_is_well_formed_content'];

/** Facts about the query and the database it runs on that reveal nothing of the server or other sessions. */
const INFORMATION = ['version', 'current_database', 'current_schemas', 'pg_typeof', 'currval', 'lastval', 'pg_collation_for'];

export const ALLOWED_FUNCTIONS_BY_CATEGORY: Readonly<Record<string, readonly string[]>> = {
  aggregates: AGGREGATES,
  window: WINDOW,
  math: MATH,
  strings: STRINGS,
  formatting: FORMATTING,
  'date and time': DATE_TIME,
  conditional: CONDITIONAL,
  json: JSON_FUNCTIONS,
  arrays: ARRAYS,
  'set-returning': SETS,
  'type conversions': TYPE_CONVERSIONS,
  ranges: RANGES,
  'text search': TEXT_SEARCH,
  'network and ids': NETWORK_AND_IDS,
  xml: XML,
  information: INFORMATION,
};

const ALLOWED: ReadonlySet<string> = new Set(Object.values(ALLOWED_FUNCTIONS_BY_CATEGORY).flat());

/**
 * Whether a pg_catalog function of this name, as the parser gives it, may be called. Unquoted names
 * arrive in lower case; a quoted "LOWER" names another function (one the database may define), so
 * it is not the built-in.
 */
export function isAllowedBuiltin(name: string): boolean {
  return ALLOWED.has(name);
}
