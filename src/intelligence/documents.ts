import { humanize, isIdLikeName, nameWords } from '../text/names.ts';
import type { ColumnInfo, DatabaseModel, ForeignKey, TableInfo } from './model.ts';
import { ident, qualified } from '../sql/quote.ts';

export interface TableDocument {
  /** One sentence: what the table holds and how it connects. */
  summary: string;
  /** Markdown: columns with their meaning, keys, joins and notable values. */
  document: string;
}

const kindNames: Record<TableInfo['kind'], string> = {
  table: 'Table',
  view: 'View',
  materialized_view: 'Materialized view',
  foreign_table: 'Foreign table',
  partitioned_table: 'Partitioned table',
};

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const percent = (f: number) => (f >= 0.995 ? '100%' : f < 0.01 && f > 0 ? '<1%' : `${Math.round(f * 100)}%`);

function rowsPhrase(table: TableInfo): string {
  const n = count(table.rowCount);
  const rows = table.rowCount === 1 ? 'row' : 'rows';
  return table.rowCountAccuracy === 'exact' ? `${n} ${rows}` : `about ${n} ${rows}`;
}

function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Words that say what a column holds, guessed from its name and type when no comment says it. */
const meaningByWord: [RegExp, string][] = [
  [/^e?mail$/, 'email address'],
  [/^(phone|tel|telephone|mobile|fax)$/, 'phone number'],
  [/^(url|uri|homepage|website|link)$/, 'web address'],
  [/^(address|street|addr)$/, 'postal address'],
  [/^(city|town|state|country|region|county|province|zip|postcode|postal)$/, 'place'],
  [/^(title|headline|subject)$/, 'title'],
  [/^(description|desc|notes?|comments?|text|body|abstract|summary|content|message)$/, 'free text'],
  [/^(status|state|type|kind|category|class|level|tier|stage|method|mode|gender)$/, 'category'],
  [/^(price|cost|amount|total|balance|salary|fee|tax|revenue|discount|commission|budget)$/, 'amount'],
  [/^(count|num|qty|quantity|number)$/, 'count'],
  [/^(name|firstname|lastname|surname|username|nickname)$/, 'name'],
  [/^(code|sku|symbol|ticker|isbn|vin)$/, 'code'],
];

function guessedMeaning(column: ColumnInfo): string | null {
  const words = nameWords(column.name);
  const last = words.at(-1) ?? '';
  if (column.family === 'boolean' && (words[0] === 'is' || words[0] === 'has' || words[0] === 'can')) {
    return `whether ${words.slice(1).join(' ') || 'true'}`;
  }
  if (words.join(' ') === 'created at' || words.join(' ') === 'created on') return 'when the row was created';
  if (words.join(' ') === 'updated at' || words.join(' ') === 'modified at') return 'when the row was last changed';
  if (column.family === 'date' || column.family === 'timestamp') {
    const about = words.filter((w) => !['date', 'at', 'on', 'ts', 'time', 'timestamp', 'dt'].includes(w)).join(' ');
    if (!about) return 'a date';
    return last === 'at' || last === 'on' ? `when ${about}` : `date of ${about}`;
  }
  for (const [pattern, meaning] of meaningByWord)
    if (pattern.test(last) || pattern.test(words.join(''))) return meaning;
  return null;
}

function referencesFrom(table: TableInfo, model: DatabaseModel): { from: TableInfo; fk: ForeignKey }[] {
  return model.tables.flatMap((other) =>
    other.foreignKeys
      .filter((fk) => fk.referencedSchema === table.schema && fk.referencedTable === table.name)
      .map((fk) => ({ from: other, fk })),
  );
}

