import type { AppContext } from '../context.ts';
import type { ChatMessage, Connection } from '../db/schema.ts';
import { answerQuestion } from '../engine/index.ts';
import type { DatabaseModel, TableInfo } from '../intelligence/model.ts';
import { humanize } from '../text/names.ts';
import { valueLookup } from '../retrieval/knowledge.ts';
import { roundRobin, sureAnswer, tableQuestions } from './suggestions.ts';

/** What to offer under an answer: questions to ask next, and for a refusal what came closest. */
export interface NextSteps {
  /** Questions the built-in engine can answer surely: follow-ups, or rephrasings of a refused question. */
  questions: string[];
  /** Words of a refused question that matched nothing in the database. */
  unplaced: string[];
  /** Tables (`table stores`) and columns (`stores.city`) whose names come closest, or the main tables. */
  closest: string[];
}

interface LinkedValue {
  table: string;
  column: string;
  value: string;
}

const normal = (question: string) =>
  question
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

function tableNamed(model: DatabaseModel, name: string): TableInfo | undefined {
  const [schema, table] = name.includes('.') ? name.split('.', 2) : [undefined, name];
  return model.tables.find((t) => t.name === table && (schema === undefined || t.schema === schema));
}

/** Tables one foreign key away from `table`, either way. */
function neighbours(model: DatabaseModel, table: TableInfo): TableInfo[] {
  const out = new Set<TableInfo>();
  for (const fk of table.foreignKeys) {
    const target = model.tables.find((t) => t.schema === fk.referencedSchema && t.name === fk.referencedTable);
    if (target && target !== table) out.add(target);
  }
  for (const other of model.tables)
    if (
      other !== table &&
      other.foreignKeys.some((fk) => fk.referencedSchema === table.schema && fk.referencedTable === table.name)
    )
      out.add(other);
  return [...out].filter((t) => t.kind === 'table' && t.rowCount > 0);
}

/** Questions about the values the answer was filtered by ("orders with status shipped per month"). */
function valueQuestions(model: DatabaseModel, values: LinkedValue[]): string[] {
  return values.slice(0, 3).flatMap((v) => {
    const table = tableNamed(model, v.table);
    if (!table) return [];
    const words = humanize(table.name);
    const date = table.columns.some((c) => c.family === 'date' || c.family === 'timestamp');
    return [
      date && `How many ${words} with ${humanize(v.column)} ${v.value} per month?`,
      `How many ${words} with ${humanize(v.column)} ${v.value} are there?`,
    ].filter((q): q is string => Boolean(q));
  });
}

/** Candidate follow-ups to a query answer: its terms first, then its tables, then their neighbours. */
function followUpCandidates(model: DatabaseModel, message: ChatMessage): string[] {
  const provenance = (message.provenance ?? {}) as { tables?: string[]; linked_values?: LinkedValue[] };
  const tables = (provenance.tables ?? [])
    .map((name) => tableNamed(model, name))
    .filter((t): t is TableInfo => t !== undefined);
  const near = [...new Set(tables.flatMap((t) => neighbours(model, t)))].filter((t) => !tables.includes(t));
  return [
    ...valueQuestions(model, provenance.linked_values ?? []),
    ...roundRobin(tables.map(tableQuestions)),
    ...roundRobin(near.slice(0, 3).map(tableQuestions)),
  ];
}

function tableOfSuggestion(model: DatabaseModel, suggestion: string): TableInfo | undefined {
  const name = suggestion.startsWith('table ') ? suggestion.slice(6) : suggestion.split('.')[0]!;
  return tableNamed(model, name);
}

/** The refused question with an unplaced word swapped for a close name, then questions about the close tables. */
function rephrasings(model: DatabaseModel, question: string, unplaced: string[], closest: string[]): string[] {
  const swapped = unplaced.flatMap((word) =>
    closest.map((suggestion) => {
      const name = suggestion.startsWith('table ') ? suggestion.slice(6) : suggestion.split('.').pop()!;
      const pattern = new RegExp(`\\b${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i');
      return question.replace(pattern, humanize(name));
    }),
  );
  const tables = [
    ...new Set(closest.map((s) => tableOfSuggestion(model, s)).filter((t): t is TableInfo => t !== undefined)),
  ];
  return [...swapped.filter((q) => q !== question), ...roundRobin(tables.map(tableQuestions))];
}

/** The main tables, largest first: what to point at when no name comes close. */
function mainTables(model: DatabaseModel): string[] {
  return model.tables
    .filter((t) => t.kind === 'table' && t.rowCount > 0)
    .sort((a, b) => b.rowCount - a.rowCount)
    .slice(0, 6)
    .map((t) => `table ${t.name}`);
}

async function firstSure(
  model: DatabaseModel,
  values: ReturnType<typeof valueLookup>,
  candidates: string[],
  asked: string,
  count: number,
): Promise<string[]> {
  const chosen: string[] = [];
  const seen = new Set([normal(asked)]);
  for (const question of candidates) {
    if (chosen.length >= count) break;
    if (seen.has(normal(question))) continue;
    seen.add(normal(question));
    if (await sureAnswer(model, values, question)) chosen.push(question);
  }
  return chosen;
}

/**
 * What to offer after `message`: for an answer, 2–3 follow-up questions built from its tables and
 * terms; for a refusal, the words not placed, the closest names, and rephrasings. Every question
 * offered is one the built-in engine answers surely (nothing is run).
 */
export async function nextSteps(
  deps: Pick<AppContext, 'db' | 'knowledge'>,
  connection: Connection,
  message: ChatMessage,
  count = 3,
): Promise<NextSteps> {
  if (!connection.lastAnalyzedAt) return { questions: [], unplaced: [], closest: [] };
  const model = await deps.knowledge.model(connection);
  const values = valueLookup(deps.db, connection.id);
  if (message.kind === 'query')
    return {
      questions: await firstSure(model, values, followUpCandidates(model, message), message.question, count),
      unplaced: [],
      closest: [],
    };
  if (message.kind !== 'unanswerable') return { questions: [], unplaced: [], closest: [] };
  const provenance = (message.provenance ?? {}) as { unplaced?: string[]; suggestions?: string[] };
  let { unplaced, suggestions } = provenance;
  if (!unplaced || !suggestions) {
    // Older answers did not keep what the engine could not place: read the question again.
    const reading = await answerQuestion(message.question, model, { values });
    unplaced = reading.kind === 'abstain' ? reading.unplaced : [];
    suggestions = reading.kind === 'abstain' ? reading.suggestions : [];
  }
  const closest = suggestions.length > 0 ? suggestions : mainTables(model);
  return {
    questions: await firstSure(
      model,
      values,
      rephrasings(model, message.question, unplaced, closest),
      message.question,
      count,
    ),
    unplaced,
    closest,
  };
}
