/**
 * Business terms analysis proposes for a database, each with the reason it was proposed. General
 * rules over the database's own names, types, comments and values (and WordNet through src/text);
 * nothing here knows any particular database.
 */
import pluralize from 'pluralize';
import { ident, literal } from '../../sql/quote.ts';
import { isEnglishWord, verbBase } from '../../text/index.ts';
import type { ColumnInfo, DatabaseModel, TableInfo } from '../model.ts';
import { isIdLikeName, nameWords, singular } from '../../text/names.ts';
import { findTable, tableKey, type TermKind } from './validate.ts';

/** What defines a term, whoever writes it: analysis proposes one, a person adds or edits one. */
export interface TermDefinition {
  name: string;
  synonyms: string[];
  kind: TermKind;
  expression: string;
  /** `schema.table`, or `table` in public. */
  table: string;
  description: string;
}

export interface ProposedTerm extends TermDefinition {
  reason: string;
}

/** Words in a column name (or its comment) that say it holds money. */
const moneyWords = new Set([
  'amount',
  'price',
  'total',
  'revenue',
  'sales',
  'sale',
  'cost',
  'fee',
  'salary',
  'payment',
  'paid',
  'balance',
  'spend',
  'spent',
  'income',
  'profit',
  'charge',
  'turnover',
  'subtotal',
  'wage',
  'budget',
]);
const currencyWords = /\b(dollars?|euros?|pounds?|usd|eur|gbp|currency|cents?|yen|francs?)\b/i;
const revenueWords = /\b(revenue|sales|turnover|takings)\b/i;
const quantityNames = new Set(['quantity', 'qty', 'units', 'count', 'amount']);
const unitPriceWords = /(unit|item|list|sale)?_?price$/i;
const auditWords = new Set(['created', 'updated', 'modified', 'deleted', 'timestamp', 'inserted', 'loaded']);
const statusNames = new Set(['status', 'state', 'stage', 'outcome', 'result', 'condition']);
const dateUnits = ['day', 'week', 'month', 'quarter', 'year'] as const;
const maxFilterValues = 12;

const words = (name: string) => nameWords(name).join(' ');
const columnRef = (t: TableInfo, c: ColumnInfo) => `${ident(t.name)}.${ident(c.name)}`;

/** "orders" → orders, "order_item" → order items: what a person calls the table's rows. */
function rowsWord(t: TableInfo): string {
  const w = nameWords(t.name);
  if (w.length === 0) return t.name;
  const last = w.at(-1)!;
  const plural = singular(last) === last && isEnglishWord(last, 'noun') ? pluralize.plural(last) : last;
  return [...w.slice(0, -1), plural].join(' ');
}

function rowWord(t: TableInfo): string {
  const w = nameWords(t.name);
  return [...w.slice(0, -1), singular(w.at(-1) ?? t.name)].join(' ');
}

function isMoney(c: ColumnInfo): boolean {
  if (c.family !== 'number' || c.isPrimaryKey || isIdLikeName(c.name)) return false;
  if (/^money$/i.test(c.dataType)) return true;
  const named = nameWords(c.name).some((w) => moneyWords.has(w));
  return named || (currencyWords.test(c.comment ?? '') && !/\b(rate|fraction|percent|share)\b/i.test(c.comment ?? ''));
}

/** Columns that keep a row's date of the event it records (not audit stamps). */
function eventDate(t: TableInfo): ColumnInfo | null {
  const dates = t.columns.filter((c) => c.family === 'date' || c.family === 'timestamp');
  const business = dates.filter((c) => !nameWords(c.name).some((w) => auditWords.has(w)));
  const pool = business.length > 0 ? business : [];
  const own = new Set(nameWords(t.name).map(singular));
  // "order_date" in orders, else a date that is always set (an event happened), else the first.
  return (
    pool.find((c) => nameWords(c.name).some((w) => own.has(singular(w)))) ??
    pool.find((c) => !c.nullable) ??
    pool[0] ??
    null
  );
}

/** A fact table records events: it points at other tables and has a date. */
function isFactTable(t: TableInfo): boolean {
  return t.foreignKeys.length > 0 && eventDate(t) !== null;
}

function categories(c: ColumnInfo): string[] {
  if (c.enumValues?.length) return c.enumValues;
  return (c.profile?.categories ?? []).map((v) => v.value);
}

/** A value that reads as a word describing rows ("failed", "cancelled", "active"), not a name or a code. */
function describingWord(value: string): boolean {
  const lower = value.toLowerCase();
  if (!/^[a-z]{3,}$/.test(lower)) return false;
  if (isEnglishWord(lower, 'adj')) return true;
  // A past participle: failed, cancelled, returned.
  return /(ed|en)$/.test(lower) && verbBase(lower) !== lower && isEnglishWord(verbBase(lower), 'verb');
}

