import { describe, expect, it } from 'vitest';
import {
  answerJsonSchema,
  buildGenerationPrompt,
  buildSummaryPrompt,
  maxExamples,
  maxTerms,
} from '../../src/llm/prompts.ts';

const input = {
  question: 'Revenue by customer city last month?',
  schemaText: "TABLE customers (3 rows)\n  id integer -- primary key,\n  city text -- values: 'Paris', 'Lyon'",
  joinPaths: ['orders.customer_id = customers.id'],
  examples: [{ question: 'How many orders?', sql: 'SELECT count(*)\nFROM orders' }],
  dialect: 'PostgreSQL' as const,
  today: '2025-03-14',
};

describe('buildGenerationPrompt', () => {
  it('is one system message of rules and one user message with the context and the question last', () => {
    const messages = buildGenerationPrompt(input);
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    const [system, user] = messages.map((m) => m.content);
    expect(system).toContain('PostgreSQL');
    expect(system).toContain('One SELECT');
    expect(system).toContain('exactly as written');
    expect(system).not.toContain('```');
    expect(system!.length).toBeLessThan(1200);
    expect(user).toBe(
      [
        `Tables:\n${input.schemaText}`,
        'Joins:\norders.customer_id = customers.id',
        'Examples:\nQ: How many orders?\nSQL: SELECT count(*) FROM orders',
        'Today is 2025-03-14.',
        'Question: Revenue by customer city last month?',
      ].join('\n\n'),
    );
  });

  it('leaves out empty sections and caps examples and terms', () => {
    const many = buildGenerationPrompt({
      ...input,
      joinPaths: [],
      today: undefined,
      examples: Array.from({ length: 10 }, (_, i) => ({ question: `q${i}`, sql: `SELECT ${i}` })),
      terms: Array.from({ length: 50 }, (_, i) => ({ term: `term${i}`, meaning: `meaning ${i}` })),
    })[1]!.content;
    expect(many).not.toContain('Joins:');
    expect(many).not.toContain('Today');
    expect(many.match(/^Q: /gm)).toHaveLength(maxExamples);
    expect(many.match(/^term\d+: /gm)).toHaveLength(maxTerms);
  });

  it('has a place for business terms, between the joins and the examples', () => {
    const user = buildGenerationPrompt({
      ...input,
      terms: [{ term: 'active customer', meaning: 'ordered in the last\n90 days' }],
    })[1]!.content;
    expect(user).toContain('Business terms:\nactive customer: ordered in the last 90 days');
    expect(user.indexOf('Joins:')).toBeLessThan(user.indexOf('Business terms:'));
    expect(user.indexOf('Business terms:')).toBeLessThan(user.indexOf('Examples:'));
    expect(buildGenerationPrompt(input)[1]!.content).not.toContain('Business terms');
  });

  it('carries the previous turn for follow-ups', () => {
    const user = buildGenerationPrompt({
      ...input,
      previous: { question: 'Orders by city', sql: 'SELECT city, count(*)\nFROM orders GROUP BY 1' },
    })[1]!.content;
    expect(user).toContain(
      'Previous question: Orders by city\nPrevious SQL: SELECT city, count(*) FROM orders GROUP BY 1',
    );
    expect(user.indexOf('Previous question')).toBeLessThan(user.indexOf('Question: Revenue'));
  });

  it('turns an error into a short conversation: the failing SQL as the model’s turn, then the error and the tables it used, whole', () => {
    const messages = buildGenerationPrompt({
      ...input,
      retry: {
        kind: 'error',
        sql: 'SELECT town FROM customers',
        message: 'column "town" does not exist',
        schemaText: 'TABLE customers (3 rows)\n  id integer,\n  city text',
      },
    });
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(JSON.parse(messages[2]!.content)).toEqual({ intent: 'query', sql: 'SELECT town FROM customers' });
    expect(messages[3]!.content).toContain('That SQL failed: column "town" does not exist');
    expect(messages[3]!.content).toContain(
      'The tables it used, with all their columns:\nTABLE customers (3 rows)\n  id integer,\n  city text',
    );
  });

  it('asks once more about an empty result, pointing at the listed values and date ranges', () => {
    const messages = buildGenerationPrompt({
      ...input,
      retry: { kind: 'empty', sql: "SELECT * FROM customers WHERE city = 'paris'" },
    });
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[3]!.content).toMatch(/returned no rows/);
    expect(messages[3]!.content).toMatch(/exact spelling and case/);
    expect(messages[3]!.content).toMatch(/return the same SQL/);
  });
});

describe('answerJsonSchema', () => {
  it('asks for intent, tables, sql and rationale, with an optional reply', () => {
    expect(answerJsonSchema).toMatchObject({
      type: 'object',
      required: ['intent', 'tables', 'sql', 'rationale'],
      properties: { intent: { enum: ['query', 'chitchat', 'unanswerable'] }, reply: { type: 'string' } },
    });
  });
});

describe('buildSummaryPrompt', () => {
  it('shows the question, the SQL and the first rows as a small table', () => {
    const rows = Array.from({ length: 25 }, (_, i) => [`city ${i}`, i * 10, null]);
    const messages = buildSummaryPrompt(
      'Revenue by city?',
      'SELECT city, sum(total), null\nFROM t',
      ['city', 'revenue', 'note'],
      rows,
      25,
    );
    expect(messages[0]!.content).toContain('one plain sentence');
    const user = messages[1]!.content;
    expect(user).toContain(
      'Question: Revenue by city?\nSQL: SELECT city, sum(total), null FROM t\nResult:\ncity | revenue | note\ncity 0 | 0 | NULL',
    );
    expect(user).toContain('(25 rows in all; the first 10 are shown)');
    expect(user).not.toContain('city 10');
  });

  it('shortens long cells and flattens objects', () => {
    const user = buildSummaryPrompt('q', 'SELECT 1', ['a', 'b'], [['x'.repeat(200), { k: [1, 2] }]])[1]!.content;
    expect(user).toContain(`${'x'.repeat(60)}… | {"k":[1,2]}`);
    expect(user).not.toContain('rows in all');
  });
});
