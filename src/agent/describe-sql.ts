import { parse } from 'libpg-query';
import { deparse } from 'pgsql-deparser';

// biome-ignore lint/suspicious/noExplicitAny: libpg-query's parse tree is untyped JSON, walked by node kind
type Node = Record<string, any>;

const aggregateVerbs: Record<string, string> = {
  count: 'Counting',
  sum: 'Adding up',
  avg: 'Averaging',
  min: 'Finding the lowest',
  max: 'Finding the highest',
};

async function text(node: unknown): Promise<string> {
  try {
    return (await deparse(node as never)).replace(/\s+/g, ' ').trim();
  } catch {
    return '';
  }
}

function relationsOf(from: Node[] | undefined, out: string[] = []): string[] {
  for (const item of from ?? []) {
    if (item.RangeVar) out.push(item.RangeVar.relname);
    else if (item.JoinExpr) relationsOf([item.JoinExpr.larg, item.JoinExpr.rarg], out);
    else if (item.RangeSubselect) out.push('a subquery');
    else if (item.RangeFunction) out.push('a function result');
  }
  return [...new Set(out)];
}

function list(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * A plain sentence saying what a query does, written from its parse tree (never by a model):
 * "Counting orders joined with customers where status = 'shipped', per country, highest first, top 10."
 */
export async function describeSql(sql: string): Promise<string> {
  let parsed: Node | undefined;
  try {
    parsed = ((await parse(sql)) as Node).stmts?.[0]?.stmt?.SelectStmt;
  } catch {
    return 'Runs the query shown.';
  }
  if (!parsed) return 'Runs the query shown.';
  let select: Node = parsed;
  if (select.op && select.op !== 'SETOP_NONE')
    return `Combines the results of two queries (${select.op.replace('SETOP_', '').toLowerCase()}).`;
  // A wrapping `SELECT * FROM (…) LIMIT n` says nothing: describe the inner query.
  const inner = select.fromClause?.[0]?.RangeSubselect?.subquery?.SelectStmt;
  if (inner && select.fromClause.length === 1 && !select.whereClause && !select.groupClause)
    select = { ...inner, limitCount: select.limitCount };

  const targets: Node[] = (select.targetList ?? []).map((t: Node) => t.ResTarget).filter(Boolean);
  const functionNames = targets
    .map((t) => t.val?.FuncCall?.funcname?.at(-1)?.String?.sval as string | undefined)
    .filter(Boolean) as string[];
  const aggregate = functionNames.find((name) => name in aggregateVerbs);
  const tables = relationsOf(select.fromClause);
  const verb = aggregate ? aggregateVerbs[aggregate]! : select.distinctClause ? 'Listing the distinct' : 'Listing';
  const shown = await Promise.all(
    targets
      .slice(0, 4)
      .map(async (t) =>
        t.val?.ColumnRef?.fields?.some((f: Node) => f.A_Star) ? 'all columns' : (t.name ?? (await text(t.val))),
      ),
  );
  const what = aggregate
    ? aggregate === 'count'
      ? (tables[0] ?? 'rows')
      : (await text(targets.find((t) => t.val?.FuncCall)?.val?.FuncCall?.args?.[0])) || 'values'
    : list(shown.filter(Boolean));
  const parts = [`${verb} ${what}${tables.length ? ` from ${list(tables)}` : ''}`];
  if (select.whereClause) parts.push(`where ${await text(select.whereClause)}`);
  if (select.groupClause?.length) {
    const groups = await Promise.all(
      select.groupClause.map(async (g: Node) =>
        g.A_Const ? (shown[Number(g.A_Const.ival?.ival ?? 1) - 1] ?? 'a column') : await text(g),
      ),
    );
    parts.push(`per ${list(groups)}`);
  }
  if (select.havingClause) parts.push(`keeping groups where ${await text(select.havingClause)}`);
  const sort = select.sortClause?.[0]?.SortBy;
  if (sort)
    parts.push(
      `${sort.sortby_dir === 'SORTBY_DESC' ? 'highest' : 'lowest'} ${(await text(sort.node)) || 'value'} first`,
    );
  const limit = select.limitCount?.A_Const?.ival?.ival;
  if (limit !== undefined) parts.push(`at most ${limit} rows`);
  return `${parts.join(', ')}.`;
}
