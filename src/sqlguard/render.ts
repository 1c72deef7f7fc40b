import { deparseSync } from 'pgsql-deparser';
import { parseStatements } from './parse.ts';
import { isAstObject } from './walk.ts';

// Fields that record where in the text a node was, not what it means.
const POSITION_KEYS = new Set([
  'location',
  'stmt_location',
  'stmt_len',
  'list_start',
  'list_end',
  'rexpr_list_start',
  'rexpr_list_end',
  'name_location',
]);

/**
 * Deparses the statement and accepts the text only when PostgreSQL's parser reads it back as exactly
 * the same single statement; undefined when the deparser fails or would change the meaning.
 */
export function renderExactly(statement: unknown): string | undefined {
  let sql: string;
  try {
    sql = deparseSync(statement as Parameters<typeof deparseSync>[0], { pretty: false });
  } catch {
    return undefined;
  }
  return parsesAs(sql, statement) ? sql : undefined;
}

/** True when `sql` parses to exactly one statement equal to `statement`, positions aside. */
export function parsesAs(sql: string, statement: unknown): boolean {
  const reparsed = parseStatements(sql);
  if (!reparsed.ok) return false;
  const stmts = reparsed.tree.stmts ?? [];
  return stmts.length === 1 && sameTree(stmts[0]!.stmt, statement);
}

function sameTree(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => sameTree(item, b[index]));
  }
  if (isAstObject(a) || isAstObject(b)) {
    if (!isAstObject(a) || !isAstObject(b)) return false;
    const keysA = meaningfulKeys(a);
    const keysB = meaningfulKeys(b);
    if (keysA.length !== keysB.length) return false;
    return keysA.every((key) => Object.hasOwn(b, key) && sameTree(a[key], b[key]));
  }
  return a === b;
}

function meaningfulKeys(node: Record<string, unknown>): string[] {
  return Object.keys(node).filter((key) => !POSITION_KEYS.has(key) && node[key] !== undefined);
}
