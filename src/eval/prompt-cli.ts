import path from 'node:path';
import { parseArgs } from 'node:util';
import { eq, or } from 'drizzle-orm';
import { promptFor } from '../agent/prompt.ts';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { connections } from '../db/schema.ts';
import { createEmbedder } from '../llm/index.ts';
import { KnowledgeCache } from '../retrieval/knowledge-cache.ts';

const promptUsage = `Usage: askdb prompt --connection ID|NAME [--json] "question"

Prints the exact messages the LLM would receive to write the SQL for the question on an analysed
connection of this AskDB (its app database: DATABASE_URL, or the embedded one in DATA_DIR), whether
or not an LLM is configured and whether or not the built-in engine would answer alone. --json prints
one line {"id","messages":[{"role","content"}]}, as askdb eval --prompts-out writes them.`;

export class PromptUsageError extends Error {}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `askdb prompt`: what the model would be told, for people debugging their setup. */
export async function runPrompt(argv: string[], config: Config): Promise<void> {
  const { values: args, positionals } = parseArgs({
    args: argv,
    options: { connection: { type: 'string' }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  const question = positionals.join(' ').trim();
  if (!args.connection || !question) throw new PromptUsageError(promptUsage);
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    embeddedPath: path.join(config.dataDir, 'app'),
  });
  try {
    await database.migrate();
    const wanted = args.connection;
    const found = await database.db
      .select()
      .from(connections)
      .where(
        uuid.test(wanted) ? or(eq(connections.id, wanted), eq(connections.name, wanted)) : eq(connections.name, wanted),
      );
    if (found.length === 0) throw new PromptUsageError(`No connection has the id or name "${wanted}".`);
    if (found.length > 1)
      throw new PromptUsageError(
        `${found.length} connections are named "${wanted}"; give its id: ${found.map((c) => c.id).join(', ')}`,
      );
    const connection = found[0]!;
    if (!connection.lastAnalyzedAt)
      throw new PromptUsageError(`${connection.name} has not been analysed yet (${connection.status}).`);
    const messages = await promptFor(
      { db: database.db, embedder: createEmbedder(config), knowledge: new KnowledgeCache(database.db) },
      connection,
      question,
    );
    if (args.json) console.log(JSON.stringify({ id: connection.id, messages }));
    else console.log(messages.map((m) => `--- ${m.role} ---\n${m.content}`).join('\n\n'));
  } finally {
    await database.close();
  }
}
