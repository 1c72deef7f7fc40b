import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, describe, expect, it } from 'vitest';
import type { McpFixture } from './fixture.ts';

interface ToolAnswer {
  isError: boolean;
  text: string;
  data: any;
}

async function callTool(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolAnswer> {
  const result = (await client.callTool({ name, arguments: args })) as {
    isError?: boolean;
    content: { type: string; text?: string }[];
    structuredContent?: unknown;
  };
  const text = result.content.map((c) => c.text ?? '').join('\n');
  return { isError: result.isError === true, text, data: result.structuredContent };
}

/** What the caller is told when a call is refused: a thrown error (HTTP 401, relayed) or an error result (in-process). */
async function refusal(client: Client, name: string, args: Record<string, unknown> = {}): Promise<string> {
  try {
    const answer = await callTool(client, name, args);
    return answer.isError ? answer.text : `not refused: ${answer.text}`;
  } catch (error) {
    return (error as Error).message;
  }
}

const hostile = [
  'delete from orders',
  'select 1; drop table orders',
  "select pg_read_file('/etc/passwd')",
  'select * from pg_authid',
  'with gone as (delete from orders returning *) select * from gone',
  'select 1\u0000',
];

/**
 * The same behaviour over every transport: tools listed, each tool called, permissions as on the HTTP
 * routes, hostile SQL refused and recorded, a revoked token refused at once, everything in SQL history as mcp.
 */
export function mcpScenario(fixture: () => McpFixture, connect: (token: string) => Promise<Client>): void {
  const clients: Client[] = [];
  const open = async (token: string) => {
    const client = await connect(token);
    clients.push(client);
    return client;
  };
  let owner: Client;
  afterAll(async () => {
    for (const client of clients) await client.close().catch(() => undefined);
  });

  const history = (kind?: string) =>
    fixture().t.ctx.database.query<{ source: string; ok: boolean; reason: string | null; sql: string }>(
      `select source, ok, reason, sql from sql_history where connection_id = $1 ${kind ? 'and source = $2' : ''} order by id`,
      kind ? [fixture().connectionId, kind] : [fixture().connectionId],
    );

  describe('tools', () => {
    it('lists the five tools, each with a description and an input schema', async () => {
      owner = await open(fixture().tokens.owner);
      const { tools } = await owner.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual([
        'ask',
        'describe_table',
        'list_databases',
        'run_sql',
        'search_schema',
      ]);
      for (const tool of tools) {
        expect(tool.description!.length, tool.name).toBeGreaterThan(40);
        expect(tool.inputSchema.type).toBe('object');
      }
      const ask = tools.find((t) => t.name === 'ask')!;
      expect(ask.inputSchema.required).toEqual(['connection', 'question']);
    });

    it('list_databases: the connections this user may use, with permission and status', async () => {
      const answer = await callTool(owner, 'list_databases');
      expect(answer.isError).toBe(false);
      expect(answer.data.databases).toEqual([
        expect.objectContaining({
          id: fixture().connectionId,
          name: 'Shop',
          permission: 'owner',
          status: 'ready',
          ready: true,
          can_run_sql: true,
        }),
      ]);
      expect(JSON.parse(answer.text)).toEqual(answer.data);
      const chatter = await open(fixture().tokens.chatter);
      const shared = await callTool(chatter, 'list_databases');
      expect(shared.data.databases).toEqual([
        expect.objectContaining({ name: 'Shop', permission: 'chat', can_run_sql: false, can_read_schema: false }),
      ]);
    });

    it('search_schema: tables with their columns, the terms (stored values) named, and joins', async () => {
      const answer = await callTool(owner, 'search_schema', {
        connection: 'Shop',
        query: 'orders of customers in Berlin',
      });
      expect(answer.isError, answer.text).toBe(false);
      const tables = answer.data.tables.map((t: { table: string }) => t.table);
      expect(tables).toEqual(expect.arrayContaining(['orders', 'customers']));
      const customers = answer.data.tables.find((t: { table: string }) => t.table === 'customers');
      expect(customers.columns.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['id', 'city']));
      expect(answer.data.terms).toEqual(
        expect.arrayContaining([expect.objectContaining({ value: 'Berlin', table: 'customers', column: 'city' })]),
      );
      expect(answer.data.joins).toEqual(
        expect.arrayContaining([expect.stringMatching(/orders\.customer_id = customers\.id/)]),
      );
    });

    it('ask: SQL, columns, first rows, explanation, kind and a link to the chat; follow-ups keep the session', async () => {
      const answer = await callTool(owner, 'ask', {
        connection: fixture().connectionId,
        question: 'How many customers are there?',
      });
      expect(answer.isError, answer.text).toBe(false);
      expect(answer.data, answer.data.answer).toMatchObject({
        kind: 'query',
        sql: expect.stringMatching(/count/i),
        rows: [[5]],
        row_count: 1,
        truncated: false,
      });
      expect(answer.data.columns).toHaveLength(1);
      expect(answer.data.explanation.length).toBeGreaterThan(10);
      expect(answer.data.link).toBe(
        `${fixture().baseUrl}/db/${fixture().connectionId}/chat/${answer.data.session_id}#m-${answer.data.message_id}`,
      );
      const followUp = await callTool(owner, 'ask', {
        connection: 'shop',
        question: 'How many orders are there?',
        session_id: answer.data.session_id,
      });
      expect(followUp.data, followUp.data.answer).toMatchObject({
        kind: 'query',
        rows: [[7]],
        session_id: answer.data.session_id,
      });
      const chat = await fixture().t.app.inject({
        method: 'GET',
        url: `/chat/${fixture().connectionId}/sessions/${answer.data.session_id}`,
        headers: fixture().owner.headers,
      });
      expect(chat.json().messages.map((m: { question: string }) => m.question)).toEqual([
        'How many customers are there?',
        'How many orders are there?',
      ]);
      const unknown = await callTool(owner, 'ask', {
        connection: 'Shop',
        question: 'What is the weather on Mars tomorrow?',
      });
      expect(unknown.isError).toBe(false);
      expect(unknown.data.kind).not.toBe('query');
      expect(unknown.data.sql).toBeNull();
      expect(unknown.data.answer.length).toBeGreaterThan(10);
    });

    it('run_sql: through the guard and the read-only executor, with a row cap', async () => {
      const answer = await callTool(owner, 'run_sql', {
        connection: 'Shop',
        sql: 'select name, city from customers order by id',
        max_rows: 2,
      });
      expect(answer.isError, answer.text).toBe(false);
      expect(answer.data).toMatchObject({
        rows: [
          ['Anna', 'Berlin'],
          ['Ben', 'Munich'],
        ],
        truncated: true,
      });
      expect(answer.data.sql).toMatch(/LIMIT 3/i);
    });

    it('describe_table: columns, keys, strategies, values and the document', async () => {
      const answer = await callTool(owner, 'describe_table', { connection: 'Shop', table: 'orders' });
      expect(answer.isError, answer.text).toBe(false);
      expect(answer.data).toMatchObject({ schema: 'public', table: 'orders', primary_key: ['id'] });
      expect(answer.data.foreign_keys).toEqual([
        expect.objectContaining({ columns: ['customer_id'], references: 'public.customers' }),
      ]);
      const status = answer.data.columns.find((c: { name: string }) => c.name === 'status');
      expect(status.strategy).toBe('categorical');
      expect(status.values.map((v: { value: string }) => v.value).sort()).toEqual(['cancelled', 'pending', 'shipped']);
      expect(answer.data.document).toMatch(/orders/);
      const missing = await callTool(owner, 'describe_table', { connection: 'Shop', table: 'nope' });
      expect(missing).toMatchObject({ isError: true, text: expect.stringMatching(/No table "nope"/) });
    });

    it("resources: each table's insight document", async () => {
      const { resources } = await owner.listResources();
      const uri = `askdb://connections/${fixture().connectionId}/tables/orders`;
      expect(resources.map((r) => r.uri)).toEqual(
        expect.arrayContaining([uri, `askdb://connections/${fixture().connectionId}/tables/customers`]),
      );
      const { contents } = await owner.readResource({ uri });
      expect(contents[0]).toMatchObject({ uri, mimeType: 'text/markdown' });
      expect(String((contents[0] as { text?: string }).text)).toMatch(/orders/);
      const { resourceTemplates } = await owner.listResourceTemplates();
      expect(resourceTemplates.map((r) => r.uriTemplate)).toEqual(['askdb://connections/{id}/tables/{table}']);
    });
  });

  describe('permissions', () => {
    it('a chat-only user may ask but not run SQL or read the schema', async () => {
      const chatter = await open(fixture().tokens.chatter);
      const asked = await callTool(chatter, 'ask', { connection: 'Shop', question: 'How many customers are there?' });
      expect(asked.data).toMatchObject({ kind: 'query', rows: [[5]] });
      for (const [tool, args] of [
        ['run_sql', { sql: 'select 1' }],
        ['describe_table', { table: 'orders' }],
        ['search_schema', { query: 'orders' }],
      ] as const) {
        const refused = await callTool(chatter, tool, { connection: 'Shop', ...args });
        expect(refused, tool).toMatchObject({
          isError: true,
          text: 'This needs view permission on the connection; you have chat',
        });
      }
      await expect(
        chatter.readResource({ uri: `askdb://connections/${fixture().connectionId}/tables/orders` }),
      ).rejects.toThrow(/view permission/);
      expect((await chatter.listResources()).resources).toEqual([]);
    });

    it("another user's connection does not exist for them, by id or by name", async () => {
      const stranger = await open(fixture().tokens.stranger);
      expect((await callTool(stranger, 'list_databases')).data.databases).toEqual([]);
      for (const tool of ['ask', 'run_sql', 'describe_table', 'search_schema']) {
        const args = {
          connection: fixture().connectionId,
          question: 'How many orders?',
          sql: 'select 1',
          table: 'orders',
          query: 'orders',
        };
        const refused = await callTool(stranger, tool, args);
        expect(refused, tool).toMatchObject({ isError: true, text: 'Connection not found' });
      }
      const byName = await callTool(stranger, 'ask', { connection: 'Shop', question: 'How many orders?' });
      expect(byName).toMatchObject({ isError: true, text: expect.stringMatching(/No database named "Shop"/) });
    });
  });

  describe('safety', () => {
    it('hostile SQL through run_sql is refused like on the HTTP route, recorded in SQL history as mcp, and changes nothing', async () => {
      const before = (await history('mcp')).length;
      for (const sql of hostile) {
        const refused = await callTool(owner, 'run_sql', { connection: 'Shop', sql });
        expect(refused.isError, sql).toBe(true);
        expect(refused.text, sql).toMatch(/^This query cannot run: /);
        const route = await fixture().t.app.inject({
          method: 'POST',
          url: `/connections/${fixture().connectionId}/sql`,
          headers: fixture().owner.headers,
          payload: { sql },
        });
        expect(route.json().error.message, sql).toBe(refused.text);
      }
      const lines = (await history('mcp')).slice(before);
      expect(lines.filter((l) => !l.ok && l.reason)).toHaveLength(hostile.length);
      const count = await callTool(owner, 'run_sql', { connection: 'Shop', sql: 'select count(*) from orders' });
      expect(count.data.rows).toEqual([[7]]);
    });

    it('every query an MCP call ran is in SQL history with source mcp', async () => {
      const lines = await history('mcp');
      expect(lines.some((l) => l.ok && /count/i.test(l.sql))).toBe(true);
      expect(lines.some((l) => l.ok && /from customers/i.test(l.sql))).toBe(true);
    });

    it('a revoked token is refused at once', async () => {
      const { id, token } = await fixture().newToken(fixture().stranger, 'soon revoked');
      const client = await open(token);
      expect((await callTool(client, 'list_databases')).isError).toBe(false);
      await fixture().revoke(fixture().stranger, id);
      expect(await refusal(client, 'list_databases')).toMatch(/This access token is not valid: it was revoked/);
    });
  });
}
