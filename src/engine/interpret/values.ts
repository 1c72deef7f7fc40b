import type { Filter } from '../frame.ts';
import type { IndexedColumn } from '../schema-index.ts';
import {
  type ColumnCandidate,
  holds,
  isFlag,
  mentionItems,
  pick,
  previousMention,
  type Reading,
  use,
} from './reading.ts';

/** Numbers that key a row ("student 1004") and stored values named in the question become filters. */
export function readValues(r: Reading): void {
  // "active products", "products that are active": a yes/no column named alone keeps the rows where it holds.
  for (const item of mentionItems(r)) {
    if (item.used || !isFlag(item)) continue;
    holds(r, item, item.mention.candidates[0] as ColumnCandidate);
  }

  // "student 1004", "order 42": a number right after a table's name is the key of one row.
  for (const item of mentionItems(r)) {
    const number = r.tokens[item.end];
    if (
      number?.kind !== 'number' ||
      number.value === undefined ||
      r.items.some((x) => x.kind === 'cue' && item.end >= x.start && item.end < x.end)
    )
      continue;
    // "the status of order 3": the mention may end with the table's name after a column of it.
    const last = r.tokens[item.end - 1]!.lemma;
    const named = pick(r, item, 'table');
    const column = pick(r, item, 'column', (c) => c.column.table.forms.some((f) => f.length === 1 && f[0] === last));
    const table = named && named.score >= 0.8 ? named.table : (column?.column.table ?? null);
    const key = table && table.keyColumns.length === 1 ? table.keyColumns[0]! : null;
    if (!table || !key?.numeric || r.items.some((x) => x.kind === 'mention' && x.start === item.end)) continue;
    if (!item.used && named && named.table === table) use(r, item, named, 'scope');
    r.frame.filters.push({ kind: 'compare', column: key, op: '=', value: number.value });
    r.filterAt.set(r.frame.filters[r.frame.filters.length - 1]!, item.start);
    r.usedTokens.add(item.end);
  }

  // Values: each unclaimed value mention becomes a filter; "A or B" on one column becomes IN.
  for (const item of mentionItems(r)) {
    if (item.used) continue;
    const value = pick(r, item, 'value');
    const top = item.mention.candidates[0]!;
    if (!value || (top.kind !== 'value' && top.score > value.score + 0.05)) continue;
    const at = r.items.indexOf(item);
    let column = value.column;
    if (!column) {
      // A quoted value no index knows: put it on the text column named just before it ("the domain "X"").
      const anchor = previousMention(r, at - 1, 0);
      const anchorColumn = anchor ? pick(r, anchor, 'column', (c) => c.column.textual) : null;
      const anchorTable = anchor ? pick(r, anchor, 'table') : null;
      if (anchorColumn && (!anchorTable || anchorColumn.score >= anchorTable.score)) column = anchorColumn.column;
      else if (anchorTable && anchorTable.table.labelColumns.length === 1) column = anchorTable.table.labelColumns[0]!;
      if (!column) continue;
      if (anchor && !anchor.used)
        use(r, anchor, anchorColumn && column === anchorColumn.column ? anchorColumn : anchorTable!, 'value column');
      use(r, item, value, 'value');
      if (knownValues(column) && !knownValues(column)!.has(value.value.toLowerCase()))
        r.frame.loose.push(`"${value.value}" is not among the values of ${column.table.name}.${column.name}`);
      r.frame.filters.push({ kind: 'contains', column, pattern: value.value, mode: 'equals', negated: false });
      r.filterAt.set(r.frame.filters[r.frame.filters.length - 1]!, item.start);
      continue;
    }
    use(r, item, value, 'value');
    // "all London airports": a word of longer stored values ("London Luton") matches each of them.
    if (value.match === 'fuzzy' && /^\p{Lu}/u.test(item.mention.text) && partOfValue(item.mention.text, value.value)) {
      r.frame.used[r.frame.used.length - 1]!.candidate = { ...value, value: item.mention.text };
      r.frame.filters.push({ kind: 'contains', column, pattern: item.mention.text, mode: 'contains', negated: false });
      r.filterAt.set(r.frame.filters[r.frame.filters.length - 1]!, item.start);
      continue;
    }
    // "Berlin or Paris", "Berlin, Paris and Lyon": a list of values for one column.
    const same = r.frame.filters.find(
      (f): f is Extract<Filter, { kind: 'equals' }> =>
        f.kind === 'equals' &&
        f.column === column &&
        !f.negated &&
        r.tokens.slice(r.valueEnd.get(f) ?? 0, item.start).every((t) => ['or', 'and', ',', 'nor'].includes(t.lower)),
    );
    if (same) same.values.push(value.value);
    else {
      r.frame.filters.push({ kind: 'equals', column, values: [value.value], negated: false });
      r.filterAt.set(r.frame.filters[r.frame.filters.length - 1]!, item.start);
    }
    r.valueEnd.set(same ?? r.frame.filters[r.frame.filters.length - 1]!, item.end);
    // "the city of San Francisco": the column named beside a value is that value's column.
    for (const neighbour of [r.items[at - 1], r.items[at + 1]]) {
      if (neighbour?.kind !== 'mention' || neighbour.used) continue;
      const c = pick(r, neighbour, 'column');
      if (c && c.column === column) use(r, neighbour, c, 'value column');
    }
  }
}

/** The phrase is one or more whole words of a longer stored value. */
function partOfValue(phrase: string, value: string): boolean {
  const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const asked = words(phrase);
  const stored = words(value);
  if (asked.length === 0 || stored.length <= asked.length) return false;
  return stored.some((_, k) => asked.every((w, j) => stored[k + j] === w));
}

function knownValues(column: IndexedColumn): Set<string> | null {
  const profile = column.info.profile;
  if (column.info.enumValues) return new Set(column.info.enumValues.map((v) => v.toLowerCase()));
  if (!profile || column.info.strategy !== 'categorical' || profile.categories.length === 0) return null;
  return new Set(profile.categories.map((c) => c.value.toLowerCase()));
}
