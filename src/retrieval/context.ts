/**
 * The schema context of one question for the LLM: the tables it needs (ranked, joined through their
 * bridges), the columns likely needed (keys always), the stored values it names, in a token budget.
 */
import type { Db } from '../db/client.ts';
import type { ValueMatch } from '../engine/index.ts';
import type { DatabaseModel, TableInfo } from '../intelligence/model.ts';
import type { Embedder } from '../llm/index.ts';
import { keptColumns } from './columns.ts';
import { describeTables, type DescribedTable } from './describe.ts';
import { semanticMatches } from './embeddings.ts';
import { bridgesFor, joinGraph, joinPaths } from './joins.ts';
import { rankTables, type RankedTable } from './rank.ts';
import type { TableMatch } from './search.ts';
import { tableIndex, tableKey } from './table-index.ts';
import { namedTerms, type RetrievalTerm } from './terms.ts';
import { findValues } from './values.ts';
import { fuzzyPhrases, questionWords, valuePhrases } from './words.ts';

export interface RetrievalDeps {
  db: Db;
  embedder?: Embedder | null;
}

export interface SchemaContext {
  /** The tables given to the model, most relevant first, with why. */
  tables: TableMatch[];
  /** Stored values the question names, among the shown columns. */
  values: ValueMatch[];
  schemaText: string;
  joinPaths: string[];
  /** The shown tables with every column, for a retry after an error. */
  described: DescribedTable[];
}

/** Roughly the tokens of a text (about 3.5 characters each for schema text); the bench counts exactly. */
function estimateTokens(text: string): number {
  return Math.ceil(text.length / 3.5);
}

const contextLimits = {
  /** A schema this small is shown whole. */
  wholeSchemaTokens: 1500,
  /** Tables chosen on their own evidence; bridges and lesser matches may follow. */
  leadingTables: 6,
  /** A table joins the leaders when it scores at least this share of the best. */
  leadingShare: 0.25,
  maxTables: 12,
  /** The schema text grows with lesser matches up to this many tokens. */
  schemaTokens: 1800,
  valueLookups: 60,
};

const wholeSizes = new WeakMap<DatabaseModel, number>();

/** Tokens of the whole schema, every column shown: measured once per analysed model. */
function wholeSchemaTokens(model: DatabaseModel): number {
  let size = wholeSizes.get(model);
  if (size === undefined) {
    size = estimateTokens(
      describeTables(model.tables.map((table) => ({ table, columns: table.columns, values: new Map() }))),
    );
    wholeSizes.set(model, size);
  }
  return size;
}

/** A value is worth showing when it matches a phrase exactly, ignoring case, or closely. */
const minFuzzyScore = 0.5;

function valuesByColumn(values: ValueMatch[], table: TableInfo): Map<string, ValueMatch[]> {
  const byColumn = new Map<string, ValueMatch[]>();
  for (const v of values)
    if (v.schema === table.schema && v.table === table.name)
      byColumn.set(v.column, [...(byColumn.get(v.column) ?? []), v]);
  return byColumn;
}

function describe(
  chosen: TableInfo[],
  ranked: Map<string, RankedTable>,
  values: ValueMatch[],
  whole: boolean,
): DescribedTable[] {
  return chosen.map((table) => {
    const needed = ranked.get(tableKey(table))?.columns ?? new Set();
    const named = new Set([...needed].map((c) => c.name));
    return {
      table,
      columns: whole ? table.columns : keptColumns(table, needed, chosen),
      values: valuesByColumn(values, table),
      named,
    };
  });
}

function asMatch(table: TableInfo, r: RankedTable | undefined, why: string): TableMatch {
  return {
    schema: table.schema,
    table: table.name,
    summary: table.comment ?? '',
    score: Math.round((r?.score ?? 0) * 1000) / 1000,
    reasons: r ? r.reasons.slice(0, 5) : [why],
  };
}

