import { answersWhere, genericNameWords, lemma } from '../lexicon.ts';
import type { Token } from '../tokenize.ts';
import { isSoftWord } from '../understand.ts';
import { wordMatch } from '../link.ts';
import { mentionItems, type MentionItem, pick, type Reading, use } from './reading.ts';

/** Words that introduce the rows a question asks for. */
const askingWords = new Set([
  'which',
  'what',
  'who',
  'list',
  'show',
  'return',
  'give',
  'display',
  'find',
  'get',
  'name',
]);
const beVerbs = new Set(['is', 'are', 'was', 'were', "what's"]);

/** The subject: the first table named after an asking word, else the first table named and unclaimed. */
export function readSubject(r: Reading): void {
  // The subject: the first table named after an asking word, else the first table named and unclaimed.
  const tableMentions = mentionItems(r).filter((m) => {
    const t = pick(r, m, 'table');
    const c = pick(r, m, 'column');
    return !m.used && t && t.score >= 0.7 && (!c || t.score >= c.score - 0.05);
  });
  // A table already counted ("… ordered from most to least sales") is not what the rows are about.
  const counted = new Set(r.frame.measures.flatMap((m) => ('table' in m ? [m.table] : [])));
  for (const m of tableMentions.filter((x) => counted.has(pick(r, x, 'table')!.table) && r.frame.groups.length > 0))
    use(r, m, pick(r, m, 'table')!, 'scope');
  tableMentions.splice(0, tableMentions.length, ...tableMentions.filter((x) => !x.used));
  r.subjectItem = tableMentions[0] ?? null;
  if (r.subjectItem) {
    const t = pick(r, r.subjectItem, 'table')!;
    use(r, r.subjectItem, t, 'subject');
    r.frame.subject = t.table;
    r.frame.asked = asksFor(r.tokens, r.subjectItem.start);
  } else if (r.extreme?.table) {
    r.frame.subject = r.extreme.table;
    r.frame.asked = true;
  }
  for (const m of tableMentions.slice(1)) {
    const t = pick(r, m, 'table')!;
    use(r, m, t, 'scope');
    // "states that border the state where…": a second, different row of the same table.
    const comparing = r.items.some((x) => x.kind === 'cue' && x.cue.type === 'ratio');
    if (t.table === r.frame.subject && m.start > r.subjectItem!.end + 1 && !comparing)
      r.frame.loose.push(`"${m.mention.text}" names ${t.table.name} a second time`);
  }
}