function columnLine(column: ColumnInfo, table: TableInfo): string {
  const traits = [column.dataType];
  if (!column.nullable) traits.push('not null');
  if (column.isPrimaryKey) traits.push(table.primaryKey.length === 1 ? 'primary key' : 'part of the primary key');
  else if (column.isUnique) traits.push('unique');

  const notes: string[] = [];
  const joins = table.foreignKeys.filter((fk) => fk.columns.includes(column.name));
  for (const fk of joins) {
    const target = fk.referencedColumns[fk.columns.indexOf(column.name)] ?? fk.referencedColumns[0];
    notes.push(
      `joins ${qualified(fk.referencedSchema, fk.referencedTable)}.${ident(target ?? '')}${fk.origin === 'inferred' ? ' (inferred)' : ''}`,
    );
  }
  const meaning =
    column.comment ?? guessedMeaning(column) ?? (isIdLikeName(column.name) && joins.length === 0 ? 'identifier' : null);
  if (meaning) notes.unshift(meaning);

  const profile = column.profile;
  if (column.enumValues?.length) notes.push(`one of ${joinList(column.enumValues)}`);
  if (profile) {
    if (profile.categories.length > 0 && column.strategy === 'categorical' && !column.enumValues?.length) {
      const shown = profile.categories
        .slice(0, 25)
        .map((c) => (c.frequency === null ? c.value : `${c.value} (${percent(c.frequency)})`));
      const more = profile.categories.length - shown.length;
      notes.push(`values: ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`);
    } else if (profile.min !== null && profile.max !== null) {
      notes.push(profile.min === profile.max ? `always ${profile.min}` : `from ${profile.min} to ${profile.max}`);
    } else if (profile.samples.length > 0 && column.strategy === 'vector') {
      notes.push(
        `e.g. ${profile.samples
          .slice(0, 3)
          .map((s) => JSON.stringify(s))
          .join(', ')}`,
      );
    }
    if (profile.distinctCount !== null && profile.categories.length === 0 && profile.distinctCount > 0) {
      notes.push(`${profile.distinctAccuracy === 'exact' ? '' : '~'}${count(profile.distinctCount)} distinct`);
    }
    if (profile.nullFraction !== null && profile.nullFraction > 0) notes.push(`${percent(profile.nullFraction)} empty`);
  }
  return `- ${ident(column.name)} (${traits.join(', ')})${notes.length ? `: ${notes.join('; ')}` : ''}`;
}

function summaryOf(table: TableInfo): string {
  const subject = humanize(table.name);
  const base = table.comment
    ? `${qualified(table.schema, table.name)}: ${table.comment.replace(/[.\s]+$/, '')} (${rowsPhrase(table)})`
    : table.rowCount === 0 && table.rowCountAccuracy === 'exact'
      ? `${kindNames[table.kind]} ${qualified(table.schema, table.name)} is empty`
      : `${kindNames[table.kind]} ${qualified(table.schema, table.name)} holds ${rowsPhrase(table)} of ${subject}`;
  const linked = [...new Set(table.foreignKeys.map((fk) => humanize(fk.referencedTable)))];
  const described = table.columns
    .filter((c) => c.strategy === 'categorical')
    .concat(table.columns.filter((c) => c.strategy === 'vector'))
    .slice(0, 4)
    .map((c) => humanize(c.name));
  return `${base}${linked.length ? `, linked to ${joinList(linked)}` : ''}${described.length ? `; described by ${joinList(described)}` : ''}.`;
}

/**
 * The insight document of one table, written from a template (no LLM): what it holds, its columns
 * with their meaning guessed from names, comments and values, its keys, how it joins, and its notable
 * values. Deterministic: the same model always gives the same text.
 */
export function writeDocument(table: TableInfo, model: DatabaseModel): TableDocument {
  const lines: string[] = [];
  lines.push(`# ${qualified(table.schema, table.name)}`);
  lines.push(
    `${kindNames[table.kind]} of ${rowsPhrase(table)} and ${table.columns.length} ${table.columns.length === 1 ? 'column' : 'columns'}.`,
  );
  if (table.comment) lines.push('', table.comment);

  lines.push('', '## Columns');
  for (const column of table.columns) lines.push(columnLine(column, table));

  const keys: string[] = [];
  if (table.primaryKey.length) keys.push(`- Primary key: ${table.primaryKey.map(ident).join(', ')}`);
  for (const unique of table.uniqueConstraints) keys.push(`- Unique: ${unique.map(ident).join(', ')}`);
  if (keys.length) lines.push('', '## Keys', ...keys);

  const joins = table.foreignKeys.map(
    (fk) =>
      `- ${fk.columns.map(ident).join(', ')} → ${qualified(fk.referencedSchema, fk.referencedTable)} (${fk.referencedColumns.map(ident).join(', ')})` +
      (fk.origin === 'declared' ? ', declared' : `, inferred: ${fk.evidence ?? 'from names'}`),
  );
  const incoming = referencesFrom(table, model).map(
    ({ from, fk }) =>
      `- ${qualified(from.schema, from.name)} (${fk.columns.map(ident).join(', ')}) → ${fk.referencedColumns.map(ident).join(', ')}${fk.origin === 'inferred' ? ', inferred' : ''}`,
  );
  if (joins.length) lines.push('', '## Joins to', ...joins);
  if (incoming.length) lines.push('', '## Referenced by', ...incoming);

  const notable = table.columns
    .filter((c) => c.strategy === 'categorical' && (c.profile?.categories.length ?? 0) > 0)
    .map(
      (c) =>
        `- ${ident(c.name)}: ${c
          .profile!.categories.slice(0, 10)
          .map((v) => v.value)
          .join(', ')}`,
    );
  if (notable.length) lines.push('', '## Notable values', ...notable);

  if (table.definition) lines.push('', '## Definition', '```sql', table.definition.trim(), '```');
  return { summary: summaryOf(table), document: lines.join('\n') };
}
