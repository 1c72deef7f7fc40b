import type { ChatMessage, JsonSchema } from './types.ts';

/*
 * Prompts for small local models (3B parameters, a few thousand tokens of context): short rules,
 * plain text sections, no markdown, one JSON object out. Understanding the question and writing the
 * SQL are one call.
 */

/** A business term and what it means in this database (e.g. "active customer": ordered in the last 90 days). */
export interface BusinessTerm {
  term: string;
  meaning: string;
}

/** A second attempt: the SQL the model wrote and why it needs another look. */
export type Retry =
  /** It failed: what PostgreSQL (or the checker) said, and the tables it used with all their columns. */
  | { kind: 'error'; sql: string; message: string; schemaText?: string }
  /** It ran but returned no rows, though the question expects some. */
  | { kind: 'empty'; sql: string };

export interface GenerationInput {
  question: string;
  /**
   * DDL-like description of the most relevant tables (chosen and trimmed by retrieval), with the
   * stored values the question names and the range of date columns beside their columns.
   */
  schemaText: string;
  /** How tables join: "orders.customer_id = customers.id". */
  joinPaths: string[];
  /** Terms of this business and what they mean in the data; none until a glossary is kept. */
  terms?: BusinessTerm[];
  /** Saved question → SQL pairs like this one; at most `maxExamples` are used. */
  examples: { question: string; sql: string }[];
  /** The previous turn, for follow-ups ("and by month?"). */
  previous?: { question: string; sql: string };
  retry?: Retry;
  dialect: 'PostgreSQL';
  /** Today's date (YYYY-MM-DD), so "last month" means something. */
  today?: string;
}

export const maxExamples = 3;
export const maxTerms = 20;

/** Settings that suit the generation call: deterministic, and room for a short JSON answer (plus a <think> block). */
export const generationSettings = { temperature: 0, maxTokens: 1024 } as const;

/** The one answer the model gives. Every member is a plain string or list so that grammar-constrained decoders accept it. */
export const answerJsonSchema: JsonSchema = {
  type: 'object',
  properties: {
    intent: { type: 'string', enum: ['query', 'chitchat', 'unanswerable'] },
    tables: { type: 'array', items: { type: 'string' } },
    sql: { type: 'string' },
    rationale: { type: 'string' },
    reply: { type: 'string' },
  },
  required: ['intent', 'tables', 'sql', 'rationale'],
};

function systemPrompt(dialect: string): string {
  return `You answer questions about a ${dialect} database by writing one SQL query.
Reply with one JSON object and nothing else:
{"intent": "query" | "chitchat" | "unanswerable", "tables": ["tables used"], "sql": "the query", "rationale": "one short line", "reply": "only when sql is empty"}
- "query": the tables below can answer it. Write the sql.
- "chitchat": a greeting or a question about you. sql is "", reply briefly.
- "unanswerable": the tables below cannot answer it. sql is "", reply says what is missing.
SQL rules:
- One SELECT (WITH is allowed). Never INSERT, UPDATE, DELETE, CREATE, DROP or ALTER.
- Use only the tables and columns listed. Join them as shown.
- Put identifiers with capitals, spaces or reserved words in double quotes.
- For text filters use the values listed beside a column exactly as written (same case and spelling).
- No markdown, no comments, no semicolon.`;
}

function contextSections(input: GenerationInput): string {
  const sections = [`Tables:\n${input.schemaText.trim()}`];
  if (input.joinPaths.length > 0) sections.push(`Joins:\n${input.joinPaths.join('\n')}`);
  const terms = (input.terms ?? []).slice(0, maxTerms);
  if (terms.length > 0)
    sections.push(`Business terms:\n${terms.map((t) => `${t.term}: ${oneLine(t.meaning)}`).join('\n')}`);
  const examples = input.examples.slice(0, maxExamples);
  if (examples.length > 0)
    sections.push(`Examples:\n${examples.map((e) => `Q: ${e.question}\nSQL: ${oneLine(e.sql)}`).join('\n')}`);
  if (input.previous)
    sections.push(
      `Previous question: ${input.previous.question}\nPrevious SQL: ${oneLine(input.previous.sql)}\nThe new question may build on it.`,
    );
  if (input.today) sections.push(`Today is ${input.today}.`);
  sections.push(`Question: ${input.question.trim()}`);
  return sections.join('\n\n');
}

/** What the model is told about its earlier SQL on a second attempt. */
function retryMessage(retry: Retry): string {
  if (retry.kind === 'empty')
    return [
      'That SQL ran but returned no rows, and the question expects some.',
      'Check every filter against the values listed beside the columns (exact spelling and case) and the date ranges, and check the joins.',
      'Reply with the same JSON; if no rows is the right answer, return the same SQL.',
    ].join('\n');
  const schema = retry.schemaText ? `\nThe tables it used, with all their columns:\n${retry.schemaText.trim()}` : '';
  return `That SQL failed: ${oneLine(retry.message)}${schema}\nFix it using only the tables and columns listed, and reply with the same JSON.`;
}

/** The messages for the one structured call that understands the question and writes the SQL. */
export function buildGenerationPrompt(input: GenerationInput): ChatMessage[] {
  const messages: ChatMessage[] = [
    { role: 'system', content: systemPrompt(input.dialect) },
    { role: 'user', content: contextSections(input) },
  ];
  if (input.retry) {
    // Shown as the model's own earlier turn, so the correction reads as a conversation it is in.
    messages.push(
      { role: 'assistant', content: JSON.stringify({ intent: 'query', sql: input.retry.sql }) },
      { role: 'user', content: retryMessage(input.retry) },
    );
  }
  return messages;
}

const summaryRows = 10;
const summaryCellChars = 60;

/** The messages for an optional one-sentence summary of a result, from the question, the SQL and its first rows. */
export function buildSummaryPrompt(
  question: string,
  sql: string,
  columns: string[],
  firstRows: unknown[][],
  rowCount = firstRows.length,
): ChatMessage[] {
  const shown = firstRows.slice(0, summaryRows);
  const table = [columns.join(' | '), ...shown.map((row) => row.map(cell).join(' | '))].join('\n');
  const more = rowCount > shown.length ? `\n(${rowCount} rows in all; the first ${shown.length} are shown)` : '';
  return [
    {
      role: 'system',
      content:
        'You sum up query results in one plain sentence for someone who does not read SQL. Use only numbers and names that appear in the rows. No markdown, no SQL.',
    },
    {
      role: 'user',
      content: `Question: ${question.trim()}\nSQL: ${oneLine(sql)}\nResult:\n${table}${more}\n\nOne sentence:`,
    },
  ];
}

function cell(value: unknown): string {
  const text =
    value === null || value === undefined ? 'NULL' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > summaryCellChars ? `${flat.slice(0, summaryCellChars)}…` : flat;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
