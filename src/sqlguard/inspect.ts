import { isAllowedBuiltin } from './function-allowlist.ts';
import { isBuiltinOperator } from './operators.ts';
import { sensitiveRelation } from './sensitive-relations.ts';
import { reject, type GuardRejected, type RelationRef } from './types.ts';
import { isAstObject, TreeTooDeepError, unwrapNode, walkTree, type AstObject } from './walk.ts';

/** Deeper trees are refused: legitimate queries stay far below, and the renderer recurses. */
const MAX_TREE_DEPTH = 1500;

export interface Inspection {
  relations: RelationRef[];
  functions: string[];
  searchPathNames: string[];
  attributeNames: string[];
}

interface Located<T> {
  value: T;
  location: number;
}

/** What the walk gathers besides rejections. */
interface Found {
  relations: Located<RelationRef>[];
  functions: Located<string>[];
  /** Unqualified relation, type and owner-allowed function names. */
  names: Set<string>;
  attributes: Set<string>;
}

/**
 * Owner-allowed function names, lower case: `name` or `schema.name`. A call matches only when the
 * parser gives the same name, so a quoted "Name" (another function) does not.
 */
type AllowedByOwner = ReadonlySet<string>;

/** Walks a SELECT's whole parse tree: refuses what a read-only query must not do, lists what it reads and calls. */
export function inspectSelect(statement: unknown, allowedFunctions: readonly string[]): Inspection | GuardRejected {
  const allowed: AllowedByOwner = new Set(allowedFunctions.map((name) => name.toLowerCase()));
  const found: Found = { relations: [], functions: [], names: new Set(), attributes: new Set() };

  let rejection: GuardRejected | undefined;
  try {
    rejection = walkTree(statement, MAX_TREE_DEPTH, ({ type, node, cteNames }) => {
      if (node.intoClause !== undefined) {
        return reject('select_into', 'SELECT ... INTO creates a table; only plain SELECT queries can be run.');
      }
      if (Array.isArray(node.lockingClause) && node.lockingClause.length > 0) {
        return reject(
          'row_locking',
          `${lockingText(node.lockingClause)} locks rows; only plain SELECT queries can be run.`,
        );
      }
      if (isAstObject(node.typeName)) noteTypeName(node.typeName, found);
      switch (type) {
        case 'RangeVar':
          return checkRelation(node, cteNames, found);
        case 'FuncCall':
          return checkFunctionCall(node, allowed, found);
        case 'ColumnRef':
          return checkAttributeNotation(stringsOf(node.fields).slice(1), allowed, found);
        case 'A_Indirection':
          return checkAttributeNotation(stringsOf(node.indirection), allowed, found);
        case 'A_Expr':
          return checkOperator(node);
        case 'SortBy':
          // ORDER BY x USING <op>
          return Array.isArray(node.useOp) ? checkOperatorName(stringsOf(node.useOp)) : undefined;
        case 'ParamRef':
          return reject(
            'parameter_placeholder',
            `The query uses a parameter placeholder ($${String(node.number ?? '?')}), but queries run without parameters; write the value into the query.`,
          );
        default:
          if (type !== undefined && type !== 'SelectStmt' && type.endsWith('Stmt')) {
            return reject(
              'modifying_cte',
              `The query contains ${statementLabel(type)} inside a WITH clause; only read-only queries can be run.`,
            );
          }
          return undefined;
      }
    });
  } catch (error) {
    if (error instanceof TreeTooDeepError) {
      return reject('too_complex', 'The query is nested too deeply to check; simplify it.');
    }
    throw error;
  }
  if (rejection) return rejection;

  return {
    relations: uniqueInOrder(found.relations, (r) => `${r.schema ?? ''}\u0000${r.name}`),
    functions: uniqueInOrder(found.functions, (f) => f),
    searchPathNames: [...found.names].sort(),
    attributeNames: [...found.attributes].sort(),
  };
}

function checkRelation(node: AstObject, cteNames: ReadonlySet<string>, found: Found): GuardRejected | undefined {
  const name = typeof node.relname === 'string' ? node.relname : '';
  const schema = typeof node.schemaname === 'string' ? node.schemaname : null;
  if (typeof node.catalogname === 'string') {
    return reject(
      'cross_database_reference',
      `The query names another database (${node.catalogname}.${schema}.${name}); a query can only read the database it runs on.`,
    );
  }
  const holds = sensitiveRelation(name);
  if (holds !== undefined) {
    return reject('secret_catalog', `Reading ${name} is not allowed: it holds ${holds}.`);
  }
  if (schema === null && cteNames.has(name)) return undefined;
  if (schema === null) found.names.add(name);
  found.relations.push({ value: { schema, name }, location: locationOf(node) });
  return undefined;
}

