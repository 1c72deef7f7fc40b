import { ALWAYS_ALLOWED_SCHEMAS, isDeniedFieldName, isDeniedFunction, isSecretRelation } from './deny-list.ts';
import { reject, type GuardRejected, type RelationRef } from './types.ts';
import { TreeTooDeepError, unwrapNode, walkTree, type AstObject } from './walk.ts';

/** Deeper trees are refused: legitimate queries stay far below, and the renderer recurses. */
export const MAX_TREE_DEPTH = 1500;

export interface Inspection {
  relations: RelationRef[];
  functions: string[];
}

interface Located<T> {
  value: T;
  location: number;
}

/** Walks a SELECT's whole parse tree: refuses what a read-only query must not do, lists what it reads. */
export function inspectSelect(statement: unknown, allowedSchemas: readonly string[]): Inspection | GuardRejected {
  const schemas = new Set([...ALWAYS_ALLOWED_SCHEMAS, ...allowedSchemas]);
  const relations: Located<RelationRef>[] = [];
  const functions: Located<string>[] = [];

  let rejection: GuardRejected | undefined;
  try {
    rejection = walkTree(statement, MAX_TREE_DEPTH, ({ type, node, cteNames }) => {
      if (node.intoClause !== undefined) {
        return reject('select_into', 'SELECT ... INTO creates a table; only plain SELECT queries can be run.');
      }
      if (Array.isArray(node.lockingClause) && node.lockingClause.length > 0) {
        return reject('row_locking', `${lockingText(node.lockingClause)} locks rows; only plain SELECT queries can be run.`);
      }
      switch (type) {
        case 'RangeVar':
          return checkRelation(node, cteNames, relations);
        case 'FuncCall':
          return checkFunctionCall(node, schemas, functions);
        case 'ColumnRef':
          return checkAttributeNotation(stringsOf(node.fields).slice(1));
        case 'A_Indirection':
          return checkAttributeNotation(stringsOf(node.indirection));
        case 'A_Expr':
          return checkOperator(node, schemas);
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
    relations: uniqueInOrder(relations, (r) => `${r.schema ?? ''}\u0000${r.name}`),
    functions: uniqueInOrder(functions, (f) => f),
  };
}

function checkRelation(node: AstObject, cteNames: ReadonlySet<string>, found: Located<RelationRef>[]): GuardRejected | undefined {
  const name = typeof node.relname === 'string' ? node.relname : '';
  const schema = typeof node.schemaname === 'string' ? node.schemaname : null;
  if (typeof node.catalogname === 'string') {
    return reject(
      'cross_database_reference',
      `The query names another database (${node.catalogname}.${schema}.${name}); a query can only read the database it runs on.`,
    );
  }
  if (isSecretRelation(name)) {
    return reject(
      'secret_catalog',
      `Reading ${name} is not allowed: it holds passwords, other sessions' queries or raw values that bypass privileges.`,
    );
  }
  if (schema === null && cteNames.has(name)) return undefined;
  found.push({ value: { schema, name }, location: locationOf(node) });
  return undefined;
}

function checkFunctionCall(node: AstObject, schemas: ReadonlySet<string>, found: Located<string>[]): GuardRejected | undefined {
  const parts = stringsOf(node.funcname);
  const name = parts.at(-1) ?? '';
  const written = parts.join('.');
  if (parts.length > 2) {
    return reject('cross_database_reference', `The query calls ${written}(), which names another database; only local functions can be called.`);
  }
  if (isDeniedFunction(name)) {
    return reject(
      'denied_function',
      `Calling ${written}() is not allowed: queries may not call functions that write, wait, signal other sessions, read server files, run SQL from text or reach other servers.`,
    );
  }
  const schema = parts.length === 2 ? parts[0]! : undefined;
  if (schema !== undefined && !schemas.has(schema)) {
    return reject(
      'qualified_function',
      `Calling ${written}() is not allowed: only functions from pg_catalog may be called with a schema name, because whether a function elsewhere writes data cannot be seen from the query. Call it without the schema name if it is a built-in.`,
    );
  }
  // Calls the parser made up for SQL syntax (EXTRACT, TRIM, AT TIME ZONE, ...) are listed by bare name.
  found.push({ value: node.funcformat === 'COERCE_SQL_SYNTAX' ? name : written, location: locationOf(node) });
  return undefined;
}

/**
 * `t.pg_sleep` and `(t).pg_sleep` mean pg_sleep(t) when t has no such column (PostgreSQL's attribute
 * notation for calls), so field names are checked against the deny-list too.
 */
function checkAttributeNotation(fieldNames: string[]): GuardRejected | undefined {
  const denied = fieldNames.find((name) => isDeniedFieldName(name));
  if (denied === undefined) return undefined;
  return reject(
    'denied_function',
    `The query refers to a field named ${denied}, which PostgreSQL can treat as a call of ${denied}(); that function is not allowed.`,
  );
}

function checkOperator(node: AstObject, schemas: ReadonlySet<string>): GuardRejected | undefined {
  const parts = stringsOf(node.name);
  if (parts.length < 2) return undefined;
  const schema = parts[0]!;
  if (schemas.has(schema)) return undefined;
  return reject(
    'qualified_function',
    `The operator OPERATOR(${parts.join('.')}) is not allowed: only operators from pg_catalog may be named with a schema.`,
  );
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
