import { verbBase } from '../text/index.ts';
import { and, col, type Expr, type Join, lit, type OrderItem, type Select, type SelectItem } from './ast.ts';
import type { Filter, Frame, GroupKey, Measure } from './frame.ts';
import { type JoinEdge, joinEdges, joinTree } from './joins.ts';
import type { IndexedTerm } from './terms.ts';
import { candidateTable } from './link.ts';
import type { IndexedColumn, IndexedTable, SchemaIndex } from './schema-index.ts';
import { monthName, type Period } from './time.ts';

export interface Composed {
  query: Select;
  tables: IndexedTable[];
  /** Joins the database does not declare (inferred by analysis or from names). */
  inferredJoins: number;
  joins: number;
  /** Date columns periods were applied to; `relative` when counted from today (or the data's latest date). */
  periods: { column: IndexedColumn; relative: boolean }[];
}

export type Composition = { ok: true; value: Composed } | { ok: false; reason: string };

const ref = (c: IndexedColumn): Expr => col(c.table.name, c.name);

/** Builds the query for a frame: picks the main table, joins what is needed, renders filters, groups and order. */
export function compose(frame: Frame, index: SchemaIndex): Composition {
  const root = mainTable(frame);
  if (!root) return { ok: false, reason: 'nothing in the question names a table or column' };
  const measures = [...frame.measures];
  // "per party" read as the party's name column, and "per party" read as the party: the same groups, by key.
  const standsForRows = (c: IndexedColumn) =>
    c.table.labelColumns.includes(c) &&
    c.table.keyColumns.length > 0 &&
    measures.length > 0 &&
    measures.every((m) => tableOf(m) !== c.table);
  const groups: GroupKey[] = frame.groups.map((g) =>
    g.kind === 'column' && !g.term && standsForRows(g.column) ? { kind: 'entity', table: g.column.table } : g,
  );
  const filters = frame.filters.filter((f) => f.kind !== 'countCompare' && f.kind !== 'absent');
  const having = frame.filters.filter((f): f is Extract<Filter, { kind: 'countCompare' }> => f.kind === 'countCompare');
  const absent = frame.filters.filter((f): f is Extract<Filter, { kind: 'absent' }> => f.kind === 'absent');

  const aggregated = measures.length > 0 || having.length > 0 || frame.ratio !== null;
  // "Which author had the most publications": the subject becomes the group when something else is counted.
  if (
    aggregated &&
    groups.length === 0 &&
    frame.subject &&
    frame.asked &&
    measures.some((m) => tableOf(m) !== frame.subject)
  )
    groups.push({ kind: 'entity', table: frame.subject });
  if (having.length > 0 && groups.length === 0 && frame.subject) groups.push({ kind: 'entity', table: frame.subject });
  if (aggregated)
    for (const p of frame.projections) {
      const shownByEntity = (t: IndexedTable) =>
        (t.labelColumns.length > 0 ? t.labelColumns : t.keyColumns).includes(p);
      if (
        groups.some(
          (g) =>
            (g.kind === 'column' && g.column === p) ||
            (g.kind === 'entity' && g.table === p.table && shownByEntity(g.table)),
        )
      )
        continue;
      // "the names of the staff who handled the most complaints": a name of rows counted elsewhere stands for those rows.
      const entity = !groups.some((g) => g.kind === 'entity' && g.table === p.table) && standsForRows(p);
      groups.push(entity ? { kind: 'entity', table: p.table } : { kind: 'column', column: p });
    }

  const needed = new Set<IndexedTable>([root]);
  for (const m of measures) needed.add(tableOf(m));
  for (const g of groups) if (g.kind === 'column') needed.add(g.column.table);
  for (const g of groups) if (g.kind === 'entity') needed.add(g.table);
  for (const f of filters)
    for (const part of f.kind === 'any' ? f.filters : [f])
      if ('column' in part && part.column) needed.add(part.column.table);
  for (const h of having) needed.add(h.table);
  if (frame.ratio?.of) needed.add(frame.ratio.of.table);
  for (const f of [...(frame.ratio?.numerator ?? []), ...(frame.ratio?.denominator ?? [])])
    for (const part of f.kind === 'any' ? f.filters : [f])
      if ('column' in part && part.column) needed.add(part.column.table);
  for (const p of frame.projections) needed.add(p.table);
  if (frame.order?.by.kind === 'column') needed.add(frame.order.by.column.table);
  // Tables named only to scope the question ("authors who wrote publications in …") still shape the joins.
  for (const u of frame.used)
    if (u.role === 'scope' && u.candidate.kind === 'table' && !aggregatedOver(u.candidate.table, measures))
      needed.add(u.candidate.table);

  // Periods and buckets need a date column: one named in the question, else the main one of a table in play.
  // A period is about the table named nearest before it; audit stamps (created_at) come last.
  // Rows without a date of their own (order lines) take the date of the event they belong to (the order).
  const eventTable = datedParent(index, measures, frame);
  if (eventTable) needed.add(eventTable);
  const preference = (t: IndexedTable) => datePreference(t, frame, eventTable);
  const dated = [...needed].sort((a, b) => preference(a) - preference(b));
  const periodFilters: Expr[] = [];
  const periods: Composed['periods'] = [];
  for (const f of filters) {
    if (f.kind !== 'period') continue;
    const expr = periodExpr(
      f.period,
      f.column ?? datedByVerb(f.verb, [...needed]),
      [...new Set([...measures.map(tableOf), ...dated])].sort((a, b) => preference(a) - preference(b)),
      frame,
    );
    if (!expr) return { ok: false, reason: `no date column to apply "${f.period.words}" to` };
    needed.add(expr.table);
    periodFilters.push(expr.expr);
    if (expr.column) periods.push({ column: expr.column, relative: mentionsToday(expr.expr) });
  }
  const groupExprs: { exprs: Expr[]; select: SelectItem[] }[] = [];
  for (const g of groups) {
    const built = groupExpr(g, dated);
    if (!built) return { ok: false, reason: 'no date column to group by period' };
    for (const t of built.tables) needed.add(t);
    groupExprs.push(built);
  }

  const named = (t: IndexedTable) =>
    Math.min(1000, ...frame.used.filter((u) => candidateTable(u.candidate) === t).map((u) => u.start));
  const tree = joinTree(index, root, [...needed], named);
  if (!tree) return { ok: false, reason: `no join path links ${[...needed].map((t) => t.name).join(', ')}` };
  const joins: Join[] = tree.steps.slice(1).map((step) => joinFor(step.table, step.via!));
  const multiTable = joins.length > 0;
  // A table joined from the side that refers to the tree (a child) repeats the tree's rows.
  const fanning = tree.steps.slice(1).filter((step) => step.via!.from === step.table && !oneToOne(step.via!));
  const fansOut = fanning.length > 0;
  // "the average credit score of customers who have a loan": a customer joined to two loans would count twice.
  for (const m of measures) {
    if (!('column' in m) || (m.fn !== 'sum' && m.fn !== 'avg')) continue;
    const above = pathTo(tree.steps, m.column.table);
    const repeated = fanning.find((step) => !above.includes(step.table));
    if (repeated)
      return {
        ok: false,
        reason: `joining ${repeated.table.name} repeats the rows of ${m.column.table.name}, so its ${m.column.name} would be counted more than once`,
      };
  }

  const where: Expr[] = [];
  where.push(...filters.filter((f) => f.kind !== 'period').map((f) => filterExpr(f as PlainFilter, frame, root)));
  where.push(...periodFilters);
  for (const a of absent) {
    // "products never ordered": with no key from products to orders, the rows linking both (order lines) are the ones absent.
    const anti = antiJoin(index, root, a.table) ?? antiJoin(index, root, bridgeTo(index, root, a.table));
    if (!anti) return { ok: false, reason: `no key links ${root.name} and ${a.table.name}` };
    where.push(anti);
  }

  const select: SelectItem[] = [];
  const groupBy: Expr[] = [];
  const seen = new Set<string>();
  const selected = new Set<string>();
  for (const g of groupExprs) {
    for (const e of g.exprs) {
      const key = JSON.stringify(e);
      if (seen.has(key)) continue;
      seen.add(key);
      groupBy.push(e);
    }
    for (const item of g.select) {
      const key = JSON.stringify(item.expr);
      if (selected.has(key)) continue;
      selected.add(key);
      select.push(item);
    }
  }
  const measureAliases: string[] = [];
  for (const m of measures) {
    const alias = uniqueAlias(measureAlias(m), select);
    measureAliases.push(alias);
    select.push({ expr: measureExpr(m, multiTable), alias });
  }
  if (frame.ratio)
    select.push({ expr: ratioExpr(frame.ratio, frame, root), alias: frame.ratio.percent ? 'percentage' : 'ratio' });
  const havingExprs = having.map((h) => ({
    kind: 'compare' as const,
    op: h.op,
    left: countOf(h.table, multiTable || h.table !== root),
    right: lit(h.value),
  }));

  if (!aggregated) {
    // Columns a group already put in the select ("every album") are not shown twice.
    const shown = new Set<string>(
      select.flatMap((s) => (s.expr.kind === 'column' ? [`${s.expr.alias}.${s.expr.column}`] : [])),
    );
    const show = (c: IndexedColumn) => {
      const key = `${c.table.name}.${c.name}`;
      if (shown.has(key)) return;
      shown.add(key);
      select.push({ expr: ref(c) });
    };
    const subject = frame.subject ?? (frame.projections.length === 0 ? root : null);
    if (
      subject &&
      !frame.listed &&
      (frame.projections.length === 0 ||
        frame.projections.every((p) => p.table !== subject) ||
        frame.projections.every((p) => !subject.labelColumns.includes(p)))
    ) {
      for (const c of [...subject.keyColumns, ...subject.labelColumns]) show(c);
      if (subject.keyColumns.length + subject.labelColumns.length === 0 && frame.projections.length === 0)
        return { ok: false, reason: `no column names a row of ${subject.name}` };
    }
    for (const p of frame.projections) show(p);
    if (frame.order?.by.kind === 'column') show(frame.order.by.column);
    for (const f of filters) if (f.kind === 'compare' || f.kind === 'between') show(f.column);
  }

  const orderBy: OrderItem[] = [];
  if (frame.order) {
    const by = frame.order.by;
    if (by.kind === 'measure' && measureAliases[by.index])
      orderBy.push({ expr: measureExpr(measures[by.index]!, multiTable), direction: frame.order.direction });
    else if (by.kind === 'column') {
      if (
        aggregated &&
        !groupBy.some((g) => g.kind === 'column' && g.alias === by.column.table.name && g.column === by.column.name)
      )
        orderBy.push({
          expr: { kind: 'aggregate', fn: frame.order.direction === 'desc' ? 'max' : 'min', arg: ref(by.column) },
          direction: frame.order.direction,
        });
      else orderBy.push({ expr: ref(by.column), direction: frame.order.direction });
    } else if (by.kind === 'label') {
      const target = frame.subject ?? root;
      const label = target.labelColumns[0] ?? frame.projections[0];
      if (label) orderBy.push({ expr: ref(label), direction: frame.order.direction });
      else if (groupBy[0]) orderBy.push({ expr: groupBy[0], direction: frame.order.direction });
    }
  }
  if (frame.limit !== null && orderBy.length === 0 && measures.length === 0)
    return { ok: false, reason: 'a top N with nothing to rank by' };

  // "Show all product sizes": a list of category values alone means the set of values, not one per row.
  const onlyCategories =
    select.length > 0 &&
    select.every((s) => {
      if (s.expr.kind !== 'column') return false;
      const { alias, column } = s.expr;
      const c = [...needed].find((t) => t.name === alias)?.columns.find((x) => x.name === column);
      return c !== undefined && c.info.strategy === 'categorical' && !c.identifier && !c.table.labelColumns.includes(c);
    });
  const query: Select = {
    distinct: !aggregated && (frame.distinct || fansOut || onlyCategories),
    select,
    from: { schema: root.schema, table: root.name, alias: root.name },
    joins,
    where: and(where),
    // "list the cities by country" without a measure lists, it does not group.
    groupBy: aggregated ? groupBy : [],
    having: and(havingExprs),
    orderBy,
    ...(frame.limit !== null ? { limit: frame.limit } : {}),
  };
  if (query.distinct && orderBy.some((o) => !select.some((s) => JSON.stringify(s.expr) === JSON.stringify(o.expr))))
    for (const o of orderBy) select.push({ expr: o.expr });
  return {
    ok: true,
    value: {
      query,
      tables: tree.steps.map((s) => s.table),
      inferredJoins: tree.steps.filter((s) => s.via && s.via.origin !== 'declared').length,
      joins: joins.length,
      periods,
    },
  };
}