/** Ranks the model's tables for a question (words, values, the accepted business terms it names, meaning); the search route shows the same ranking. */
export async function rankForQuestion(
  deps: RetrievalDeps,
  connectionId: string,
  model: DatabaseModel,
  question: string,
  terms: readonly RetrievalTerm[] = [],
) {
  const index = tableIndex(model);
  const [found, similar] = await Promise.all([
    findValues(deps.db, connectionId, valuePhrases(question), contextLimits.valueLookups, fuzzyPhrases(question)),
    deps.embedder
      ? semanticMatches(deps.db, deps.embedder, connectionId, question).catch(() => [])
      : Promise.resolve([]),
  ]);
  const values = found.filter((v) => v.match !== 'fuzzy' || v.score >= minFuzzyScore);
  const meaning = new Map(similar.map((s) => [`${s.schema}.${s.table}`, s.similarity]));
  return {
    ranked: rankTables(index, questionWords(question), values, meaning, namedTerms(question, terms, model)),
    values,
  };
}

/** Leaders the search route joins through their bridges before listing lesser matches. */
const searchLeaders = 3;

/**
 * The search route's order: the best matches, the tables that join them (a link table between two
 * entities ranks right after them), then every other match.
 */
export function searchOrder(model: DatabaseModel, ranked: RankedTable[]): TableMatch[] {
  const top = ranked[0]?.score ?? 0;
  const leaders = ranked
    .filter((r) => r.score >= contextLimits.leadingShare * top)
    .slice(0, searchLeaders)
    .map((r) => r.entry.key);
  const bridges = bridgesFor(joinGraph(model.tables), leaders);
  const byKey = new Map(ranked.map((r) => [r.entry.key, r]));
  const tables = new Map(model.tables.map((t) => [tableKey(t), t]));
  const keys = [...new Set([...leaders, ...bridges, ...ranked.map((r) => r.entry.key)])];
  return keys.map((k) => asMatch(tables.get(k)!, byKey.get(k), 'joins the tables above'));
}

/** The context of a question: which tables, which columns, which values, how they join. */
export async function retrieveContext(
  deps: RetrievalDeps,
  connectionId: string,
  model: DatabaseModel,
  question: string,
  terms: readonly RetrievalTerm[] = [],
): Promise<SchemaContext> {
  const { ranked, values } = await rankForQuestion(deps, connectionId, model, question, terms);
  const byKey = new Map(ranked.map((r) => [r.entry.key, r]));
  const tables = new Map(model.tables.map((t) => [tableKey(t), t]));

  const whole = wholeSchemaTokens(model) <= contextLimits.wholeSchemaTokens;
  let chosen: string[];
  const why = new Map<string, string>();
  if (whole) {
    const rest = model.tables.map(tableKey).filter((k) => !byKey.has(k));
    chosen = [...ranked.map((r) => r.entry.key), ...rest];
    for (const k of rest) why.set(k, 'the whole schema fits');
  } else {
    const top = ranked[0]?.score ?? 0;
    const leaders = ranked
      .filter((r) => r.score >= contextLimits.leadingShare * top)
      .slice(0, contextLimits.leadingTables)
      .map((r) => r.entry.key);
    const bridges = bridgesFor(joinGraph(model.tables), leaders);
    for (const b of bridges) why.set(b, 'joins the tables above');
    chosen = [...leaders, ...bridges];
    if (chosen.length === 0) {
      chosen = model.tables.slice(0, contextLimits.leadingTables).map(tableKey);
      for (const k of chosen) why.set(k, 'nothing matched: the first tables');
    }
    // Lesser matches while the budget lasts: cheap recall for questions the words only half name.
    for (const r of ranked) {
      if (chosen.length >= contextLimits.maxTables) break;
      if (chosen.includes(r.entry.key)) continue;
      const trial = describeTables(
        describe(
          [...chosen, r.entry.key].map((k) => tables.get(k)!),
          byKey,
          values,
          false,
        ),
      );
      if (estimateTokens(trial) > contextLimits.schemaTokens) break;
      chosen.push(r.entry.key);
    }
  }
  const chosenTables = chosen.map((k) => tables.get(k)!).filter(Boolean);
  const described = describe(chosenTables, byKey, values, whole);
  const shownValues = values.filter((v) =>
    described.some(
      (d) => d.table.schema === v.schema && d.table.name === v.table && d.columns.some((c) => c.name === v.column),
    ),
  );
  return {
    tables: chosenTables.map((t) => asMatch(t, byKey.get(tableKey(t)), why.get(tableKey(t)) ?? '')),
    values: shownValues,
    schemaText: describeTables(described),
    joinPaths: joinPaths(chosenTables),
    described: chosenTables.map((table) => ({ table, columns: table.columns, values: valuesByColumn(values, table) })),
  };
}
