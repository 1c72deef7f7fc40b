/**
 * Checks a business term's SQL: parsed with the guard's parser (PostgreSQL's own grammar), it may
 * name only columns of its table, must be what its kind says (an aggregate, a plain value or a
 * condition) and passes the guard's function allowlist. `checkTermShape` needs no database; the
 * service then test-runs `SELECT … LIMIT 0` on the target, so PostgreSQL judges types (a filter
 * must be boolean) and names.
 */
import { deparseSync } from 'pgsql-deparser';
import { ALLOWED_FUNCTIONS_BY_CATEGORY } from '../../sqlguard/function-allowlist.ts';
import { checkSql } from '../../sqlguard/index.ts';
import { loadParser, parseStatements } from '../../sqlguard/parse.ts';
import { type AstObject, unwrapNode, walkTree } from '../../sqlguard/walk.ts';
import type { DatabaseModel, TableInfo } from '../model.ts';
import { ident, qualified } from '../../sql/quote.ts';

export type TermKind = 'measure' | 'dimension' | 'filter' | 'entity';

export interface TermShape {
  kind: TermKind;
  expression: string;
  /** `schema.table` or `table` (public first). */
  table: string;
}

export type ShapeVerdict =
  | { ok: true; table: TableInfo; expression: string; testSql: string }
  | { ok: false; message: string };

const aggregates = new Set(ALLOWED_FUNCTIONS_BY_CATEGORY.aggregates!.map((f) => f.toLowerCase()));
const windowFunctions = new Set(ALLOWED_FUNCTIONS_BY_CATEGORY.window!.map((f) => f.toLowerCase()));
const maxExpressionLength = 2000;

/** The table a term names: `schema.table`, or `table` alone (public first, then the only match). */
export function findTable(model: DatabaseModel, name: string): TableInfo | null {
  const lower = name.trim().toLowerCase();
  const exact = model.tables.find((t) => `${t.schema}.${t.name}`.toLowerCase() === lower);
  if (exact) return exact;
  const bare = model.tables.filter((t) => t.name.toLowerCase() === lower);
  return bare.find((t) => t.schema === 'public') ?? (bare.length === 1 ? bare[0]! : null);
}

export const tableKey = (t: Pick<TableInfo, 'schema' | 'name'>) =>
  t.schema === 'public' ? t.name : `${t.schema}.${t.name}`;

/**
 * The static checks: one expression, only its table's columns (written `table.column` or bare),
 * no subquery, the guard's functions only, and the shape its kind needs. Returns the expression
 * with every column written `table.column` (how the engine and the prompt use it).
 */
