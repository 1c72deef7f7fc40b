import type { Expr, Select } from './ast.ts';
import { splitName } from './lexicon.ts';

const words = (name: string) => splitName(name).join(' ');

/** One plain sentence saying what a query does, read from the query itself. */
export function explain(query: Select): string {
  const aggregates = query.select.filter(
    (s) => s.expr.kind === 'aggregate' || (s.expr.kind === 'raw' && s.expr.aggregates.length > 0),
  );
  const plain = query.select.filter((s) => !aggregates.includes(s) && !query.groupBy.some((g) => same(g, s.expr)));
  const parts: string[] = [];
  if (aggregates.length > 0) {
    const first = aggregates
      .map((a) => aggregatePhrase(a.expr).replace(/^counting rows$/, `counting ${words(query.from.table)}`))
      .join(' and ');
    parts.push(capitalise(first));
  } else {
    const shown = plain.map((s) => phrase(s.expr));
    parts.push(`${query.distinct ? 'Listing distinct' : 'Listing'} ${shown.join(', ')} of ${words(query.from.table)}`);
  }
  if (query.joins.length > 0) parts.push(`(joining ${query.joins.map((j) => words(j.table)).join(', ')})`);
  if (query.where) parts.push(`where ${condition(query.where)}`);
  if (query.groupBy.length > 0) parts.push(`per ${query.groupBy.map(phrase).join(' and ')}`);
  if (query.having) parts.push(`keeping groups where ${condition(query.having)}`);
  if (query.orderBy.length > 0) {
    const o = query.orderBy[0]!;
    const what = aggregates.some((a) => same(a.expr, o.expr)) ? '' : ` by ${phrase(o.expr)}`;
    if (query.limit !== undefined)
      parts.push(
        `${query.limit === 1 ? 'keeping the' : `keeping the ${query.limit}`} ${o.direction === 'desc' ? 'highest' : 'lowest'}${what}`,
      );
    else parts.push(`${o.direction === 'desc' ? 'highest' : 'lowest'} first${what}`);
  } else if (query.limit !== undefined) parts.push(`showing at most ${query.limit} rows`);
  return `${parts.join(' ')}.`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function same(a: Expr, b: Expr): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function aggregatePhrase(e: Expr): string {
  if (e.kind === 'raw') return `computing ${e.label}`;
  if (e.kind !== 'aggregate') return phrase(e);
  const of = e.arg.kind === 'star' ? 'rows' : phrase(e.arg);
  switch (e.fn) {
    case 'count':
      return e.arg.kind === 'star' ? 'counting rows' : `counting ${e.distinct ? 'distinct ' : ''}${of}`;
    case 'sum':
      return `adding up ${of}`;
    case 'avg':
      return `averaging ${of}`;
    case 'max':
      return `finding the highest ${of}`;
    case 'min':
      return `finding the lowest ${of}`;
  }
}

function phrase(e: Expr): string {
  switch (e.kind) {
    case 'column':
      return words(e.column);
    case 'call':
      if (e.name === 'date_trunc' && e.args[0]?.kind === 'literal')
        return `${e.args[0].value} of ${phrase(e.args[1]!)}`;
      return e.args.map(phrase).join(', ');
    case 'aggregate':
      return aggregatePhrase(e)
        .replace(/^counting /, 'number of ')
        .replace(/^adding up /, 'total ')
        .replace(/^averaging /, 'average ');
    case 'literal':
      return typeof e.value === 'string' ? `'${e.value}'` : String(e.value);
    case 'today':
      return 'today';
    case 'raw':
      return e.label;
    case 'dateShift':
      return `${Math.abs(e.amount)} ${e.unit}${Math.abs(e.amount) === 1 ? '' : 's'} ${e.amount < 0 ? 'before' : 'after'} ${phrase(e.base)}`;
    case 'cast':
      return e.expr.kind === 'call' &&
        e.expr.name === 'date_trunc' &&
        e.expr.args[0]?.kind === 'literal' &&
        e.expr.args[1]?.kind === 'today'
        ? `the start of this ${e.expr.args[0].value}`
        : phrase(e.expr);
    default:
      return 'a value';
  }
}

function condition(e: Expr): string {
  switch (e.kind) {
    case 'and':
      return e.items.map(condition).join(' and ');
    case 'or':
      return e.items.map(condition).join(' or ');
    case 'compare': {
      const ops = {
        '=': 'is',
        '<>': 'is not',
        '<': 'is below',
        '<=': 'is at most',
        '>': 'is above',
        '>=': 'is at least',
      };
      const verb =
        e.right.kind === 'literal' && typeof e.right.value === 'string' && /^\d{4}-\d\d-\d\d$/.test(e.right.value)
          ? {
              '=': 'is',
              '<>': 'is not',
              '<': 'is before',
              '<=': 'is on or before',
              '>': 'is after',
              '>=': 'is on or after',
            }[e.op]
          : e.right.kind === 'literal'
            ? ops[e.op]
            : {
                '=': 'is',
                '<>': 'is not',
                '<': 'is before',
                '<=': 'is on or before',
                '>': 'is after',
                '>=': 'is on or after',
              }[e.op];
      return `${phrase(e.left)} ${verb} ${phrase(e.right)}`;
    }
    case 'between':
      return `${phrase(e.expr)} is between ${phrase(e.low)} and ${phrase(e.high)}`;
    case 'like': {
      const p = e.pattern;
      const text = p.replace(/^%|%$/g, '').replace(/\\(.)/g, '$1');
      const how =
        p.startsWith('%') && p.endsWith('%')
          ? 'contains'
          : p.endsWith('%')
            ? 'starts with'
            : p.startsWith('%')
              ? 'ends with'
              : 'is (any case)';
      return `${phrase(e.expr)} ${e.negated ? `does not ${how.replace(/s$/, '').replace('is (any case)', 'equal')}` : how} '${text}'`;
    }
    case 'in':
      return `${phrase(e.expr)} is ${e.negated ? 'none of' : 'one of'} ${e.values.map(phrase).join(', ')}`;
    case 'isNull':
      return `${phrase(e.expr)} is ${e.negated ? 'set' : 'missing'}`;
    case 'exists':
      return `there is ${e.negated ? 'no' : 'a'} matching ${words(e.query.from.table)} row`;
    case 'not':
      return `not (${condition(e.expr)})`;
    case 'raw':
      return `the row is one of the ${e.label}`;
    default:
      return phrase(e);
  }
}
