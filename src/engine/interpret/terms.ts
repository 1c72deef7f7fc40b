import type { Frame } from '../frame.ts';
import type { Candidate } from '../link.ts';
import { type Reading, use } from './reading.ts';

type TermCandidate = Extract<Candidate, { kind: 'term' }>;

/**
 * Business terms: a measure is computed by its SQL ("total revenue" takes the cue with it), a
 * dimension groups, a filter bounds the rows ("how many failed payments" counts them, and so does
 * "failed payments by method"), an entity is another name for its table.
 */
export function readTerms(r: Reading): void {
  const { items, frame } = r;
  const filters: TermCandidate[] = [];
  let counted = false;
  items.forEach((item, i) => {
    if (item.kind !== 'mention' || item.used) return;
    const c = item.mention.candidates[0];
    if (c?.kind !== 'term') return;
    const t = c.term;
    const before = items[i - 1];
    const cue = before?.kind === 'cue' && !before.used && before.end === item.start ? before : null;
    switch (t.term.kind) {
      case 'measure':
        use(r, item, c, 'measure');
        frame.measures.push({ fn: 'count', table: t.table, term: t });
        if (
          cue?.cue.type === 'aggregate' &&
          (cue.cue.fn === 'sum'
            ? t.aggregates.some((f) => f === 'sum' || f === 'count')
            : t.aggregates.includes(cue.cue.fn))
        )
          cue.used = true;
        break;
      case 'dimension':
        if (!t.columns[0]) return;
        use(r, item, c, 'group');
        frame.groups.push({ kind: 'column', column: t.columns[0], term: t });
        if (cue?.cue.type === 'group') cue.used = true;
        break;
      case 'filter':
        use(r, item, c, 'filter');
        frame.filters.push({ kind: 'term', term: t, column: t.columns[0] ?? null });
        filters.push(c);
        if (cue?.cue.type === 'aggregate' && cue.cue.fn === 'count') {
          cue.used = true;
          counted = true;
          frame.measures.push({ fn: 'count', table: t.table });
        }
        break;
      case 'entity':
        // Read as its table by everything that follows; the link names the term.
        item.mention.candidates = [
          { kind: 'table', table: t.table, score: c.score },
          c,
          ...item.mention.candidates.slice(1),
        ];
        break;
    }
  });
  // "failed payments by method": rows a term names, split into groups, are counted.
  const grouped = items.some((x) => x.kind === 'cue' && (x.cue.type === 'group' || x.cue.type === 'bucket'));
  const otherFigure = items.some(
    (x) =>
      x.kind === 'cue' && !x.used && (x.cue.type === 'aggregate' || x.cue.type === 'extreme' || x.cue.type === 'ratio'),
  );
  if (!counted && filters.length > 0 && frame.measures.length === 0 && grouped && !otherFigure)
    frame.measures.push({ fn: 'count', table: filters[0]!.term.table });
}

/** "top 5 products by revenue": a term's figure over other rows ranks the rows asked about, one group each. */
export function rankByTerm(frame: Frame): void {
  const term = frame.measures.find((m) => 'table' in m && m.term);
  if (!term || !frame.subject || frame.groups.length > 0 || frame.limit === null || !frame.order) return;
  if (frame.measures.some((m) => ('table' in m ? m.table : m.column.table) === frame.subject)) return;
  frame.groups.push({ kind: 'entity', table: frame.subject });
}