export async function checkTermShape(
  model: DatabaseModel,
  term: TermShape,
  allowedFunctions: readonly string[] = [],
): Promise<ShapeVerdict> {
  await loadParser();
  const table = findTable(model, term.table);
  if (!table) return { ok: false, message: `No table "${term.table}" in what analysis learned about this database.` };
  const text = term.expression.trim().replace(/;\s*$/, '');
  if (term.kind === 'entity') {
    if (text !== '' && findTable(model, text) !== table)
      return {
        ok: false,
        message: `An entity names a table: its expression is the table's name (${tableKey(table)}).`,
      };
    return { ok: true, table, expression: tableKey(table), testSql: '' };
  }
  if (text === '') return { ok: false, message: 'The expression is empty.' };
  if (text.length > maxExpressionLength)
    return {
      ok: false,
      message: `The expression is ${text.length} characters long; at most ${maxExpressionLength} are accepted.`,
    };
  const parsed = parseStatements(`SELECT ${text}\n`);
  if (!parsed.ok)
    return {
      ok: false,
      message: parsed.reason.replace(/^The query is not valid SQL/, 'The expression is not valid SQL'),
    };
  const stmts = parsed.tree.stmts ?? [];
  const [type, select] = unwrapNode(stmts[0]?.stmt) ?? ['', {} as AstObject];
  const targets = (select.targetList as unknown[] | undefined) ?? [];
  const extra = [
    'fromClause',
    'whereClause',
    'groupClause',
    'havingClause',
    'sortClause',
    'limitCount',
    'limitOffset',
    'withClause',
    'distinctClause',
    'windowClause',
    'intoClause',
    'lockingClause',
    'valuesLists',
  ];
  if (
    stmts.length !== 1 ||
    type !== 'SelectStmt' ||
    targets.length !== 1 ||
    extra.some((k) => select[k] !== undefined) ||
    select.op !== 'SETOP_NONE'
  )
    return { ok: false, message: 'Write one expression (such as sum(orders.total_amount)), not a query or a list.' };
  const target = unwrapNode(targets[0])?.[1];
  if (!target || target.name !== undefined)
    return { ok: false, message: 'Write the expression without an alias (no AS).' };
  const expr = target.val;

  let problem: string | undefined;
  let aggregate = false;
  let windowed = false;
  const stop = (message: string) => {
    problem = message;
    return message;
  };
  walkTree(expr, 500, ({ type: kind, node }) => {
    if (kind === 'SubLink' || kind === 'RangeVar' || kind === 'SelectStmt')
      return stop('An expression cannot hold a subquery; write it over the columns of its table.');
    if (kind === 'ParamRef') return stop('An expression cannot hold parameters ($1).');
    if (kind === 'FuncCall') {
      const name = (node.funcname as unknown[])
        .map((n) => (unwrapNode(n)?.[1].sval as string) ?? '')
        .join('.')
        .toLowerCase();
      if (node.over) windowed = true;
      else if (aggregates.has(name.replace(/^pg_catalog\./, ''))) aggregate = true;
      if (windowFunctions.has(name) && !aggregates.has(name)) windowed = true;
    }
    if (kind === 'ColumnRef') {
      const fields = (node.fields as unknown[]).map((f) => unwrapNode(f));
      if (fields.some((f) => f?.[0] === 'A_Star')) return stop('Name the columns: * is not a column.');
      const names = fields.map((f) => f?.[1].sval as string);
      const column = names[names.length - 1]!;
      const qualifier = names.slice(0, -1);
      if (
        qualifier.length > 0 &&
        qualifier.join('.').toLowerCase() !== table.name.toLowerCase() &&
        qualifier.join('.').toLowerCase() !== `${table.schema}.${table.name}`.toLowerCase()
      )
        return stop(
          `"${names.join('.')}" is not a column of ${tableKey(table)}: a term's expression uses only the columns of its table.`,
        );
      const found =
        table.columns.find((c) => c.name === column) ??
        table.columns.find((c) => c.name.toLowerCase() === column.toLowerCase());
      if (!found)
        return stop(
          `${tableKey(table)} has no column "${column}" (it has ${table.columns.map((c) => c.name).join(', ')}).`,
        );
      node.fields = [{ String: { sval: table.name } }, { String: { sval: found.name } }];
    }
    return undefined;
  });
  if (problem) return { ok: false, message: problem };
  if (windowed) return { ok: false, message: 'Window functions (OVER) cannot be part of a term.' };
  if (term.kind === 'measure' && !aggregate)
    return { ok: false, message: 'A measure is an aggregate, such as sum(orders.total_amount) or count(*).' };
  if (term.kind !== 'measure' && aggregate)
    return {
      ok: false,
      message: `A ${term.kind} is computed per row, so it cannot hold an aggregate such as sum() or count().`,
    };

  let expression: string;
  try {
    expression = deparseSync(parsed.tree.stmts![0]!.stmt as Parameters<typeof deparseSync>[0], { pretty: false })
      .replace(/^SELECT\s+/i, '')
      .trim();
  } catch {
    return { ok: false, message: 'The expression could not be read back; simplify it.' };
  }
  const from = table.schema === 'public' ? ident(table.name) : qualified(table.schema, table.name);
  const testSql =
    term.kind === 'filter'
      ? `SELECT 1 FROM ${from} WHERE ${expression} LIMIT 0`
      : `SELECT ${expression} FROM ${from} LIMIT 0`;
  const verdict = await checkSql(testSql, { maxRows: 1, allowedFunctions });
  if (!verdict.ok) return { ok: false, message: verdict.reason.replace(/^The query/, 'The expression') };
  return { ok: true, table, expression, testSql };
}
