/**
 * What the MCP tools and resources do, as plain functions over the same services as the HTTP routes:
 * access through connections/access.ts, questions through the chat agent, SQL through the guard and
 * the read-only executor. Every function takes the caller's user id and checks their permission.
 */
import { ask } from '../chat/ask.ts';
import { presentMessage } from '../chat/present.ts';
import { authorize, permits } from '../connections/access.ts';
import { listConnections } from '../connections/service.ts';
import type { AppContext } from '../context.ts';
import type { TableInsight } from '../db/schema.ts';
import { Conflict, Invalid, NotFound } from '../errors.ts';
import { presentInsight } from '../intelligence/present.ts';
import { findInsight, listInsights } from '../intelligence/service.ts';
import { executeSqlQuery } from '../query/service.ts';
import { retrieveContext } from '../retrieval/context.ts';

/** Rows an answer or a query gives back to an MCP client: enough to read, small enough for a model's context. */
const ROWS_SHOWN = 20;
export const DEFAULT_SQL_ROWS = 50;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Links {
  /** Where people open AskDB in a browser, without a trailing slash. */
  baseUrl: string;
}

/** The answer in its chat, as the UI addresses it (/db/:id/chat/:session#m-:message). */
function chatLink(links: Links, connectionId: string, sessionId: string, messageId: string): string {
  return `${links.baseUrl}/db/${connectionId}/chat/${sessionId}#m-${messageId}`;
}

function tableUri(connectionId: string, table: { schema: string; table: string }): string {
  const name = table.schema === 'public' ? table.table : `${table.schema}.${table.table}`;
  return `askdb://connections/${connectionId}/tables/${encodeURIComponent(name)}`;
}

/**
 * A connection the user may use, named by its id or its name (case-insensitive). Names are not unique:
 * two with the same name are refused, naming their ids.
 */
async function resolveConnection(ctx: Pick<AppContext, 'db'>, userId: string, ref: string): Promise<string> {
  const wanted = ref.trim();
  if (uuid.test(wanted)) return wanted;
  const mine = await listConnections(ctx, userId);
  const named = mine.filter((c) => c.connection.name === wanted);
  const found = named.length > 0 ? named : mine.filter((c) => c.connection.name.toLowerCase() === wanted.toLowerCase());
  if (found.length === 1) return found[0]!.connection.id;
  if (found.length > 1)
    throw new Invalid(
      `Several databases are named "${wanted}"; use one of their ids: ${found.map((c) => c.connection.id).join(', ')}`,
    );
  throw new NotFound(`No database named "${wanted}" is available to you (list_databases shows them)`);
}

export async function listDatabases(ctx: Pick<AppContext, 'db'>, userId: string) {
  return (await listConnections(ctx, userId)).map(({ connection, permission }) => ({
    id: connection.id,
    name: connection.name,
    description: connection.description,
    database: connection.database,
    permission,
    status: connection.status,
    analysis_progress: connection.analysisProgress,
    ready: connection.lastAnalyzedAt !== null,
    can_run_sql: permits(permission, 'run-sql'),
    can_read_schema: permits(permission, 'read-intelligence'),
  }));
}

/** What retrieval finds for a phrase: the tables (and why), their columns, the stored values it names, and how the tables join. */
export async function searchSchema(ctx: AppContext, userId: string, ref: string, query: string) {
  const { connection } = await authorize(ctx, userId, await resolveConnection(ctx, userId, ref), 'read-intelligence');
  if (!connection.lastAnalyzedAt) throw notAnalysed(connection);
  const model = await ctx.knowledge.model(connection);
  const context = await retrieveContext(ctx, connection.id, model, query);
  const shown = new Map(context.described.map((d) => [`${d.table.schema}.${d.table.name}`, d]));
  return {
    connection: { id: connection.id, name: connection.name },
    tables: context.tables.map((t) => ({
      table: t.schema === 'public' ? t.table : `${t.schema}.${t.table}`,
      summary: t.summary,
      score: t.score,
      reasons: t.reasons,
      columns: (shown.get(`${t.schema}.${t.table}`)?.table.columns ?? []).map((c) => ({
        name: c.name,
        type: c.dataType,
        primary_key: c.isPrimaryKey,
        ...(c.comment ? { comment: c.comment } : {}),
      })),
    })),
    terms: context.values.map((v) => ({
      value: v.value,
      table: v.schema === 'public' ? v.table : `${v.schema}.${v.table}`,
      column: v.column,
      match: v.match,
    })),
    joins: context.joinPaths,
  };
}

