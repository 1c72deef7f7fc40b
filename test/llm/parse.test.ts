import { describe, expect, it } from 'vitest';
import { LlmBadResponse } from '../../src/llm/errors.ts';
import { extractSql, parseAnswer, parseJsonLoose } from '../../src/llm/parse.ts';

/* What small local models (qwen2.5:3b, llama3.2:3b, phi3, deepseek-r1 distills, qwen3) really write. */

describe('extractSql', () => {
  const cases: { name: string; text: string; sql: string }[] = [
    { name: 'bare SQL', text: 'SELECT count(*) FROM orders', sql: 'SELECT count(*) FROM orders' },
    {
      name: 'trailing semicolon and newline',
      text: 'SELECT count(*) FROM orders;\n',
      sql: 'SELECT count(*) FROM orders',
    },
    { name: 'several trailing semicolons', text: 'SELECT 1;;;', sql: 'SELECT 1' },
    {
      name: '```sql fence with prose around it',
      text: "Sure! Here's the query you need:\n\n```sql\nSELECT c.name, SUM(o.total) AS revenue\nFROM customers c\nJOIN orders o ON o.customer_id = c.id\nGROUP BY c.name\nORDER BY revenue DESC\nLIMIT 5;\n```\n\nThis query joins customers with their orders and sums the totals.",
      sql: 'SELECT c.name, SUM(o.total) AS revenue\nFROM customers c\nJOIN orders o ON o.customer_id = c.id\nGROUP BY c.name\nORDER BY revenue DESC\nLIMIT 5',
    },
    {
      name: 'fence without a language',
      text: '```\nSELECT name FROM products WHERE price > 100\n```',
      sql: 'SELECT name FROM products WHERE price > 100',
    },
    { name: 'fence marked postgresql', text: '```postgresql\nSELECT 1\n```', sql: 'SELECT 1' },
    { name: 'inline fence on one line', text: 'Query: ```sql SELECT id FROM users```', sql: 'SELECT id FROM users' },
    {
      name: 'fence with no info string and SQL on the same line',
      text: '```SELECT id FROM users```',
      sql: 'SELECT id FROM users',
    },
    {
      name: 'SQL fence preferred over an earlier output-table fence',
      text: 'Result will look like:\n```\n| name | total |\n```\nQuery:\n```sql\nSELECT name, total FROM t\n```',
      sql: 'SELECT name, total FROM t',
    },
    {
      name: 'prose before and a sentence after, no fence',
      text: "To find the number of shipped orders, use the following query:\nSELECT count(*) FROM orders WHERE status = 'shipped'\nThis counts every order whose status is shipped.",
      sql: "SELECT count(*) FROM orders WHERE status = 'shipped'",
    },
    {
      name: 'prose, SQL and "Explanation:" heading',
      text: "SELECT\n  date_trunc('month', created_at) AS month,\n  count(*) AS orders\nFROM orders\nGROUP BY 1\nORDER BY 1\n\nExplanation:\n- date_trunc groups by month",
      sql: "SELECT\n  date_trunc('month', created_at) AS month,\n  count(*) AS orders\nFROM orders\nGROUP BY 1\nORDER BY 1",
    },
    {
      name: 'SQL inside a sentence, ended by a full stop',
      text: 'The answer is SELECT count(*) FROM orders.',
      sql: 'SELECT count(*) FROM orders',
    },
    {
      name: 'inline code in a sentence',
      text: 'Run `SELECT max(price) FROM products` to get it.',
      sql: 'SELECT max(price) FROM products',
    },
    {
      name: 'English "select" before the real SELECT',
      text: "We need to select the rows from orders that were shipped:\nSELECT * FROM orders WHERE status = 'shipped'",
      sql: "SELECT * FROM orders WHERE status = 'shipped'",
    },
    {
      name: 'English "with" before a CTE',
      text: 'I will answer with a CTE.\nWITH totals AS (SELECT customer_id, sum(total) AS t FROM orders GROUP BY 1)\nSELECT * FROM totals ORDER BY t DESC',
      sql: 'WITH totals AS (SELECT customer_id, sum(total) AS t FROM orders GROUP BY 1)\nSELECT * FROM totals ORDER BY t DESC',
    },
    {
      name: '<think> block containing SQL-looking text that must be ignored',
      text: '<think>\nMaybe SELECT * FROM customers; no wait, the question is about orders. SELECT count(*) FROM order_items? No.\n</think>\n\n```sql\nSELECT count(*) FROM orders\n```',
      sql: 'SELECT count(*) FROM orders',
    },
    {
      name: 'closing </think> without an opening tag (template pre-filled it)',
      text: 'The user wants totals. SELECT wrong FROM nowhere;\n</think>\nSELECT sum(total) FROM orders',
      sql: 'SELECT sum(total) FROM orders',
    },
    {
      name: 'two statements: keep the first',
      text: "```sql\nSELECT name FROM customers WHERE city = 'Paris';\nSELECT name FROM customers WHERE city = 'Lyon';\n```",
      sql: "SELECT name FROM customers WHERE city = 'Paris'",
    },
    {
      name: 'semicolons inside strings, identifiers, comments and dollar quotes do not split',
      text: `SELECT 'a;b' AS s, "odd;name", $$x;y$$ AS d, $tag$ ; $tag$ AS e -- trailing; comment\nFROM t /* block ; comment */ WHERE note <> 'it''s; fine';`,
      sql: `SELECT 'a;b' AS s, "odd;name", $$x;y$$ AS d, $tag$ ; $tag$ AS e -- trailing; comment\nFROM t /* block ; comment */ WHERE note <> 'it''s; fine'`,
    },
    {
      name: "E'' string with a backslash-escaped quote",
      text: "SELECT E'it\\'s; ok' AS s;",
      sql: "SELECT E'it\\'s; ok' AS s",
    },
    { name: 'positional $1 is not a dollar quote', text: 'SELECT $1::int + 1; SELECT 2', sql: 'SELECT $1::int + 1' },
    {
      name: 'statement then prose after the semicolon on the same line',
      text: 'SELECT avg(price) FROM products; This returns the average price.',
      sql: 'SELECT avg(price) FROM products',
    },
  ];
  for (const { name, text, sql } of cases)
    it(name, () => {
      expect(extractSql(text).sql).toBe(sql);
    });

  it('says when it kept the first of several statements', () => {
    const result = extractSql('SELECT 1; SELECT 2;');
    expect(result.sql).toBe('SELECT 1');
    expect(result.notes).toContain('the answer had 2 statements; kept the first');
  });

  it('says when it ignored a <think> block', () => {
    expect(extractSql('<think>hmm</think>SELECT 1').notes).toContain('ignored the model’s <think> block');
  });

  const cutOff: { name: string; text: string; note: RegExp }[] = [
    {
      name: 'unclosed parenthesis',
      text: 'SELECT count(*) FROM orders WHERE id IN (SELECT order_id FROM items WHERE qty > 3',
      note: /unclosed parenthesis/,
    },
    { name: 'unclosed string', text: "SELECT * FROM orders WHERE status = 'ship", note: /unclosed string/ },
    { name: 'unclosed quoted identifier', text: 'SELECT "Customer Na', note: /unclosed quoted identifier/ },
    { name: 'unclosed block comment', text: 'SELECT 1 /* because', note: /unclosed comment/ },
    {
      name: 'unclosed fence ending mid-clause',
      text: '```sql\nSELECT name FROM customers WHERE',
      note: /ends with "WHERE"/,
    },
    { name: 'ends on a comma', text: '```sql\nSELECT name,\n', note: /ends with ","/ },
    { name: 'ends on AND', text: 'SELECT * FROM t WHERE a = 1 AND', note: /ends with "AND"/ },
    {
      name: 'unclosed <think> (still thinking when the tokens ran out)',
      text: '<think>\nThe user asks for revenue. I should SELECT sum(total) FROM',
      note: /still thinking/,
    },
  ];
  for (const { name, text, note } of cutOff)
    it(`returns null for cut-off output: ${name}`, () => {
      const result = extractSql(text);
      expect(result.sql).toBeNull();
      expect(result.notes.join('; ')).toMatch(note);
    });

  it('returns null with a note for prose without SQL', () => {
    const result = extractSql("I'm sorry, but I cannot answer that question with the available tables.");
    expect(result).toEqual({ sql: null, notes: ['no SQL found in the answer'] });
  });

  it('returns null for an empty answer', () => {
    expect(extractSql('   ').sql).toBeNull();
  });

  it('leaves the verdict on non-SELECT statements to the SQL checker', () => {
    expect(extractSql('```sql\nDELETE FROM orders\n```').sql).toBe('DELETE FROM orders');
  });
});