/**
 * A business term's measure over rows without a date of their own (order lines): a period or a
 * per-month grouping is about the date of the table they belong to (the order), one key away.
 */
function datedParent(index: SchemaIndex, measures: Measure[], frame: Frame): IndexedTable | null {
  const measured = measures[0] ? tableOf(measures[0]) : null;
  if (!measured || measured.mainDate) return null;
  const wantsDate =
    frame.filters.some((f) => f.kind === 'period' && !f.column) ||
    frame.groups.some((g) => g.kind === 'bucket' && !g.column);
  if (!wantsDate) return null;
  // Of the tables the rows point at, the one with the most rows records the events (orders, not products).
  const parents = joinEdges(index)
    .filter((e) => e.from === measured && e.to !== measured && e.to.mainDate)
    .map((e) => e.to);
  return parents.sort((a, b) => b.info.rowCount - a.info.rowCount)[0] ?? null;
}

/** "customers who joined in 2023": the verb before a period names the date column (join_date). */
function datedByVerb(verb: string, tables: IndexedTable[]): IndexedColumn | null {
  // Only a verb form says which event is meant ("joined", "built"); a noun before the period ("per customer in 2024") does not.
  if (verb.length < 4 || (!/(ed|ing)$/.test(verb) && verbBase(verb) === verb)) return null;
  const base = verb.replace(/(ed|d|ing)$/, '');
  for (const t of tables)
    for (const c of t.columns)
      if (
        c.temporal &&
        c.forms.some((f) => f.some((w) => w.length >= 3 && (w === verb || w.startsWith(base) || base.startsWith(w))))
      )
        return c;
  return null;
}

