import { isEnglishWord } from '../../text/index.ts';
import { isStopWord, related } from '../lexicon.ts';
import type { Token } from '../tokenize.ts';
import { type Item, type MentionItem, quantityWords, type Reading } from './reading.ts';

/** Figures read as columns, superlatives made into an order (and a limit of one), a direction applied. */
export function readOrder(r: Reading): void {
  // "the publications with the highest number of citations": a count column of the listed rows is read as is.
  r.frame.measures.forEach((m, k) => {
    if (
      !('column' in m) ||
      !m.figure ||
      r.frame.groups.length > 0 ||
      !r.frame.asked ||
      r.frame.subject !== m.column.table
    )
      return;
    r.frame.measures.splice(k, 1);
    if (r.extreme?.measureIndex === k) {
      r.extreme.measureIndex = null;
      r.extreme.column = m.column;
    } else r.frame.projections.push(m.column);
  });

  // "for each city, the highest latitude": a superlative over a column, per group, is its MAX (MIN) in each group.
  if (r.extreme?.column && r.frame.groups.length > 0 && r.frame.measures.length === 0) {
    r.frame.measures.push({ fn: r.extreme.direction === 'desc' ? 'max' : 'min', column: r.extreme.column });
    r.extreme = null;
  }
  // Extremes become an order (and a limit of one for a singular "the X with the highest Y").
  if (r.extreme) {
    const dir = r.extreme.direction;
    const measure =
      r.extreme.measureIndex !== null && r.frame.measures[r.extreme.measureIndex] ? r.extreme.measureIndex : null;
    if (measure !== null) r.frame.order = { by: { kind: 'measure', index: measure }, direction: dir };
    else if (r.extreme.column) r.frame.order = { by: { kind: 'column', column: r.extreme.column }, direction: dir };
    else if (r.frame.measures.length > 0 && !r.extreme.table)
      r.frame.order = { by: { kind: 'measure', index: r.frame.measures.length - 1 }, direction: dir };
    else {
      const subject = r.extreme.table ?? r.frame.subject;
      const measurable = subject?.columns.filter((c) => c.numeric && !c.identifier) ?? [];
      const hinted =
        subject?.columns.find(
          (c) =>
            (c.numeric || c.temporal) &&
            !c.identifier &&
            c.forms.some((f) => f.some((w) => r.extreme!.hint.some((h) => related(h, w)))),
        ) ??
        // "the highest mountains": a table with a single figure is ranked by it; "the most" is a quantity, never that figure.
        (measurable.length === 1 &&
        r.extreme.hint.length === 0 &&
        !quantityWords.has(r.tokens[r.items[r.extreme.at]!.start]!.lower)
          ? measurable[0]
          : undefined);
      const ordered = r.orderColumn && r.orderColumn.table === subject ? r.orderColumn : null;
      if (ordered ?? hinted) r.frame.order = { by: { kind: 'column', column: (ordered ?? hinted)! }, direction: dir };
    }
    // "which payment method is used most": "most" with nothing after it counts the rows of each value shown.
    const word = r.tokens[r.items[r.extreme.at]!.start]!.lower;
    const shown = r.frame.projections.length === 1 && !r.frame.subject ? r.frame.projections[0]! : null;
    const last = r.items.at(-1);
    if (
      !r.frame.order &&
      quantityWords.has(word) &&
      shown &&
      r.frame.measures.length === 0 &&
      last?.kind === 'cue' &&
      last.start === r.items[r.extreme.at]!.start &&
      // "used most" ends the question; "accommodate the most people" names what is most, which no link placed.
      r.tokens
        .slice(last.end)
        .every((t) => t.kind === 'symbol' || isStopWord(t) || ['record', 'entry', 'time'].includes(t.lemma))
    ) {
      r.frame.measures.push({ fn: 'count', table: shown.table });
      r.frame.groups.push({ kind: 'column', column: shown });
      r.frame.projections = [];
      r.frame.order = { by: { kind: 'measure', index: 0 }, direction: dir };
    }
    if (!r.frame.order) r.frame.loose.push('a superlative with nothing to rank by');
    if (r.frame.limit === null && r.frame.order && singularSubject(r.tokens, r.items, r.extreme.at)) r.frame.limit = 1;
  }
  const topAsked = r.items.some((x) => x.kind === 'cue' && x.cue.type === 'top');
  if (r.orderColumn && !r.frame.order)
    r.frame.order = {
      by: { kind: 'column', column: r.orderColumn },
      direction: r.direction ?? (topAsked ? 'desc' : 'asc'),
    };
  if (r.direction && r.frame.order) r.frame.order.direction = r.direction;
  else if (r.direction && r.frame.measures.length > 0)
    r.frame.order = { by: { kind: 'measure', index: r.frame.measures.length - 1 }, direction: r.direction };
  if (r.frame.limit !== null && !r.frame.order && r.frame.measures.length > 0)
    r.frame.order = { by: { kind: 'measure', index: r.frame.measures.length - 1 }, direction: 'desc' };
}

/** "the city with the highest population" asks for one row; "cities with the highest…" for a ranking. */
function singularSubject(tokens: Token[], items: Item[], at: number): boolean {
  const question = tokens.map((t) => t.lower);
  if (question.includes('ordered') || question.includes('sorted') || question.includes('order')) return false;
  const before = items.slice(0, at).filter((x): x is MentionItem => x.kind === 'mention');
  const subject = before[0];
  if (subject) {
    const last = tokens[subject.end - 1]!;
    // Singular when its dictionary form is itself ("campus" is, "campuses" is not).
    return last.lemma === last.lower && (isEnglishWord(last.lower, 'noun') || !last.lower.endsWith('s'));
  }
  const first = question[0];
  const verb = question[1];
  return (first === 'which' || first === 'what' || first === 'who') && ['is', 'was', 'has', 'had'].includes(verb ?? '');
}