describe('parseJsonLoose', () => {
  it('reads plain JSON', () => {
    expect(parseJsonLoose('{"a": 1, "b": [true, null]}')).toEqual({ a: 1, b: [true, null] });
  });

  it('reads JSON inside a ```json fence with prose around it', () => {
    expect(parseJsonLoose('Here you go:\n```json\n{"intent": "query"}\n```\nHope this helps!')).toEqual({
      intent: 'query',
    });
  });

  it('drops // and /* */ comments but not // inside strings', () => {
    const text = '{\n  // what the user wants\n  "intent": "query", /* always */\n  "url": "http://example.com//x"\n}';
    expect(parseJsonLoose(text)).toEqual({ intent: 'query', url: 'http://example.com//x' });
  });

  it('drops trailing commas in objects and arrays', () => {
    expect(parseJsonLoose('{"tables": ["orders", "customers",], "sql": "SELECT 1",}')).toEqual({
      tables: ['orders', 'customers'],
      sql: 'SELECT 1',
    });
  });

  it('accepts single-quoted strings and bare keys', () => {
    expect(parseJsonLoose("{intent: 'query', 'sql': 'SELECT \"name\" FROM t'}")).toEqual({
      intent: 'query',
      sql: 'SELECT "name" FROM t',
    });
  });

  it('accepts raw newlines inside strings (multi-line SQL)', () => {
    expect(parseJsonLoose('{"sql": "SELECT name\n  FROM customers\n  WHERE city = \'Paris\'"}')).toEqual({
      sql: "SELECT name\n  FROM customers\n  WHERE city = 'Paris'",
    });
  });

  it('accepts unescaped double quotes around identifiers inside the SQL string', () => {
    expect(parseJsonLoose('{"sql": "SELECT "Customer Name" FROM "Orders"", "intent": "query"}')).toEqual({
      sql: 'SELECT "Customer Name" FROM "Orders"',
      intent: 'query',
    });
  });

  it('inserts a forgotten comma between members', () => {
    expect(parseJsonLoose('{"intent": "query"\n"sql": "SELECT 1"\n"n": 2\n"ok": true}')).toEqual({
      intent: 'query',
      sql: 'SELECT 1',
      n: 2,
      ok: true,
    });
  });

  it('turns Python literals into JSON ones', () => {
    expect(parseJsonLoose("{'ok': True, 'reply': None, 'n': 1.5e3}")).toEqual({ ok: true, reply: null, n: 1500 });
  });

  it('skips a brace in the prose before the object', () => {
    expect(parseJsonLoose('Use {placeholders} like this: {"a": 1}')).toEqual({ a: 1 });
  });

  it('ignores a <think> block with braces in it', () => {
    expect(parseJsonLoose('<think>maybe {"a": 0}?</think>{"a": 1}')).toEqual({ a: 1 });
  });

  it('throws LlmBadResponse for truncated JSON', () => {
    expect(() => parseJsonLoose('{"intent": "query", "sql": "SELECT name FROM cust')).toThrow(/cut off/);
    expect(() => parseJsonLoose('{"intent": "query", "sql": "SELECT name FROM cust')).toThrow(LlmBadResponse);
  });

  it('throws LlmBadResponse for prose', () => {
    expect(() => parseJsonLoose('I cannot answer that.')).toThrow(/did not answer with JSON: "I cannot answer that."/);
  });
});