function datePreference(table: IndexedTable, frame: Frame, eventTable: IndexedTable | null = null): number {
  const date = table.mainDate;
  if (!date) return 1e6;
  const audit = date.forms.some((f) =>
    f.some((w) => ['created', 'updated', 'modified', 'deleted', 'timestamp'].includes(w)),
  );
  const period = frame.filters.find((f) => f.kind === 'period');
  const named = frame.used.filter((u) => candidateTable(u.candidate) === table && period && u.start < period.at);
  const distance = period && named.length > 0 ? period.at - Math.max(...named.map((u) => u.start)) : 1000;
  // Events are what periods usually bound: the table being counted or summed comes first.
  const measured = frame.measures.some((m) => tableOf(m) === table) || table === eventTable ? -2000 : 0;
  return (audit ? 10_000 : 0) + measured + distance;
}

function aggregatedOver(table: IndexedTable, measures: Measure[]): boolean {
  return measures.some((m) => tableOf(m) === table);
}

function tableOf(m: Measure): IndexedTable {
  return 'table' in m ? m.table : m.column.table;
}

function mainTable(frame: Frame): IndexedTable | null {
  if (frame.measures.length > 0) {
    const counted = frame.measures.find((m) => 'table' in m);
    return tableOf(counted ?? frame.measures[0]!);
  }
  const ratioTable =
    frame.ratio?.of?.table ??
    frame.ratio?.numerator.map((f) => ('column' in f && f.column ? f.column.table : null)).find((t) => t) ??
    null;
  return (
    frame.subject ??
    ratioTable ??
    frame.projections[0]?.table ??
    frame.groups
      .map((g) => (g.kind === 'column' ? g.column.table : g.kind === 'entity' ? g.table : null))
      .find((t) => t !== null) ??
    frame.filters.map((f) => ('column' in f && f.column ? f.column.table : null)).find((t) => t !== null) ??
    null
  );
}