function checkFunctionCall(node: AstObject, allowed: AllowedByOwner, found: Found): GuardRejected | undefined {
  const parts = stringsOf(node.funcname);
  const name = parts.at(-1) ?? '';
  const written = parts.join('.');
  if (parts.length > 2) {
    return reject(
      'cross_database_reference',
      `The query calls ${written}(), which names another database; only local functions can be called.`,
    );
  }
  const schema = parts.length === 2 ? parts[0]! : undefined;
  const builtin = (schema === undefined || schema === 'pg_catalog') && isAllowedBuiltin(name);
  const ownerAllowed = allowed.has(written);
  if (!builtin && !ownerAllowed) {
    if (schema !== undefined && schema !== 'pg_catalog') {
      return reject(
        'qualified_function',
        `Calling ${written}() is not allowed: only built-in functions from pg_catalog may be called, because whether a function elsewhere writes, sleeps or reaches other servers cannot be seen from the query. The connection's owner can allow ${written} by name.`,
      );
    }
    return reject(
      'denied_function',
      `Calling ${written}() is not allowed: queries may call only reviewed built-in functions (no files, network, server state, locks, sleeps or SQL given as text), and ${name} is not one of them. The connection's owner can allow a function by name.`,
    );
  }
  if (!builtin && schema === undefined) found.names.add(name);
  // Calls the parser made up for SQL syntax (EXTRACT, TRIM, AT TIME ZONE, ...) are listed by bare name.
  found.functions.push({ value: node.funcformat === 'COERCE_SQL_SYNTAX' ? name : written, location: locationOf(node) });
  return undefined;
}

/** A type name the query writes (casts, column definitions): unqualified ones need the search path. */
function noteTypeName(typeName: AstObject, found: Found): void {
  const names = stringsOf(typeName.names);
  if (names.length === 1) found.names.add(names[0]!);
}

/*
 * `t.name` and `(t).name` mean name(t) when t has no such column (PostgreSQL's attribute notation
 * for calls). Names that are plainly not columns (pg_* functions off the allowlist, extension
 * functions that run SQL or reach other servers) are refused here; the rest are handed to the
 * executor, which refuses the query when a function of that name takes a row type.
 */
function checkAttributeNotation(
  fieldNames: string[],
  allowed: AllowedByOwner,
  found: Found,
): GuardRejected | undefined {
  for (const name of fieldNames) {
    if (isAllowedBuiltin(name) || allowed.has(name)) continue;
    if (isHazardousFieldName(name)) {
      return reject(
        'denied_function',
        `The query refers to a field named ${name}, which PostgreSQL can treat as a call of ${name}(); that function is not allowed.`,
      );
    }
    found.attributes.add(name);
  }
  return undefined;
}

/** Function names no column is likely to have; refused as fields outright, for a clear reason. */
export const HAZARDOUS_FIELD_NAMES = new Set([
  'dblink',
  'dblink_exec',
  'crosstab',
  'connectby',
  'xpath_table',
  'query_to_xml',
  'table_to_xml',
  'set_config',
  'nextval',
  'setval',
]);

function isHazardousFieldName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('pg_') || HAZARDOUS_FIELD_NAMES.has(lower);
}

const KEYWORD_OPERATORS = new Set(['AEXPR_BETWEEN', 'AEXPR_NOT_BETWEEN', 'AEXPR_BETWEEN_SYM', 'AEXPR_NOT_BETWEEN_SYM']);

function checkOperator(node: AstObject): GuardRejected | undefined {
  if (typeof node.kind === 'string' && KEYWORD_OPERATORS.has(node.kind)) return undefined;
  return checkOperatorName(stringsOf(node.name));
}

function checkOperatorName(parts: string[]): GuardRejected | undefined {
  const symbol = parts.at(-1) ?? '';
  if (parts.length >= 2 && parts[0] !== 'pg_catalog') {
    return reject(
      'qualified_function',
      `The operator OPERATOR(${parts.join('.')}) is not allowed: only operators from pg_catalog may be named with a schema.`,
    );
  }
  if (!isBuiltinOperator(symbol)) {
    return reject(
      'denied_operator',
      `The operator ${symbol} is not a built-in PostgreSQL operator; operators a database defines itself run functions that cannot be checked, so they are not allowed.`,
    );
  }
  return undefined;
}

/** The `sval` of every `{ String: { sval } }` in a list, skipping other nodes (such as `*`). */
function stringsOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  const names: string[] = [];
  for (const item of list) {
    const unwrapped = unwrapNode(item);
    if (unwrapped?.[0] === 'String' && typeof unwrapped[1].sval === 'string') names.push(unwrapped[1].sval);
  }
  return names;
}

function locationOf(node: AstObject): number {
  return typeof node.location === 'number' ? node.location : Number.MAX_SAFE_INTEGER;
}

function uniqueInOrder<T>(items: Located<T>[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  const result: T[] = [];
  for (const { value } of [...items].sort((a, b) => a.location - b.location)) {
    const k = key(value);
    if (seen.has(k)) continue;
    seen.add(k);
    result.push(value);
  }
  return result;
}

const LOCK_STRENGTH: Record<string, string> = {
  LCS_FORUPDATE: 'FOR UPDATE',
  LCS_FORNOKEYUPDATE: 'FOR NO KEY UPDATE',
  LCS_FORSHARE: 'FOR SHARE',
  LCS_FORKEYSHARE: 'FOR KEY SHARE',
};

function lockingText(clauses: unknown[]): string {
  const strength = unwrapNode(clauses[0])?.[1].strength;
  return (typeof strength === 'string' && LOCK_STRENGTH[strength]) || 'A row-locking clause';
}

const STATEMENT_LABELS: Record<string, string> = {
  InsertStmt: 'an INSERT',
  UpdateStmt: 'an UPDATE',
  DeleteStmt: 'a DELETE',
  MergeStmt: 'a MERGE',
};

function statementLabel(type: string): string {
  return STATEMENT_LABELS[type] ?? `a ${type.replace(/Stmt$/, '')} statement`;
}
