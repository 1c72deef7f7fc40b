import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import { register } from '../auth/service.ts';
import { ask } from '../chat/ask.ts';
import { loadConfig, type Config } from '../config.ts';
import { createConnection } from '../connections/service.ts';
import { parseConnectionUrl } from '../connections/url.ts';
import { connections, type Connection } from '../db/schema.ts';
import { evaluate, formatReport, parseQuestions } from '../engine/eval.ts';
import type { DatabaseModel } from '../intelligence/model.ts';
import { createLogger } from '../logger.ts';
import { loadModel } from '../retrieval/knowledge.ts';
import { valueLookup } from '../retrieval/knowledge.ts';
import { openRuntime } from '../runtime.ts';

export const evalUsage = `Usage: askdb eval --questions FILE.jsonl --db-url 'postgres://user@host:5432/bench_{db}' --out predictions.jsonl [--provider builtin|ollama|openai]

Analyses each database named in the file (once per run), answers every question through the same
agent the chat uses, and writes {"id","sql","confidence","ms"} per line. When the file has gold
queries it also prints execution accuracy, precision over answered questions and latency.`;

class EvalUsageError extends Error {}

/**
 * `askdb eval`: an in-memory AskDB (embedded app database, its own worker) connected to each
 * benchmark database, asked every question. Exits non-zero only when something crashes.
 */
export async function runEval(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { values: args } = parseArgs({
    args: argv,
    options: { questions: { type: 'string' }, 'db-url': { type: 'string' }, out: { type: 'string' }, provider: { type: 'string' } },
    strict: true,
  });
  if (!args.questions || !args['db-url'] || !args.out) throw new EvalUsageError(evalUsage);
  if (!args['db-url'].includes('{db}')) throw new EvalUsageError(`--db-url must contain {db}, the place of each database's name\n\n${evalUsage}`);
  const questions = parseQuestions(readFileSync(args.questions, 'utf8'));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'askdb-eval-'));
  const config: Config = loadConfig({
    ...env,
    DATABASE_URL: '',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    MAX_ROWS: '100000',
    ...(args.provider ? { LLM_PROVIDER: args.provider } : {}),
  });
  const log = createLogger(config) as FastifyBaseLogger;
  const runtime = await openRuntime(config, { log, worker: true, database: undefined });
  const { ctx } = runtime;
  const pools = new Map<string, pg.Pool>();
  const byModel = new Map<DatabaseModel, Connection>();
  const out: string[] = [];
  try {
    const user = await register(ctx, { username: 'eval', email: 'eval@askdb.local', password: 'evaluation-only' });
    const connectionFor = new Map<string, Promise<Connection>>();
    const connect = (db: string) => {
      let pending = connectionFor.get(db);
      if (!pending) {
        pending = (async () => {
          const url = args['db-url']!.replaceAll('{db}', db);
          const created = await createConnection(ctx, user.id, { ...parseConnectionUrl(url), name: db }, { skipTest: false });
          return waitUntilAnalysed(ctx.db, created.id);
        })();
        connectionFor.set(db, pending);
      }
      return pending;
    };
    const report = await evaluate(questions, {
      model: async (db) => {
        const connection = await connect(db);
        const model = await loadModel(ctx.db, connection);
        byModel.set(model, connection);
        return model;
      },
      values: (db, model) => valueLookup(ctx.db, byModel.get(model)!.id),
      run: async (db, sql) => {
        let pool = pools.get(db);
        if (!pool) {
          pool = new pg.Pool({ connectionString: args['db-url']!.replaceAll('{db}', db), max: 2 });
          pools.set(db, pool);
        }
        const client = await pool.connect();
        try {
          await client.query("BEGIN READ ONLY; SET LOCAL statement_timeout = '30s'");
          return (await client.query({ text: sql, rowMode: 'array' })).rows as unknown[][];
        } finally {
          await client.query('ROLLBACK').catch(() => {});
          client.release();
        }
      },
      answer: async (question, model) => {
        const connection = byModel.get(model)!;
        const message = await ask(ctx, { userId: user.id, connectionId: connection.id, question, explainMode: 'query' });
        return { sql: message.kind === 'query' ? message.sql : null, confidence: message.confidence ?? (message.kind === 'query' ? 1 : 0) };
      },
      write: (line) => out.push(line),
    });
    writeFileSync(args.out, out.length ? `${out.join('\n')}\n` : '');
    const scored = questions.some((q) => q.gold && q.gold.length > 0);
    console.log(scored ? formatReport(report, `askdb eval (${config.LLM_PROVIDER})`) : `Wrote ${out.length} predictions to ${args.out}`);
  } finally {
    await Promise.all([...pools.values()].map((p) => p.end()));
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function waitUntilAnalysed(db: import('../db/client.ts').Db, id: string): Promise<Connection> {
  for (;;) {
    const [connection] = await db.select().from(connections).where(eq(connections.id, id));
    if (!connection) throw new Error('connection vanished');
    if (connection.status === 'ready') return connection;
    if (connection.status === 'error') throw new Error(`Analysis of ${connection.database} failed: ${connection.statusMessage}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export { EvalUsageError };
