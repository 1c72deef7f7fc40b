import { parseStatements } from './parse.ts';
import { isAstObject, unwrapNode, type AstObject } from './walk.ts';

/**
 * How the row cap is applied to the top-level SELECT:
 *   keep: it already has a constant LIMIT no larger than the cap;
 *   set:  add `LIMIT cap`, or lower a larger constant LIMIT to it (OFFSET and ORDER BY untouched);
 *   wrap: `SELECT * FROM (<query>) AS askdb_q LIMIT cap`, when the LIMIT is not a plain constant
 *         (LIMIT ALL, an expression) or is WITH TIES, which may return more rows than it names.
 */
export type LimitPlan = 'keep' | 'set' | 'wrap';

export const WRAP_ALIAS = 'askdb_q';

export function planLimit(select: AstObject, maxRows: number): LimitPlan {
  if (select.limitOption === 'LIMIT_OPTION_WITH_TIES') return 'wrap';
  if (select.limitCount === undefined) return 'set';
  const count = constantInteger(select.limitCount);
  if (count === undefined) return 'wrap';
  return count <= maxRows ? 'keep' : 'set';
}

/** The statement (`{ SelectStmt: ... }`) with the plan applied; the input is not modified. */
export function applyLimit(statement: unknown, plan: LimitPlan, maxRows: number): unknown {
  if (plan === 'keep') return statement;
  if (plan === 'set') {
    const copy = structuredClone(statement) as AstObject;
    const select = copy.SelectStmt as AstObject;
    select.limitCount = { A_Const: { ival: { ival: maxRows } } };
    select.limitOption = 'LIMIT_OPTION_COUNT';
    return copy;
  }
  return wrapInLimitedSelect(statement, maxRows);
}

/** Builds the wrapper from PostgreSQL's own parse of it, so its nodes look exactly like parsed ones. */
function wrapInLimitedSelect(statement: unknown, maxRows: number): unknown {
  const template = parseStatements(`SELECT * FROM (SELECT 1) AS ${WRAP_ALIAS} LIMIT ${maxRows}`);
  if (!template.ok) throw new Error(`LIMIT wrapper template did not parse: ${template.reason}`);
  const wrapper = template.tree.stmts?.[0]?.stmt as AstObject;
  const from = (wrapper.SelectStmt as AstObject).fromClause as unknown[];
  const subselect = unwrapNode(from[0]);
  if (subselect?.[0] !== 'RangeSubselect') throw new Error('LIMIT wrapper template has an unexpected shape');
  subselect[1].subquery = statement;
  return wrapper;
}

/** The value of an integer literal that fits in 32 bits; undefined for anything else (ALL, NULL, expressions). */
function constantInteger(node: unknown): number | undefined {
  const unwrapped = unwrapNode(node);
  if (unwrapped?.[0] !== 'A_Const') return undefined;
  const ival = unwrapped[1].ival;
  if (!isAstObject(ival)) return undefined;
  // The parse tree leaves out zero values: `LIMIT 0` arrives as `ival: {}`.
  return typeof ival.ival === 'number' ? ival.ival : 0;
}