function countOf(table: IndexedTable, distinct: boolean): Expr {
  const key = table.keyColumns.length === 1 ? table.keyColumns[0]! : null;
  if (distinct && key) return { kind: 'aggregate', fn: 'count', arg: ref(key), distinct: true };
  return { kind: 'aggregate', fn: 'count', arg: { kind: 'star' } };
}

/** The tables from the root of the join tree down to `table`, itself included. */
function pathTo(steps: { table: IndexedTable; via: JoinEdge | null }[], table: IndexedTable): IndexedTable[] {
  const path: IndexedTable[] = [];
  for (let at: IndexedTable | undefined = table; at; ) {
    path.push(at);
    const step = steps.find((s) => s.table === at);
    if (!step?.via) break;
    at = step.via.from === at ? step.via.to : step.via.from;
  }
  return path;
}

/** A reference that is its table's whole primary key (a gymnast is a person): each row meets one row. */
function oneToOne(edge: JoinEdge): boolean {
  const key = edge.from.info.primaryKey;
  return key.length > 0 && key.length === edge.fromColumns.length && key.every((k) => edge.fromColumns.includes(k));
}

function measureExpr(m: Measure, multiTable: boolean): Expr {
  if ('table' in m && m.term) return termExpr(m.term);
  if ('table' in m) return countOf(m.table, multiTable);
  if (m.fn === 'count') return { kind: 'aggregate', fn: 'count', arg: ref(m.column), distinct: m.distinct ?? false };
  return { kind: 'aggregate', fn: m.fn, arg: ref(m.column), distinct: m.distinct ?? false };
}

