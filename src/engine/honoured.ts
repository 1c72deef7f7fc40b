import type { AggregateFn, Expr, Select } from './ast.ts';
import type { UsedLink } from './frame.ts';
import { answersWhen, answersWhere } from './lexicon.ts';
import type { IndexedTable } from './schema-index.ts';
import type { Token } from './tokenize.ts';
import type { CueMatch } from './understand.ts';

/** Words that ask for one figure per group ("for each", "per"); a bare "by" is left out, "ordered by" uses it too. */
const groupWords = new Set(['each', 'per', 'every']);

/**
 * The structural cues of a question that the composed query does not honour, in words. The engine
 * does not answer when any is left: an aggregate asked for is computed, a question per group is
 * grouped, a single figure is not split into groups, a superlative ranks, a negation negates.
 */
export function unhonouredCues(tokens: Token[], cues: CueMatch[], query: Select): string[] {
  const problems: string[] = [];
  const fns = aggregatesOf(query);
  const has = (fn: AggregateFn) => fns.has(fn);
  const cueText = (c: CueMatch) =>
    tokens
      .slice(c.start, c.end)
      .map((t) => t.text)
      .join(' ');
  const ratio = cues.some((c) => c.cue.type === 'ratio');
  const ranked = query.orderBy.length > 0 && query.limit !== undefined;

  for (const c of cues) {
    const cue = c.cue;
    if (cue.type === 'aggregate' && !ratio) {
      const done = cue.fn === 'avg' ? has('avg') : has('count') || has('sum');
      if (!done)
        problems.push(
          `"${cueText(c)}" asks for ${cue.fn === 'avg' ? 'an average' : cue.fn === 'sum' ? 'a total' : 'a count'}, which I could not compute`,
        );
    }
    if (cue.type === 'extreme' && cue.explicit) {
      // "the maximum X" is MAX(X), or rows ranked by X itself and cut; ranking by another figure does not say it.
      const done =
        (cue.direction === 'desc' ? has('max') : has('min')) ||
        (query.limit !== undefined &&
          query.orderBy.some((o) => o.direction === cue.direction && !containsAggregate(o.expr)));
      if (!done)
        problems.push(
          `"${cueText(c)}" asks for the ${cue.direction === 'desc' ? 'largest' : 'smallest'} value, which I could not find`,
        );
    }
    if ((cue.type === 'extreme' && !cue.explicit) || cue.type === 'top')
      if (query.orderBy.length === 0 && !has('max') && !has('min'))
        problems.push(`"${cueText(c)}" asks for a ranking, which I could not make`);
    if (cue.type === 'negation' && !negates(query))
      problems.push(`"${cueText(c)}" negates something I could not place`);
  }

  const asksPerGroup = cues.some(
    (c) => c.cue.type === 'group' && tokens.slice(c.start, c.end).some((t) => groupWords.has(t.lower)),
  );
  const aggregated = query.select.some((s) => containsAggregate(s.expr));
  if (asksPerGroup && aggregated && query.groupBy.length === 0)
    problems.push('the question asks for a figure per group, but I found no group to split by');
  const anyGroupCue = cues.some(
    (c) => ['group', 'top', 'bucket', 'distinct'].includes(c.cue.type) || (c.cue.type === 'extreme' && !c.cue.explicit),
  );
  if (query.groupBy.length > 0 && aggregated && !anyGroupCue && !ranked)
    problems.push('the question asks for one figure, but my reading splits it into groups');
  if (aggregated && query.groupBy.length === 0 && query.orderBy.some((o) => containsAggregate(o.expr)))
    problems.push('my reading ranks a single figure, so it cannot say which one is first');
  if (query.having && query.groupBy.length === 0)
    problems.push('my reading bounds a count it never splits into groups');
  const superlative = cues.some((c) => c.cue.type === 'extreme' && !c.cue.explicit);
  if (
    superlative &&
    query.limit === undefined &&
    !has('max') &&
    !has('min') &&
    !cues.some((c) => c.cue.type === 'top' || c.cue.type === 'orderBy')
  )
    problems.push('the question asks for the top one, but my reading only sorts');
  return problems;
}