describe('parseAnswer', () => {
  it('reads the structured answer', () => {
    const answer = parseAnswer(
      '{"intent": "query", "tables": ["orders"], "sql": "SELECT count(*) FROM orders", "rationale": "Counts all orders."}',
    );
    expect(answer).toEqual({
      intent: 'query',
      tables: ['orders'],
      sql: 'SELECT count(*) FROM orders',
      rationale: 'Counts all orders.',
      notes: [],
    });
  });

  it('reads a fenced, commented answer after a <think> block, cleaning the SQL member', () => {
    const answer = parseAnswer(
      '<think>\nThe user wants customers in Paris. {"sql": "SELECT wrong"}\n</think>\n```json\n{\n  "intent": "query", // data question\n  "tables": ["customers"],\n  "sql": "SELECT name FROM customers WHERE city = \'Paris\';",\n  "rationale": "Filters customers by city.",\n}\n```',
    );
    expect(answer.sql).toBe("SELECT name FROM customers WHERE city = 'Paris'");
    expect(answer.tables).toEqual(['customers']);
    expect(answer.intent).toBe('query');
  });

  it('keeps the first statement when the SQL member has two', () => {
    const answer = parseAnswer('{"intent":"query","tables":[],"sql":"SELECT 1; SELECT 2","rationale":""}');
    expect(answer.sql).toBe('SELECT 1');
    expect(answer.notes).toContain('the answer had 2 statements; kept the first');
  });

  it('strips a fence inside the SQL member', () => {
    expect(parseAnswer('{"intent":"query","sql":"```sql\\nSELECT 1\\n```"}').sql).toBe('SELECT 1');
  });

  it('defaults missing members and reads the names models prefer', () => {
    expect(parseAnswer('{"query": "SELECT 1", "explanation": "one\\nline"}')).toEqual({
      intent: 'query',
      tables: [],
      sql: 'SELECT 1',
      rationale: 'one line',
      notes: [],
    });
  });

  it('normalises intents, tables as a string, and an empty sql', () => {
    const answer = parseAnswer(
      '{"intent": "Chit-chat", "tables": "", "sql": "", "rationale": "", "reply": "Hello! Ask me about your data."}',
    );
    expect(answer).toEqual({
      intent: 'chitchat',
      tables: [],
      sql: null,
      rationale: '',
      reply: 'Hello! Ask me about your data.',
      notes: [],
    });
    expect(parseAnswer('{"intent": "cannot_answer", "sql": "N/A"}')).toMatchObject({
      intent: 'unanswerable',
      sql: null,
    });
    expect(parseAnswer('{"intent": "sql_query", "tables": "orders, customers", "sql": "SELECT 1"}')).toMatchObject({
      intent: 'query',
      tables: ['orders', 'customers'],
    });
  });

  it('unwraps {"answer": {...}}', () => {
    expect(parseAnswer('{"answer": {"intent": "query", "sql": "SELECT 1"}}').sql).toBe('SELECT 1');
  });

  it('falls back to the SQL when the model ignored JSON', () => {
    const answer = parseAnswer('Here is the SQL:\n```sql\nSELECT name FROM products ORDER BY price DESC LIMIT 1;\n```');
    expect(answer).toMatchObject({
      intent: 'query',
      sql: 'SELECT name FROM products ORDER BY price DESC LIMIT 1',
      tables: [],
    });
    expect(answer.notes).toContain('the model answered without JSON; took the SQL from its text');
  });

  it('treats plain prose as an unanswerable reply', () => {
    const answer = parseAnswer("I cannot answer that. The database has no information about employees' salaries.");
    expect(answer).toMatchObject({
      intent: 'unanswerable',
      sql: null,
      reply: "I cannot answer that. The database has no information about employees' salaries.",
    });
  });

  it('keeps the complete members of JSON cut off after the SQL', () => {
    const answer = parseAnswer(
      '{"intent": "query", "tables": ["orders"], "sql": "SELECT count(*) FROM orders", "rationale": "Counts ord',
    );
    expect(answer).toMatchObject({ intent: 'query', tables: ['orders'], sql: 'SELECT count(*) FROM orders' });
    expect(answer.notes).toContain('the JSON was cut off; kept the members that were complete');
  });

  it('throws LlmBadResponse when the JSON was cut off inside the SQL', () => {
    expect(() =>
      parseAnswer('{"intent": "query", "tables": ["orders"], "sql": "SELECT count(*) FROM orders WHE'),
    ).toThrow(/cut off before the SQL was complete/);
  });

  it('throws LlmBadResponse when plain SQL was cut off', () => {
    expect(() => parseAnswer('```sql\nSELECT name FROM customers WHERE id IN (1, 2')).toThrow(
      /cut off: an unclosed parenthesis/,
    );
  });

  it('throws LlmBadResponse for an empty answer or one that never left <think>', () => {
    expect(() => parseAnswer('')).toThrow(/empty answer/);
    expect(() => parseAnswer('<think>Let me consider the schema. The orders table')).toThrow(/still thinking/);
  });
});

describe('parseAnswer on prose with stray braces', () => {
  it('reads prose that happens to contain a brace as a reply', () => {
    expect(parseAnswer('I can only answer questions about {orders} and {customers}, sorry')).toMatchObject({
      intent: 'unanswerable',
      reply: 'I can only answer questions about {orders} and {customers}, sorry',
    });
    expect(parseAnswer('Sorry :-{ I cannot answer that')).toMatchObject({ intent: 'unanswerable', sql: null });
  });

  it('salvages the SQL from a JSON answer cut off inside an unclosed ```json fence', () => {
    expect(parseAnswer('```json\n{"intent": "query", "tables": ["t"], "sql": "SELECT 1", "rationale": "Be').sql).toBe(
      'SELECT 1',
    );
  });
});
