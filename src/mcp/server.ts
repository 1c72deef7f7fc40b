import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { User } from '../db/schema.ts';
import { findBadText } from '../http/text-guard.ts';
import { version } from '../version.ts';
import * as mcp from './service.ts';

/** Who is calling, resolved again on every call so a revoked token stops working at once. */
export type Caller = () => Promise<User>;

/** Text fields refuse NUL and unpaired surrogates like every HTTP field; SQL is left to the guard, which records the refusal. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => findBadText(value) === undefined, 'must not contain NUL characters or unpaired surrogates');

const connection = text(200).describe('The database: its name or id, as list_databases gives them');

function result(structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
}

const readOnly = { readOnlyHint: true, openWorldHint: false } as const;

/**
 * AskDB's MCP server for one caller: five tools and the insight documents as resources. It holds no
 * state of its own, so one is built per HTTP request (or once per stdio process).
 */
export function createMcpServer(ctx: AppContext, caller: Caller, links: mcp.Links): McpServer {
  const server = new McpServer(
    { name: 'askdb', title: 'AskDB', version },
    {
      instructions:
        'AskDB answers questions about PostgreSQL databases from what it learned analysing them. Start with list_databases; ' +
        'use ask for questions in plain language (it writes and runs one read-only query); search_schema and describe_table show ' +
        'tables, columns and stored values; run_sql runs your own read-only SELECT.',
    },
  );
  const userId = async () => (await caller()).id;

  server.registerTool(
    'list_databases',
    {
      title: 'List databases',
      description:
        'The databases you may use, with your permission on each (chat: ask questions; view: also schema details and run_sql; owner: everything) and whether analysis is done.',
      inputSchema: {},
      annotations: readOnly,
    },
    async () => result({ databases: await mcp.listDatabases(ctx, await userId()) }),
  );

  server.registerTool(
    'search_schema',
    {
      title: 'Search the schema',
      description:
        'Find the tables, columns and stored values (terms) that match words or a question, and how those tables join. Needs view permission. Use it to learn the vocabulary before writing SQL.',
      inputSchema: { connection, query: text(500).describe('Words or a question, e.g. "revenue by store in Berlin"') },
      annotations: readOnly,
    },
    async (args) => result(await mcp.searchSchema(ctx, await userId(), args.connection, args.query)),
  );

  server.registerTool(
    'ask',
    {
      title: 'Ask a question',
      description:
        'Ask a question in plain language. AskDB writes one read-only SQL query, runs it and answers with the SQL, columns, the first rows, ' +
        'an explanation and a link to the chat. kind is "query" when it answered with rows; otherwise read answer (and options, when it ' +
        'asks you to choose). Pass session_id from an earlier answer to ask a follow-up.',
      inputSchema: {
        connection,
        question: text(2000).describe('The question, e.g. "How many orders were placed last month?"'),
        session_id: z.uuid().optional().describe('Continue this chat session (from an earlier answer)'),
      },
      annotations: { ...readOnly, idempotentHint: false },
    },
    async (args, extra) =>
      result(
        await mcp.askQuestion(ctx, links, await userId(), {
          connection: args.connection,
          question: args.question,
          sessionId: args.session_id,
          signal: extra.signal,
        }),
      ),
  );

  server.registerTool(
    'run_sql',
    {
      title: 'Run SQL',
      description:
        'Run one read-only PostgreSQL SELECT (view or owner permission). Anything else (writes, several statements, unsafe functions) is refused with the reason. A LIMIT is applied.',
      inputSchema: {
        connection,
        sql: z.string().min(1).max(100_000).describe('One SELECT statement'),
        max_rows: z
          .number()
          .int()
          .min(1)
          .max(1000)
          .optional()
          .describe(`Most rows to return (default ${mcp.DEFAULT_SQL_ROWS})`),
      },
      annotations: readOnly,
    },
    async (args, extra) =>
      result(
        await mcp.runSql(ctx, await userId(), {
          connection: args.connection,
          sql: args.sql,
          maxRows: args.max_rows,
          signal: extra.signal,
        }),
      ),
  );

  server.registerTool(
    'describe_table',
    {
      title: 'Describe a table',
      description:
        "Everything AskDB learned about one table: columns with types, keys and references, how each column is indexed (strategy), its known values, and the table's document. Needs view permission.",
      inputSchema: { connection, table: text(200).describe('The table, as "table" or "schema.table"') },
      annotations: readOnly,
    },
    async (args) => result(await mcp.describeTable(ctx, await userId(), args.connection, args.table)),
  );

  server.registerResource(
    'table-document',
    new ResourceTemplate('askdb://connections/{id}/tables/{table}', {
      list: async () => ({ resources: await mcp.listTableDocuments(ctx, await userId()) }),
    }),
    {
      title: 'Table document',
      description: "AskDB's insight document of one table (view permission)",
      mimeType: 'text/markdown',
    },
    async (_uri, variables) => {
      const one = (v: string | string[] | undefined) => decodeURIComponent(Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
      const doc = await mcp.readTableDocument(ctx, await userId(), one(variables.id), one(variables.table));
      return { contents: [{ uri: doc.uri, mimeType: 'text/markdown', text: doc.text }] };
    },
  );

  return server;
}