/** Every term the rules propose for a database, first come first kept when names collide. */
export function proposeTerms(model: DatabaseModel): ProposedTerm[] {
  const found: ProposedTerm[] = [];
  const taken = new Set<string>();
  const add = (proposed: ProposedTerm) => {
    // The same words on another table: "total amount of payments".
    const term = taken.has(proposed.name.toLowerCase())
      ? { ...proposed, name: `${proposed.name} of ${rowsWord(findTable(model, proposed.table)!)}` }
      : proposed;
    const key = term.name.toLowerCase();
    if (taken.has(key)) return;
    taken.add(key);
    found.push(term);
  };
  const relations = model.tables.filter((t) => t.kind !== 'view' && t.kind !== 'materialized_view');
  const revenueTables = relations.filter(
    (t) =>
      revenueWords.test(t.comment ?? '') ||
      t.columns.some(
        (c) => isMoney(c) && (revenueWords.test(c.name.replace(/_/g, ' ')) || revenueWords.test(c.comment ?? '')),
      ),
  );

  for (const t of relations) {
    const table = tableKey(t);
    const rows = rowsWord(t);
    const row = rowWord(t);

    // Money: totals and averages; "revenue" where the name or comment says so.
    for (const c of t.columns.filter(isMoney)) {
      const ref = columnRef(t, c);
      const what = words(c.name);
      const saysRevenue = revenueWords.test(c.name.replace(/_/g, ' ')) || revenueWords.test(c.comment ?? '');
      const how = c.comment ? ` (${c.comment.trim().replace(/\.$/, '')})` : '';
      if (saysRevenue && revenueTables.length === 1)
        add({
          name: 'revenue',
          synonyms: ['sales'],
          kind: 'measure',
          expression: `sum(${ref})`,
          table,
          description: `Revenue: the sum of ${t.name}.${c.name}${how}.`,
          reason: `${t.name}.${c.name} is money and its name or comment speaks of revenue or sales.`,
        });
      add({
        name: what.startsWith('total') ? what : `total ${what}`,
        synonyms: [`sum of ${what}`],
        kind: 'measure',
        expression: `sum(${ref})`,
        table,
        description: `The sum of ${t.name}.${c.name}${how}.`,
        reason: `${t.name}.${c.name} is a money-like number (${c.dataType}), so adding it up is a figure people ask for.`,
      });
      add({
        name: `average ${what.replace(/^total /, '')}`,
        synonyms: [],
        kind: 'measure',
        expression: `avg(${ref})`,
        table,
        description: `The average of ${t.name}.${c.name} per ${row}${how}.`,
        reason: `${t.name}.${c.name} is a money-like number (${c.dataType}).`,
      });
      // "average order value": the average of a fact table's total per row.
      if (isFactTable(t) && nameWords(c.name).some((w) => w === 'total' || w === 'amount'))
        add({
          name: `average ${row} value`,
          synonyms: [],
          kind: 'measure',
          expression: `avg(${ref})`,
          table,
          description: `The average ${t.name}.${c.name} of one ${row}.`,
          reason: `${t.name} records events and ${c.name} holds each one's money total.`,
        });
    }

    // A line-item table: quantity × unit price (less the discount) is its revenue.
    const quantity = t.columns.find(
      (c) =>
        c.family === 'number' &&
        nameWords(c.name).some((w) => quantityNames.has(w)) &&
        !isIdLikeName(c.name) &&
        !isMoney(c),
    );
    const unitPrice = t.columns.find((c) => c.family === 'number' && unitPriceWords.test(c.name));
    if (quantity && unitPrice) {
      const discount = t.columns.find((c) => c.family === 'number' && /discount/i.test(c.name));
      const fraction =
        discount &&
        /fraction|percent|share|0\.\d/i.test(discount.comment ?? '') &&
        !/amount|dollars?/i.test(discount.comment ?? '');
      const base = `${columnRef(t, quantity)} * ${columnRef(t, unitPrice)}`;
      const expression = discount
        ? fraction
          ? `sum(${base} * (1 - ${columnRef(t, discount)}))`
          : `sum(${base} - ${columnRef(t, discount)})`
        : `sum(${base})`;
      const name = revenueTables.length === 0 && !taken.has('revenue') ? 'revenue' : `${row} revenue`;
      add({
        name,
        synonyms: name === 'revenue' ? ['sales'] : [],
        kind: 'measure',
        expression,
        table,
        description: `What the ${rows} brought in: ${quantity.name} × ${unitPrice.name}${discount ? `, less ${discount.name}` : ''}.`,
        reason: `${t.name} has a quantity (${quantity.name}) and a unit price (${unitPrice.name})${discount ? ` and a discount (${discount.name}${fraction ? ', a fraction' : ''})` : ''}: a line-item table.`,
      });
      add({
        name: 'units sold',
        synonyms: [`total ${words(quantity.name)}`],
        kind: 'measure',
        expression: `sum(${columnRef(t, quantity)})`,
        table,
        description: `How many units the ${rows} hold.`,
        reason: `${t.name}.${quantity.name} counts units on each line.`,
      });
    }

    // Every table can be counted; a table that keeps a tally per row (visits per day) adds it up.
    const tally = t.columns.find((c) => c.family === 'number' && ['count', 'cnt'].includes(c.name.toLowerCase()));
    if (tally)
      add({
        name: `number of ${rows}`,
        synonyms: [`${rows} count`, `count of ${rows}`],
        kind: 'measure',
        expression: `sum(${columnRef(t, tally)})`,
        table,
        description: `How many ${rows} there are, adding up ${tally.name}.`,
        reason: `Each row of ${t.name} keeps a tally in ${tally.name}.`,
      });
    else
      add({
        name: `number of ${rows}`,
        synonyms: [`${rows} count`, `count of ${rows}`],
        kind: 'measure',
        expression: 'count(*)',
        table,
        description: `How many ${rows} there are.`,
        reason: `Each row of ${t.name} is one ${row}.`,
      });

    // Time dimensions on the event date of a fact table.
    const date = isFactTable(t) ? eventDate(t) : null;
    if (date)
      for (const unit of dateUnits)
        add({
          name: `${row} ${unit}`,
          synonyms: [`${unit} of ${row}`],
          kind: 'dimension',
          expression: `date_trunc('${unit}', ${columnRef(t, date)})`,
          table,
          description: `The ${unit} of ${t.name}.${date.name}.`,
          reason: `${date.name} is the date of the events ${t.name} records.`,
        });

    for (const c of t.columns) {
      // Categorical values that describe rows: "failed payments", "cancelled orders".
      const values = categories(c);
      if (
        (c.family === 'text' || c.family === 'enum') &&
        c.strategy === 'categorical' &&
        values.length >= 2 &&
        values.length <= maxFilterValues
      ) {
        const statusLike = nameWords(c.name).some((w) => statusNames.has(w));
        for (const value of values)
          if (describingWord(value) && (statusLike || values.every(describingWord)))
            add({
              name: `${value.toLowerCase()} ${rows}`,
              synonyms: [],
              kind: 'filter',
              expression: `${columnRef(t, c)} = ${literal(value)}`,
              table,
              description: `${capitalise(rows)} whose ${words(c.name)} is ${value}.`,
              reason: `${t.name}.${c.name} keeps a few values, and "${value}" describes a row.`,
            });
      }
      // A boolean flag named by an adjective: "active products".
      if (c.family === 'boolean') {
        const flag = nameWords(c.name).filter((w) => !['is', 'has'].includes(w));
        if (flag.length === 1 && isEnglishWord(flag[0]!, 'adj'))
          add({
            name: `${flag[0]} ${rows}`,
            synonyms: [],
            kind: 'filter',
            expression: `${columnRef(t, c)}`,
            table,
            description: `${capitalise(rows)} where ${c.name} is true${c.comment ? ` (${c.comment.trim().replace(/\.$/, '')})` : ''}.`,
            reason: `${t.name}.${c.name} is a yes/no flag named by an adjective.`,
          });
      }
      // A date that is set once something happened: "shipped orders", "discontinued products".
      if ((c.family === 'date' || c.family === 'timestamp') && c.nullable && (c.profile?.nullCount ?? 0) > 0) {
        const verb = nameWords(c.name).find((w) => /(ed|en)$/.test(w) && !auditWords.has(w));
        if (verb)
          add({
            name: `${verb} ${rows}`,
            synonyms: [],
            kind: 'filter',
            expression: `${columnRef(t, c)} IS NOT NULL`,
            table,
            description: `${capitalise(rows)} with a ${words(c.name)}.`,
            reason: `${t.name}.${c.name} is set only once a ${row} is ${verb}.`,
          });
      }
      // A comment that defines a condition: "Null for head-office staff."
      const nullFor = /\bnull (?:for|when|while|if) ([a-z][a-z -]{2,40}?)(?:[.;,]|$)/i.exec(c.comment ?? '');
      if (nullFor && c.nullable) {
        const phrase = nullFor[1]!
          .trim()
          .toLowerCase()
          .replace(/^(the|a|an) /, '');
        if (phrase.split(/\s+/).length <= 5)
          add({
            name: phrase,
            synonyms: [],
            kind: 'filter',
            expression: `${columnRef(t, c)} IS NULL`,
            table,
            description: `${capitalise(rows)} where ${c.name} is null: ${c.comment!.trim()}`,
            reason: `The comment on ${t.name}.${c.name} says it is null for ${phrase}.`,
          });
      }
    }
  }
  return found;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