/** A business term's SQL, named by the term. */
function termExpr(t: IndexedTerm): Expr {
  return { kind: 'raw', sql: t.term.expression, label: t.term.name, aggregates: t.aggregates };
}

function measureAlias(m: Measure): string {
  const words = { count: 'count', sum: 'total', avg: 'average', min: 'min', max: 'max' };
  const base =
    'table' in m && m.term
      ? m.term.term.name
      : 'table' in m
        ? `number_of_${m.table.name}`
        : `${words[m.fn]}_${m.column.name}`;
  return base
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .slice(0, 60);
}

function uniqueAlias(alias: string, taken: SelectItem[]): string {
  let candidate = alias;
  for (let n = 2; taken.some((s) => s.alias === candidate); n++) candidate = `${alias}_${n}`;
  return candidate;
}

function groupExpr(
  g: GroupKey,
  tables: IndexedTable[],
): { exprs: Expr[]; select: SelectItem[]; tables: IndexedTable[] } | null {
  if (g.kind === 'column' && g.term) {
    const expr = termExpr(g.term);
    return {
      exprs: [expr],
      select: [
        {
          expr,
          alias: g.term.term.name
            .toLowerCase()
            .replace(/[^a-z0-9_]+/g, '_')
            .slice(0, 60),
        },
      ],
      tables: [g.term.table],
    };
  }
  if (g.kind === 'column')
    return { exprs: [ref(g.column)], select: [{ expr: ref(g.column) }], tables: [g.column.table] };
  if (g.kind === 'entity') {
    // People see a row by its name; rows are told apart by their key, so two namesakes stay two groups.
    const shown = g.table.labelColumns.length > 0 ? g.table.labelColumns : g.table.keyColumns;
    if (shown.length === 0) return null;
    const grouped = [...new Set([...g.table.keyColumns, ...shown])];
    return { exprs: grouped.map(ref), select: shown.map((c) => ({ expr: ref(c) })), tables: [g.table] };
  }
  const column = g.column ?? tables.map((t) => t.mainDate).find((c) => c !== null) ?? null;
  if (column) {
    const expr: Expr = { kind: 'call', name: 'date_trunc', args: [lit(g.unit), ref(column)] };
    return { exprs: [expr], select: [{ expr, alias: g.unit }], tables: [column.table] };
  }
  // Years and months kept as plain columns (a numeric year, a month name).
  const plain = tables.flatMap((t) => t.columns).find((c) => c.name.toLowerCase() === g.unit);
  if (plain) return { exprs: [ref(plain)], select: [{ expr: ref(plain) }], tables: [plain.table] };
  return null;
}

