import { ident, literal } from '../sql/quote.ts';
import type { Expr, Select } from './ast.ts';

export { ident, literal };

export function renderSelect(query: Select): string {
  const parts = [
    `SELECT ${query.distinct ? 'DISTINCT ' : ''}${query.select.map((s) => (s.alias ? `${expr(s.expr)} AS ${ident(s.alias)}` : expr(s.expr))).join(', ')}`,
  ];
  parts.push(`FROM ${relation(query.from.schema, query.from.table)}${aliasOf(query.from.table, query.from.alias)}`);
  for (const join of query.joins)
    parts.push(
      `${join.type === 'left' ? 'LEFT JOIN' : 'JOIN'} ${relation(join.schema, join.table)}${aliasOf(join.table, join.alias)} ON ${expr(join.on)}`,
    );
  if (query.where) parts.push(`WHERE ${expr(query.where)}`);
  if (query.groupBy.length > 0) parts.push(`GROUP BY ${query.groupBy.map(expr).join(', ')}`);
  if (query.having) parts.push(`HAVING ${expr(query.having)}`);
  if (query.orderBy.length > 0)
    parts.push(
      `ORDER BY ${query.orderBy.map((o) => `${expr(o.expr)} ${o.direction.toUpperCase()}${o.direction === 'desc' ? ' NULLS LAST' : ''}`).join(', ')}`,
    );
  if (query.limit !== undefined) parts.push(`LIMIT ${Math.max(0, Math.floor(query.limit))}`);
  return parts.join(' ');
}

function relation(schema: string, table: string): string {
  return schema === 'public' ? ident(table) : `${ident(schema)}.${ident(table)}`;
}

function aliasOf(table: string, alias: string): string {
  return alias === table ? '' : ` AS ${ident(alias)}`;
}

const unitPlural = { day: 'days', week: 'weeks', month: 'months', year: 'years' } as const;

function expr(e: Expr): string {
  switch (e.kind) {
    case 'column':
      return `${ident(e.alias)}.${ident(e.column)}`;
    case 'literal':
      return literal(e.value);
    case 'star':
      return '*';
    case 'aggregate': {
      const inner = `${e.fn.toUpperCase()}(${e.distinct ? 'DISTINCT ' : ''}${expr(e.arg)})`;
      return e.filter ? `${inner} FILTER (WHERE ${expr(e.filter)})` : inner;
    }
    case 'compare':
      return `${expr(e.left)} ${e.op} ${expr(e.right)}`;
    case 'between':
      return `${expr(e.expr)} BETWEEN ${expr(e.low)} AND ${expr(e.high)}`;
    case 'like':
      return `${expr(e.expr)} ${e.negated ? 'NOT ILIKE' : 'ILIKE'} ${literal(e.pattern)}`;
    case 'in':
      return `${expr(e.expr)} ${e.negated ? 'NOT IN' : 'IN'} (${e.values.map(expr).join(', ')})`;
    case 'isNull':
      return `${expr(e.expr)} IS ${e.negated ? 'NOT ' : ''}NULL`;
    case 'and':
    case 'or':
      return e.items
        .map((item) => (item.kind === 'and' || item.kind === 'or' ? `(${expr(item)})` : expr(item)))
        .join(` ${e.kind.toUpperCase()} `);
    case 'not':
      return `NOT (${expr(e.expr)})`;
    case 'exists':
      return `${e.negated ? 'NOT ' : ''}EXISTS (${renderSelect(e.query)})`;
    case 'arith':
      return `(${expr(e.left)} ${e.op} ${expr(e.right)})`;
    case 'call':
      if (e.name === 'extract') return `EXTRACT(${expr(e.args[0]!)} FROM ${expr(e.args[1]!)})`;
      return `${e.name.toUpperCase()}(${e.args.map(expr).join(', ')})`;
    case 'cast':
      return `CAST(${expr(e.expr)} AS ${e.type === 'float' ? 'FLOAT' : e.type.toUpperCase()})`;
    case 'today':
      return 'CURRENT_DATE';
    case 'dateShift': {
      const sign = e.amount < 0 ? '-' : '+';
      const n = Math.abs(e.amount);
      return `${expr(e.base)} ${sign} INTERVAL ${literal(`${n} ${n === 1 ? e.unit : unitPlural[e.unit]}`)}`;
    }
    case 'keyword':
      return e.word === 'dow' ? 'DOW' : e.word.toUpperCase();
    case 'raw':
      return `(${e.sql})`;
  }
}