/** What the question wants to see: columns left over, "all the information", bare "names" and "ids". */
export function readShown(r: Reading): void {
  // "all the information about the marketing department": every column of the rows asked about.
  if (r.everything && r.frame.subject && r.frame.measures.length === 0) {
    r.frame.projections.push(...r.frame.subject.columns);
    r.frame.listed = true;
  } else if (r.everything) r.frame.loose.push('"all the information" about something I could not list');
  // Columns left over are what the question wants to see.
  const generic: MentionItem[] = [];
  let firstShown: MentionItem | null = null;
  for (const m of mentionItems(r).filter((x) => !x.used)) {
    if (m.mention.text.split(' ').every((w) => genericNameWords.has(lemma(w.toLowerCase())))) {
      generic.push(m);
      continue;
    }
    const absent = new Set(r.frame.filters.flatMap((f) => (f.kind === 'absent' ? [f.table] : [])));
    const c = pick(r, m, 'column', (x) => !absent.has(x.column.table));
    // "students who live in…": a verb that only resembles a column name ("last name") is not asked to be shown.
    const word = r.tokens[m.start]!;
    const verbOnly =
      m.end - m.start === 1 &&
      isSoftWord(word.lower) &&
      (c?.score ?? 0) < 0.9 &&
      !c?.column.forms.some((f) => f.some((w) => wordMatch(word.lower, w) >= 0.85));
    if (c && c.score >= 0.5 && !verbOnly) {
      use(r, m, c, 'show');
      r.frame.projections.push(c.column);
      firstShown ??= m;
    }
  }
  // "What are the names of the authors…": the rows listed are those of the first thing asked for.
  if (
    r.frame.measures.length === 0 &&
    firstShown &&
    r.subjectItem &&
    firstShown.start < r.subjectItem.start &&
    r.frame.projections[0]!.table !== r.frame.subject
  ) {
    r.frame.subject = r.frame.projections[0]!.table;
    const demoted = r.frame.used.find((u) => u.role === 'subject');
    if (demoted) demoted.role = 'scope';
  }
  if (r.frame.measures.length === 0 && firstShown && (!r.subjectItem || firstShown.start < r.subjectItem.start))
    r.frame.listed = true;
  // "the names and areas of the lakes": a bare "names" or "ids" is the label or key of the rows listed.
  for (const m of generic) {
    const entity = r.frame.groups.find((g) => g.kind === 'entity');
    const table =
      r.frame.subject ?? (entity?.kind === 'entity' ? entity.table : null) ?? r.frame.projections[0]?.table ?? null;
    if (!table) continue;
    // "the codes and names of regions": a column named for that word (region_code) before the key or label.
    const word = lemma(m.mention.text.toLowerCase());
    const own =
      word === 'name' || word === 'id'
        ? undefined
        : table.columns.find((c) => c.forms.some((f) => f[f.length - 1] === word));
    if (own) {
      use(r, m, { kind: 'column', column: own, score: 0.85 }, m === r.orderGeneric ? 'order' : 'show');
      if (m === r.orderGeneric) r.orderColumn = own;
      else if (!r.frame.projections.includes(own)) r.frame.projections.push(own);
      continue;
    }
    const wantsKey = m.mention.text.toLowerCase().startsWith('id');
    // "the name of the country" where rows have no name column: the text column asked for is the name.
    const named = !wantsKey && table.labelColumns.length === 0 ? r.frame.projections.find((p) => p.textual) : undefined;
    if (named) {
      use(r, m, { kind: 'column', column: named, score: 0.8 }, 'show');
      continue;
    }
    const columns = wantsKey ? table.keyColumns : table.labelColumns.length > 0 ? table.labelColumns : table.keyColumns;
    if (columns.length === 0) continue;
    if (m === r.orderGeneric) {
      // "sorted by name": the rows' own name (or key) is the sort key.
      use(r, m, { kind: 'column', column: columns[0]!, score: 0.9 }, 'order');
      r.orderColumn = columns[0]!;
      continue;
    }
    use(r, m, { kind: 'column', column: columns[0]!, score: 0.9 }, 'show');
    for (const c of columns) if (!r.frame.projections.includes(c)) r.frame.projections.push(c);
  }

  // "the names of actors and the musicals they are in": a table listed beside what is shown is shown by its label.
  if (r.frame.measures.length === 0 && r.frame.projections.length > 0)
    for (const u of r.frame.used) {
      if (u.role !== 'scope' || u.candidate.kind !== 'table' || u.candidate.table === r.frame.subject) continue;
      let k = u.start - 1;
      while (['the', 'their', 'its', 'his', 'her'].includes(r.tokens[k]?.lower ?? '')) k--;
      const label = u.candidate.table.labelColumns[0];
      if (!label || !['and', ','].includes(r.tokens[k]?.lower ?? '')) continue;
      u.role = 'show';
      if (!r.frame.projections.includes(label)) r.frame.projections.push(label);
    }

  // "Where is the history department?": the place columns of the rows asked about (a few at most).
  const where = r.tokens[0]?.lower === 'where';
  const about = r.frame.subject ?? r.frame.filters.find((f) => f.kind === 'equals')?.column.table ?? null;
  if (where && about && r.frame.measures.length === 0 && !r.frame.projections.some(answersWhere)) {
    const places = about.columns.filter((c) => answersWhere(c) && !c.identifier);
    if (places.length <= 3) r.frame.projections.push(...places);
  }

  // "the id and name of the employee…": a bare "id" no column is named after is the key of the rows listed.
  const idAt = r.tokens.findIndex(
    (t, k) =>
      ['id', 'ids', 'identifier', 'identifiers'].includes(t.lower) &&
      !r.items.some((x) => x.kind === 'mention' && k >= x.start && k < x.end),
  );
  const keyed = r.frame.subject ?? r.frame.projections[0]?.table ?? null;
  if (idAt >= 0 && keyed && keyed.keyColumns.length > 0 && r.frame.measures.length === 0) {
    for (const c of keyed.keyColumns) if (!r.frame.projections.includes(c)) r.frame.projections.push(c);
    r.usedTokens.add(idAt);
  }
}

/** "Which authors…", "list the top 5 lakes…": the rows themselves are the answer. */
function asksFor(tokens: Token[], start: number): boolean {
  const skippable = new Set(['the', 'a', 'an', 'top', 'all', 'distinct', 'unique', 'different', 'me', 'of']);
  for (let k = start - 1; k >= 0 && k >= start - 5; k--) {
    const word = tokens[k]!.lower;
    if (askingWords.has(word)) return true;
    if (tokens[k]!.kind === 'number' || skippable.has(word) || beVerbs.has(word)) continue;
    return false;
  }
  return false;
}