function periodExpr(
  period: Period,
  named: IndexedColumn | null,
  tables: IndexedTable[],
  frame: Frame,
): { expr: Expr; table: IndexedTable; column: IndexedColumn | null } | null {
  const mentionedDate = named ?? frame.projections.find((c) => c.temporal) ?? null;
  const column = mentionedDate ?? tables.map((t) => t.mainDate).find((c) => c !== null) ?? null;
  if (column) {
    // "the last 3 months of the data": today is the latest date the column holds.
    const latest = frame.anchored ? column.info.profile?.max?.slice(0, 10) : undefined;
    const anchor = (e: Expr): Expr =>
      latest && /^\d{4}-\d{2}-\d{2}$/.test(latest)
        ? replaceToday(e, { kind: 'cast', expr: lit(latest), type: 'date' })
        : e;
    const parts: Expr[] = [];
    if (period.from) parts.push({ kind: 'compare', op: '>=', left: ref(column), right: anchor(period.from) });
    if (period.until) parts.push({ kind: 'compare', op: '<', left: ref(column), right: anchor(period.until) });
    return { expr: and(parts)!, table: column.table, column };
  }
  // Tables that keep a year number and a month name instead of a date.
  for (const t of tables) {
    const year = t.columns.find((c) => c.name.toLowerCase() === 'year' && c.numeric);
    const month = t.columns.find((c) => c.name.toLowerCase() === 'month' && c.textual);
    if (period.year !== undefined && year) {
      const parts: Expr[] = [{ kind: 'compare', op: '=', left: ref(year), right: lit(period.year) }];
      if (period.month !== undefined && month)
        parts.push({ kind: 'compare', op: '=', left: ref(month), right: lit(monthName(period.month)) });
      else if (period.month !== undefined) return null;
      return { expr: and(parts)!, table: t, column: null };
    }
  }
  return null;
}

function likePattern(text: string, mode: 'prefix' | 'suffix' | 'contains' | 'equals'): string {
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return mode === 'prefix'
    ? `${escaped}%`
    : mode === 'suffix'
      ? `%${escaped}`
      : mode === 'contains'
        ? `%${escaped}%`
        : escaped;
}

type PlainFilter = Exclude<Filter, { kind: 'countCompare' | 'absent' | 'period' }>;

/** CAST(COUNT(*) FILTER (WHERE a) AS FLOAT) / NULLIF(COUNT(*) FILTER (WHERE b), 0), times 100 for a percentage. */
function ratioExpr(ratio: NonNullable<Frame['ratio']>, frame: Frame, root: IndexedTable): Expr {
  const plain = (fs: Filter[]) =>
    and(
      fs
        .filter((f): f is PlainFilter => !['countCompare', 'absent', 'period'].includes(f.kind))
        .map((f) => filterExpr(f, frame, root)),
    );
  const total = (filter: Expr | undefined): Expr => ({
    kind: 'aggregate',
    fn: ratio.of ? 'sum' : 'count',
    arg: ratio.of ? ref(ratio.of) : { kind: 'star' },
    ...(filter ? { filter } : {}),
  });
  const numerator = total(plain(ratio.numerator));
  const denominator = total(ratio.denominator ? plain(ratio.denominator) : undefined);
  const share: Expr = {
    kind: 'arith',
    op: '/',
    left: { kind: 'cast', expr: numerator, type: 'float' },
    right: { kind: 'call', name: 'nullif', args: [denominator, lit(0)] },
  };
  return ratio.percent ? { kind: 'arith', op: '*', left: lit(100), right: share } : share;
}

