import type { Connection } from '../db/schema.ts';
import type { AppContext } from '../context.ts';
import { answerQuestion, type EngineTerm, type ValueLookup } from '../engine/index.ts';
import type { ColumnInfo, DatabaseModel, TableInfo } from '../intelligence/model.ts';
import { humanize, isIdLikeName } from '../text/names.ts';
import { valueLookup } from '../retrieval/knowledge.ts';

const measureName =
  /(amount|price|total|cost|revenue|sales|salary|quantity|qty|value|score|balance|fee|weight|duration)/i;

function isMeasure(c: ColumnInfo): boolean {
  return c.family === 'number' && !c.isPrimaryKey && !isIdLikeName(c.name) && measureName.test(c.name);
}

/** A label column with a handful of values: status, channel, country (not numbers like line_no). */
function isGrouping(c: ColumnInfo): boolean {
  const values = c.profile?.categories.length ?? 0;
  return c.strategy === 'categorical' && (c.family === 'text' || c.family === 'enum') && values >= 2 && values <= 20;
}

/** The questions of the kinds people ask first about one table, phrased from the names it uses. */
export function tableQuestions(table: TableInfo): string[] {
  const words = humanize(table.name);
  const group = table.columns.find(isGrouping);
  const measure = table.columns.find(isMeasure);
  const date = table.columns.find((c) => c.family === 'date' || c.family === 'timestamp');
  return [
    group && `How many ${words} per ${humanize(group.name)}?`,
    measure && group && `What is the average ${humanize(measure.name)} per ${humanize(group.name)}?`,
    date && `How many ${words} per month?`,
    measure &&
      `What is the ${/^total\b/.test(humanize(measure.name)) ? '' : 'total '}${humanize(measure.name)} of ${words}?`,
    `How many ${words} are there?`,
  ].filter((q): q is string => Boolean(q));
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The table a term starts from, as analysis knows it. */
function termTable(model: DatabaseModel, term: EngineTerm): TableInfo | undefined {
  const lower = term.table.toLowerCase();
  return model.tables.find(
    (t) => `${t.schema}.${t.name}`.toLowerCase() === lower || (t.schema === 'public' && t.name.toLowerCase() === lower),
  );
}

/**
 * Questions in the team's own words: each accepted measure over time and by a category of its
 * table, each filter counted (and over time). Entities and dimensions read through the others.
 */
function termQuestions(model: DatabaseModel, terms: EngineTerm[]): string[][] {
  const measures: string[][] = [];
  const filters: string[][] = [];
  for (const term of terms) {
    const table = termTable(model, term);
    if (!table) continue;
    const group = table.columns.find(isGrouping);
    const date = table.columns.some((c) => c.family === 'date' || c.family === 'timestamp');
    if (term.kind === 'measure')
      measures.push(
        [
          group && `${capitalised(term.name)} per ${humanize(group.name)}`,
          date && `${capitalised(term.name)} per month`,
          capitalised(term.name),
        ].filter((q): q is string => Boolean(q)),
      );
    if (term.kind === 'filter')
      filters.push(
        [`How many ${term.name} are there?`, date && `How many ${term.name} per month?`].filter((q): q is string =>
          Boolean(q),
        ),
      );
  }
  // Figures and sets of rows in turn, so the first suggestions show both kinds.
  return Array.from({ length: Math.max(measures.length, filters.length) }, (_, i) => [measures[i], filters[i]])
    .flat()
    .filter((l): l is string[] => Boolean(l));
}

/** Questions of the kinds people ask first, phrased from the names the database uses. */
function candidates(model: DatabaseModel): string[] {
  const tables = model.tables
    .filter((t) => t.kind === 'table' && t.rowCount > 0)
    .sort((a, b) => b.rowCount - a.rowCount)
    .slice(0, 6);
  return roundRobin(tables.map(tableQuestions));
}

/** One from each list in turn, so the questions show different parts of the database. */
export function roundRobin(lists: string[][]): string[] {
  const out: string[] = [];
  const rounds = Math.max(0, ...lists.map((l) => l.length));
  for (let round = 0; round < rounds; round++)
    for (const questions of lists) if (questions[round]) out.push(questions[round]!);
  return out;
}

/** Below this the engine answered by guessing at words it could not place: not a question to put forward. */
const SURE = 0.75;

/** Whether the built-in engine answers `question` surely (without running anything); the tables it uses. */
export async function sureAnswer(
  model: DatabaseModel,
  values: ValueLookup,
  question: string,
  terms: EngineTerm[] = [],
): Promise<string[] | null> {
  const result = await answerQuestion(question, model, { values, terms });
  return result.kind === 'sql' && result.confidence >= SURE ? result.tables : null;
}

/** Whether the engine answers `question` surely through one of `terms`. */
async function sureThroughTerm(
  model: DatabaseModel,
  values: ValueLookup,
  question: string,
  terms: EngineTerm[],
): Promise<boolean> {
  const result = await answerQuestion(question, model, { values, terms });
  return result.kind === 'sql' && result.confidence >= SURE && result.terms.length > 0;
}

/** Of the suggestions, at most this many come from business terms: the rest show the tables. */
const maxTermQuestions = 3;

/**
 * Five questions the built-in engine can answer on this database, built from what analysis learned
 * and the business terms people accepted (`terms`: up to three questions in their words first), and
 * checked by answering them (without running anything), varied across tables and kinds. Kept with the
 * connection's knowledge (`ctx.knowledge`) until it is analysed again or its terms change.
 */
export function suggestQuestions(
  deps: Pick<AppContext, 'db' | 'knowledge'>,
  connection: Connection,
  count = 5,
  terms: EngineTerm[] = [],
): Promise<string[]> {
  const key = `suggestions:${count}:${JSON.stringify(terms.map((t) => [t.name, t.kind, t.expression, t.table]))}`;
  return deps.knowledge.remember(connection, key, async () => {
    const model = await deps.knowledge.model(connection);
    const values = valueLookup(deps.db, connection.id);
    const chosen: string[] = [];
    for (const question of roundRobin(termQuestions(model, terms))) {
      if (chosen.length >= Math.min(count, maxTermQuestions)) break;
      if (await sureThroughTerm(model, values, question, terms)) chosen.push(question);
    }
    const usedTables = new Map<string, number>();
    for (const question of candidates(model)) {
      if (chosen.length >= count) break;
      const tables = await sureAnswer(model, values, question, terms);
      if (!tables) continue;
      const table = tables[0] ?? '';
      if ((usedTables.get(table) ?? 0) >= 2) continue;
      usedTables.set(table, (usedTables.get(table) ?? 0) + 1);
      chosen.push(question);
    }
    return chosen;
  });
}