function aggregatesOf(query: Select): Set<AggregateFn> {
  const found = new Set<AggregateFn>();
  const visit = (e: Expr | undefined): void => {
    if (!e) return;
    switch (e.kind) {
      case 'aggregate':
        found.add(e.fn);
        visit(e.arg);
        return;
      case 'raw':
        for (const fn of e.aggregates) found.add(fn);
        return;
      case 'compare':
      case 'arith':
        visit(e.left);
        visit(e.right);
        return;
      case 'and':
      case 'or':
        e.items.forEach(visit);
        return;
      case 'not':
        visit(e.expr);
        return;
      case 'call':
        e.args.forEach(visit);
        return;
      case 'cast':
        visit(e.expr);
        return;
      default:
        return;
    }
  };
  for (const s of query.select) visit(s.expr);
  visit(query.having);
  for (const o of query.orderBy) visit(o.expr);
  return found;
}

function containsAggregate(e: Expr): boolean {
  if (e.kind === 'aggregate') return true;
  if (e.kind === 'raw') return e.aggregates.length > 0;
  if (e.kind === 'arith' || e.kind === 'compare') return containsAggregate(e.left) || containsAggregate(e.right);
  if (e.kind === 'call') return e.args.some(containsAggregate);
  if (e.kind === 'cast') return containsAggregate(e.expr);
  return false;
}

function negates(query: Select): boolean {
  const visit = (e: Expr | undefined): boolean => {
    if (!e) return false;
    switch (e.kind) {
      case 'not':
        return true;
      case 'exists':
      case 'like':
      case 'in':
        return e.negated === true || (e.kind === 'exists' && visit(e.query.where));
      case 'isNull':
        return e.negated !== true;
      case 'compare':
        return e.op === '<>' || visit(e.left) || visit(e.right);
      case 'and':
      case 'or':
        return e.items.some(visit);
      default:
        return false;
    }
  };
  return visit(query.where) || visit(query.having);
}

/** Everything a query mentions: tables (with subqueries), `table.column` references, literal values. */
function partsOf(query: Select): {
  tables: Set<string>;
  columns: Set<string>;
  literals: Set<string>;
  terms: Set<string>;
} {
  const parts = {
    tables: new Set<string>(),
    columns: new Set<string>(),
    literals: new Set<string>(),
    terms: new Set<string>(),
  };
  const visit = (e: Expr | undefined): void => {
    if (!e) return;
    switch (e.kind) {
      case 'column':
        parts.columns.add(`${e.alias}.${e.column}`);
        return;
      case 'literal':
        if (e.value !== null) parts.literals.add(String(e.value).toLowerCase());
        return;
      case 'aggregate':
        visit(e.arg);
        visit(e.filter);
        return;
      case 'compare':
      case 'arith':
        visit(e.left);
        visit(e.right);
        return;
      case 'between':
        visit(e.expr);
        visit(e.low);
        visit(e.high);
        return;
      case 'like':
        parts.literals.add(e.pattern.replace(/^%|%$/g, '').toLowerCase());
        visit(e.expr);
        return;
      case 'in':
        visit(e.expr);
        e.values.forEach(visit);
        return;
      case 'isNull':
      case 'not':
      case 'cast':
        visit(e.expr);
        return;
      case 'and':
      case 'or':
        e.items.forEach(visit);
        return;
      case 'exists':
        select(e.query);
        return;
      case 'call':
        e.args.forEach(visit);
        return;
      case 'dateShift':
        visit(e.base);
        return;
      case 'raw':
        parts.terms.add(e.label);
        return;
      default:
        return;
    }
  };
  const select = (q: Select) => {
    parts.tables.add(q.from.table);
    for (const j of q.joins) {
      parts.tables.add(j.table);
      visit(j.on);
    }
    for (const s of q.select) visit(s.expr);
    visit(q.where);
    visit(q.having);
    q.groupBy.forEach(visit);
    for (const o of q.orderBy) visit(o.expr);
  };
  select(query);
  return parts;
}