function filterExpr(f: PlainFilter, frame: Frame, root: IndexedTable): Expr {
  switch (f.kind) {
    case 'any':
      return {
        kind: 'or',
        items: f.filters
          .filter((x): x is PlainFilter => !['countCompare', 'absent', 'period'].includes(x.kind))
          .map((x) => filterExpr(x, frame, root)),
      };
    case 'equals':
      if (f.values.length === 1)
        return { kind: 'compare', op: f.negated ? '<>' : '=', left: ref(f.column), right: lit(f.values[0]!) };
      return { kind: 'in', expr: ref(f.column), values: f.values.map(lit), negated: f.negated };
    case 'contains': {
      const column = f.column ?? (frame.subject ?? root).labelColumns[0] ?? null;
      if (!column) return { kind: 'literal', value: false };
      return { kind: 'like', expr: ref(column), pattern: likePattern(f.pattern, f.mode), negated: f.negated };
    }
    case 'compare':
      return { kind: 'compare', op: f.op, left: ref(f.column), right: lit(f.value) };
    case 'between':
      return { kind: 'between', expr: ref(f.column), low: lit(f.low), high: lit(f.high) };
    case 'term':
      return termExpr(f.term);
  }
}

function joinFor(table: IndexedTable, edge: JoinEdge): Join {
  const conditions: Expr[] = edge.fromColumns.map((c, i) => ({
    kind: 'compare',
    op: '=',
    left: col(edge.from.name, c),
    right: col(edge.to.name, edge.toColumns[i]!),
  }));
  return { type: 'inner', schema: table.schema, table: table.name, alias: table.name, on: and(conditions)! };
}

/** NOT EXISTS over a table that points at (or is pointed at by) the root directly. */
/** The one table keyed to both `root` and `other`, when there is exactly one. */
function bridgeTo(index: SchemaIndex, root: IndexedTable, other: IndexedTable): IndexedTable | null {
  const edges = joinEdges(index);
  const touches = (t: IndexedTable, u: IndexedTable) =>
    edges.some((e) => (e.from === t && e.to === u) || (e.from === u && e.to === t));
  const bridges = index.tables.filter((t) => t !== root && t !== other && touches(t, root) && touches(t, other));
  return bridges.length === 1 ? bridges[0]! : null;
}

function antiJoin(index: SchemaIndex, root: IndexedTable, other: IndexedTable | null): Expr | null {
  if (!other) return null;
  const edge = joinEdges(index).find((e) => (e.from === other && e.to === root) || (e.from === root && e.to === other));
  if (!edge || other === root) return null;
  const on = and(
    edge.fromColumns.map((c, i) => ({
      kind: 'compare' as const,
      op: '=' as const,
      left: col(edge.from.name, c),
      right: col(edge.to.name, edge.toColumns[i]!),
    })),
  )!;
  return {
    kind: 'exists',
    negated: true,
    query: {
      select: [{ expr: lit(1) }],
      from: { schema: other.schema, table: other.name, alias: other.name },
      joins: [],
      where: on,
      groupBy: [],
      orderBy: [],
    },
  };
}

/** The expression with every CURRENT_DATE replaced (periods counted back from another day). */
function replaceToday(e: Expr, by: Expr): Expr {
  switch (e.kind) {
    case 'today':
      return by;
    case 'dateShift':
      return { ...e, base: replaceToday(e.base, by) };
    case 'call':
      return { ...e, args: e.args.map((a) => replaceToday(a, by)) };
    case 'cast':
      return { ...e, expr: replaceToday(e.expr, by) };
    case 'arith':
      return { ...e, left: replaceToday(e.left, by), right: replaceToday(e.right, by) };
    default:
      return e;
  }
}

function mentionsToday(e: Expr): boolean {
  switch (e.kind) {
    case 'today':
      return true;
    case 'dateShift':
      return mentionsToday(e.base);
    case 'call':
      return e.args.some(mentionsToday);
    case 'cast':
    case 'not':
      return mentionsToday(e.expr);
    case 'arith':
    case 'compare':
      return mentionsToday(e.left) || mentionsToday(e.right);
    case 'and':
    case 'or':
      return e.items.some(mentionsToday);
    default:
      return false;
  }
}
