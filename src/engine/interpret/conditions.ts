import type { Filter, Frame } from '../frame.ts';
import type { Token } from '../tokenize.ts';
import type { Reading } from './reading.ts';

/** "starts with J or ends with 'ez'": conditions with an "or" between them hold together. */
export function joinAlternatives(r: Reading): void {
  const ors = r.items.filter((x) => x.kind === 'cue' && x.cue.type === 'or').map((x) => x.start);
  const placed = r.frame.filters
    .filter((f) => r.filterAt.has(f))
    .sort((a, b) => r.filterAt.get(a)! - r.filterAt.get(b)!);
  for (let k = placed.length - 1; k > 0; k--) {
    const [a, b] = [placed[k - 1]!, placed[k]!];
    // An "or" inside a list of values ("Berlin or Paris") is that list's; it does not join the next condition.
    const after = Math.max(r.filterAt.get(a)!, (r.valueEnd.get(a) ?? 0) - 1);
    if (!ors.some((o) => o > after && o < r.filterAt.get(b)!)) continue;
    const merged: Filter = {
      kind: 'any',
      filters: [...(a.kind === 'any' ? a.filters : [a]), ...(b.kind === 'any' ? b.filters : [b])],
    };
    r.frame.filters = r.frame.filters.filter((f) => f !== a && f !== b);
    r.frame.filters.push(merged);
    r.filterAt.set(merged, r.filterAt.get(a)!);
    placed.splice(k - 1, 2, merged);
  }
  for (const o of ors) r.usedTokens.add(o);
}

/**
 * Value conditions no single row can meet as read: "both Surgery and Psychiatry" asks for things
 * linked to each value (the rows of a set intersection), and two different values required of one
 * column at once match nothing.
 */
export function conflictingValues(tokens: Token[], frame: Frame): string[] {
  const problems: string[] = [];
  const equals = frame.filters.filter(
    (f): f is Extract<Filter, { kind: 'equals' }> => f.kind === 'equals' && !f.negated,
  );
  const both = tokens.some((t) => t.lower === 'both');
  if (both && equals.some((f) => f.values.length > 1))
    problems.push('"both" asks for things that have each of several values, which I cannot read');
  const columns = equals.map((f) => f.column);
  if (columns.some((c, k) => columns.indexOf(c) !== k))
    problems.push('two different values are required of one column at once');
  // "how many friends does Dan have" read as counting friends named Dan: a figure over a column fixed to one value says nothing.
  for (const m of frame.measures)
    if ('column' in m && equals.some((f) => f.column === m.column && f.values.length === 1))
      problems.push(`${m.column.name} is both measured and fixed to one value`);
  return problems;
}