/** "When did …?" shows a date or time, "Where is …?" a place; otherwise the question was not answered. */
export function unansweredQuestionWord(tokens: Token[], query: Select, tables: IndexedTable[]): string | null {
  const first = tokens[0]?.lower;
  if (first !== 'when' && first !== 'where') return null;
  const shown = query.select.flatMap((s) => {
    if (s.expr.kind !== 'column') return [];
    const { alias, column } = s.expr;
    const c = tables.find((t) => t.name === alias)?.columns.find((x) => x.name === column);
    return c ? [c] : [];
  });
  const fits = first === 'when' ? answersWhen : answersWhere;
  if (shown.some(fits)) return null;
  return first === 'when'
    ? '"when" asks for a date or time, which my reading does not show'
    : '"where" asks for a place, which my reading does not show';
}

/** Links the question rests on that the query leaves out: a word was read, then dropped. */
export function droppedLinks(used: UsedLink[], query: Select): string[] {
  const parts = partsOf(query);
  const problems: string[] = [];
  for (const u of used) {
    const c = u.candidate;
    if (u.role === 'qualifier') continue;
    if (c.kind === 'table' && !parts.tables.has(c.table.name))
      problems.push(`"${u.text}" names ${c.table.name}, which my reading leaves out`);
    if (c.kind === 'column' && !parts.columns.has(`${c.column.table.name}.${c.column.name}`))
      problems.push(`"${u.text}" names ${c.column.table.name}.${c.column.name}, which my reading leaves out`);
    if (c.kind === 'term' && c.term.term.kind !== 'entity' && !parts.terms.has(c.term.term.name))
      problems.push(`"${u.text}" names the term ${c.term.term.name}, which my reading leaves out`);
    if (c.kind === 'value' && ![...parts.literals].some((l) => l.includes(c.value.toLowerCase())))
      problems.push(`"${u.text}" names the value ${c.value}, which my reading leaves out`);
  }
  return problems;
}

const idWords = new Set([
  'id',
  'ids',
  'identifier',
  'identifiers',
  'code',
  'codes',
  'number',
  'numbers',
  'key',
  'keys',
]);

/**
 * The answer shows only keys where the question asks for things by name ("which cities…", "the names
 * of…"): a list of ids would look like an answer and be none.
 */
export function onlyKeysShown(
  tokens: Token[],
  query: Select,
  tables: IndexedTable[],
  used: UsedLink[] = [],
): string | null {
  const shown = query.select.filter((s) => s.expr.kind === 'column');
  const columnOfExpr = (e: Expr) =>
    e.kind === 'column' ? tables.find((t) => t.name === e.alias)?.columns.find((c) => c.name === e.column) : undefined;
  const asksNames = tokens.some((t) => t.lower === 'name' || t.lower === 'names');
  if (asksNames && shown.length > 0 && !shown.some((s) => columnOfExpr(s.expr)?.textual))
    return 'the question asks for names, but my reading shows none';
  if (tokens.some((t) => idWords.has(t.lower))) return null;
  if (shown.length === 0 || shown.length < query.select.length) return null;
  const columnOf = (e: Expr) => {
    if (e.kind !== 'column') return undefined;
    return tables.find((t) => t.name === e.alias)?.columns.find((c) => c.name === e.column);
  };
  // A key the question names outright ("the districts", a reference column) is what was asked for.
  const named = new Set(
    used
      .filter((u) => u.candidate.kind === 'column' && u.candidate.score >= 0.8 && !u.candidate.column.info.isPrimaryKey)
      .map((u) => u.candidate),
  );
  const allKeys = shown.every((s) => {
    const c = columnOf(s.expr);
    const asked = [...named].some((n) => n.kind === 'column' && n.column === c);
    return (c?.identifier ?? false) && !c!.table.labelColumns.includes(c!) && !asked;
  });
  return allKeys ? 'I found no name or label to show for what the question asks, only keys' : null;
}