/** Everything analysis learned about one table: columns, keys, strategies, values and its document. */
export async function describeTable(ctx: Pick<AppContext, 'db'>, userId: string, ref: string, table: string) {
  const { connection } = await authorize(ctx, userId, await resolveConnection(ctx, userId, ref), 'read-intelligence');
  return describeInsight(connection.id, await findInsight(ctx, connection.id, table));
}

function describeInsight(connectionId: string, insight: TableInsight) {
  const { id: _id, updated_at: _updated, ...rest } = presentInsight(insight);
  return { connection_id: connectionId, uri: tableUri(connectionId, rest), ...rest };
}

/** Asks a question in a chat session (a new one unless `sessionId`), as the chat route does, and links to it. */
export async function askQuestion(
  ctx: AppContext,
  links: Links,
  userId: string,
  input: { connection: string; question: string; sessionId?: string; signal?: AbortSignal },
) {
  const connectionId = await resolveConnection(ctx, userId, input.connection);
  const message = presentMessage(
    await ask(ctx, {
      userId,
      connectionId,
      question: input.question,
      sessionId: input.sessionId,
      explainMode: 'query',
      via: 'mcp',
      signal: input.signal,
    }),
  );
  return {
    kind: message.kind,
    answer: message.answer,
    sql: message.sql,
    columns: message.columns,
    rows: message.rows?.slice(0, ROWS_SHOWN) ?? null,
    row_count: message.row_count,
    rows_shown: Math.min(message.rows?.length ?? 0, ROWS_SHOWN),
    truncated: message.truncated || (message.rows?.length ?? 0) > ROWS_SHOWN,
    explanation: message.explanation,
    /** When AskDB asks back (kind clarify): the readings to choose from, each a question to ask next. */
    options: message.options,
    session_id: message.session_id,
    message_id: message.message_id,
    link: chatLink(links, connectionId, message.session_id, message.message_id),
  };
}

/** Runs one read-only SELECT through the guard and the executor, as POST /connections/{id}/sql does (view permission). */
export async function runSql(
  ctx: AppContext,
  userId: string,
  input: { connection: string; sql: string; maxRows?: number; signal?: AbortSignal },
) {
  const connectionId = await resolveConnection(ctx, userId, input.connection);
  const result = await executeSqlQuery(ctx, {
    userId,
    connectionId,
    sql: input.sql,
    source: 'user',
    via: 'mcp',
    maxRows: input.maxRows ?? DEFAULT_SQL_ROWS,
    signal: input.signal,
  });
  return {
    sql: result.sql,
    columns: result.columns,
    rows: result.rows,
    row_count: result.row_count,
    truncated: result.truncated,
    truncated_reason: result.truncated_reason,
    execution_ms: result.execution_ms,
  };
}

/** The table documents of every analysed connection the user may read the schema of (view permission). */
export async function listTableDocuments(ctx: Pick<AppContext, 'db'>, userId: string) {
  const readable = (await listConnections(ctx, userId)).filter(
    (c) => permits(c.permission, 'read-intelligence') && c.connection.lastAnalyzedAt,
  );
  const out: { uri: string; name: string; description: string; mimeType: string }[] = [];
  for (const { connection } of readable) {
    const { items } = await listInsights(ctx, connection.id, { limit: 1000, offset: 0 });
    for (const insight of items) {
      const table = { schema: insight.schemaName, table: insight.tableName };
      out.push({
        uri: tableUri(connection.id, table),
        name: `${connection.name}: ${insight.schemaName === 'public' ? insight.tableName : `${insight.schemaName}.${insight.tableName}`}`,
        description: insight.summary,
        mimeType: 'text/markdown',
      });
    }
  }
  return out;
}

/** One table's insight document. */
export async function readTableDocument(
  ctx: Pick<AppContext, 'db'>,
  userId: string,
  connectionId: string,
  table: string,
) {
  if (!uuid.test(connectionId)) throw new NotFound('Connection not found');
  const { connection } = await authorize(ctx, userId, connectionId, 'read-intelligence');
  const insight = await findInsight(ctx, connection.id, table);
  return {
    uri: tableUri(connection.id, { schema: insight.schemaName, table: insight.tableName }),
    text: insight.document,
  };
}

function notAnalysed(connection: { status: string; analysisProgress: number }): Conflict {
  return new Conflict(
    `This database has not been analysed yet (${connection.status}, ${connection.analysisProgress}%); try again when it is ready.`,
  );
}
